//! The file access the monitoring reader is handed ([`Files`]): the reader, the encoding sniff,
//! the workbook reader, the headings of a new file and the locator that quotes a line for a
//! diagnostic open nothing themselves. The pipeline hands them its files
//! (`pipeline::files::Disk`), so the one place that touches the file system is known, and a test
//! can see every file a run opens.

use std::fs::File;
use std::io;
use std::path::Path;

/// Where the monitoring reader's files come from.
pub trait Files: Sync {
    /// `path` opened for reading, and its length in bytes as the file system gives it (a FIFO's is
    /// 0); the reader sizes its buffer and decides whether to hash on a thread of its own by it.
    fn open(&self, path: &Path) -> io::Result<(File, u64)>;

    /// The whole of `path` (a workbook, read at once).
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;

    /// Whether `path` is a regular file, the only kind opened a second time: what a FIFO or a
    /// device gave cannot be read again, and a second open may block for ever.
    fn is_regular(&self, path: &Path) -> bool;
}

/// For tests: a [`Files`] that writes down every path opened or read, and hands the call on
/// (or refuses it).
#[cfg(test)]
pub mod seen {
    use super::Files;
    use std::fs::File;
    use std::io;
    use std::path::{Path, PathBuf};
    use std::sync::Mutex;

    pub struct Seen<'f> {
        inner: &'f dyn Files,
        refuse: bool,
        opened: Mutex<Vec<PathBuf>>,
    }

    impl<'f> Seen<'f> {
        /// Every call handed on to `inner`.
        pub fn new(inner: &'f dyn Files) -> Self {
            Seen { inner, refuse: false, opened: Mutex::new(Vec::new()) }
        }

        /// Every open and read refused.
        pub fn refusing(inner: &'f dyn Files) -> Self {
            Seen { refuse: true, ..Self::new(inner) }
        }

        /// The paths opened or read, in order.
        pub fn opened(&self) -> Vec<PathBuf> {
            self.opened.lock().expect("not poisoned").clone()
        }

        fn note(&self, path: &Path) -> io::Result<()> {
            self.opened.lock().expect("not poisoned").push(path.to_path_buf());
            if self.refuse { Err(io::Error::new(io::ErrorKind::PermissionDenied, "refused")) } else { Ok(()) }
        }
    }

    impl Files for Seen<'_> {
        fn open(&self, path: &Path) -> io::Result<(File, u64)> {
            self.note(path)?;
            self.inner.open(path)
        }

        fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
            self.note(path)?;
            self.inner.read(path)
        }

        fn is_regular(&self, path: &Path) -> bool {
            self.inner.is_regular(path)
        }
    }
}
