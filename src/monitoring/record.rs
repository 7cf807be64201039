//! One record of a monitoring file, as the row reader sees it: the bytes of its fields. A
//! record of a CSV line without quotes is that line, copied once, with where each field starts
//! and ends ([`super::tokenizer`]); any other (a quoted CSV record, a workbook's row) is its
//! fields one after the other.

use std::borrow::Cow;

/// The fields of one record.
#[derive(Debug, Default, Clone)]
pub struct Record {
    /// The bytes the fields are cut from.
    bytes: Vec<u8>,
    /// Where each field starts and ends in `bytes`.
    bounds: Vec<(usize, usize)>,
    /// Whether `bytes` holds more than the fields (the commas between them).
    line: bool,
}

impl Record {
    pub fn new() -> Self {
        Self::default()
    }

    /// A record of these fields.
    pub fn from_fields(fields: &[&[u8]]) -> Self {
        let mut r = Self::new();
        for f in fields {
            r.push_field(f);
        }
        r
    }

    /// No fields.
    #[inline]
    pub fn clear(&mut self) {
        self.bytes.clear();
        self.bounds.clear();
        self.line = false;
    }

    /// Add a field after the last.
    pub fn push_field(&mut self, field: &[u8]) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(field);
        self.bounds.push((start, self.bytes.len()));
    }

    /// Add a field of the line that [`Record::set_line`] will copy: bytes `start..end` of it.
    #[inline]
    pub(super) fn push_bounds(&mut self, start: usize, end: usize) {
        self.bounds.push((start, end));
    }

    /// The line whose fields [`Record::push_bounds`] gave.
    #[inline]
    pub(super) fn set_line(&mut self, line: &[u8]) {
        self.bytes.clear();
        self.bytes.extend_from_slice(line);
        self.line = true;
    }

    /// How many fields.
    #[inline]
    pub fn len(&self) -> usize {
        self.bounds.len()
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.bounds.is_empty()
    }

    /// Field `k`.
    #[inline]
    pub fn get(&self, k: usize) -> Option<&[u8]> {
        let &(s, e) = self.bounds.get(k)?;
        self.bytes.get(s..e)
    }

    /// Every field in turn.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        self.bounds.iter().map(|&(s, e)| self.bytes.get(s..e).unwrap_or_default())
    }

    /// Whether the record has nothing in it: every field empty or blank.
    #[inline]
    pub fn is_blank(&self) -> bool {
        self.iter().all(|f| f.iter().all(u8::is_ascii_whitespace))
    }

    /// Whether every byte of the fields is ASCII.
    #[inline]
    pub fn is_ascii(&self) -> bool {
        // The commas between the fields of a line are ASCII too.
        self.bytes.is_ascii()
    }

    /// The fields' bytes one after the other (as the csv crate's `ByteRecord::as_slice`).
    pub fn joined(&self) -> Cow<'_, [u8]> {
        if self.line { Cow::Owned(self.iter().flatten().copied().collect()) } else { Cow::Borrowed(&self.bytes) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_and_its_fields_read_as_pushed_fields() {
        let mut line = Record::new();
        line.push_bounds(0, 10);
        line.push_bounds(11, 15);
        line.push_bounds(16, 16);
        line.set_line(b"2021-01-31,PV01,");
        let pushed = Record::from_fields(&[b"2021-01-31", b"PV01", b""]);
        for r in [&line, &pushed] {
            assert_eq!(r.len(), 3);
            assert_eq!(r.get(1), Some(&b"PV01"[..]));
            assert_eq!(r.get(3), None);
            assert_eq!(r.iter().collect::<Vec<_>>(), vec![&b"2021-01-31"[..], b"PV01", b""]);
            assert_eq!(&*r.joined(), b"2021-01-31PV01");
            assert!(!r.is_blank() && r.is_ascii());
        }
        assert!(Record::from_fields(&[b" ", b"", b"\t"]).is_blank());
        // A character cut in two by a comma is whole in the joined fields.
        let mut cut = Record::new();
        cut.push_bounds(0, 1);
        cut.push_bounds(2, 3);
        cut.set_line(b"\xc3,\xa9");
        assert!(!cut.is_ascii());
        assert_eq!(std::str::from_utf8(&cut.joined()), Ok("é"));
        cut.clear();
        assert!(cut.is_empty() && cut.is_blank());
    }
}
