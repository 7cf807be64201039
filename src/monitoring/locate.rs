//! Finding the column of a CSV field for a diagnostic, and the row problems of a file that wait
//! for it ([`Problems`]). Only called when there is an error to report, so it may re-read the
//! file; the reader itself never keeps lines around.

use crate::diag::{Code, Diagnostic, Diags, Pos};
use std::path::Path;

/// At most this many row problems are reported per file; the rest are counted.
const MAX_ROW_ERRORS: usize = 20;

/// Where a record starts: its byte offset and 1-based line.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    pub byte: u64,
    pub line: u64,
}

impl Place {
    /// The header line.
    pub const HEADER: Place = Place { byte: 0, line: 1 };

    /// A problem with field `field` of this record.
    pub fn problem(self, field: usize, code: Code, message: String, hint: Option<String>) -> Pending {
        Pending { place: self, field, code, message, hint }
    }
}

/// A row problem waiting for its column to be located.
#[derive(Debug)]
pub struct Pending {
    place: Place,
    field: usize,
    code: Code,
    message: String,
    hint: Option<String>,
}

/// The problems of one file: the first [`MAX_ROW_ERRORS`] kept, the rest counted, and all of
/// them located in one re-read at the end.
#[derive(Debug, Default)]
pub struct Problems {
    pending: Vec<Pending>,
    extra: usize,
}

impl Problems {
    pub fn push(&mut self, p: Pending) {
        if self.pending.len() < MAX_ROW_ERRORS {
            self.pending.push(p);
        } else {
            self.extra += 1;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Every problem as a diagnostic at its field of `path` (shown as `shown`).
    pub fn report(self, path: &Path, shown: &str, d: &mut Diags) {
        if self.pending.is_empty() {
            return;
        }
        let bytes = std::fs::read(path).unwrap_or_default();
        for p in self.pending {
            let pos = field_pos(&bytes, p.place.byte, p.place.line, p.field);
            let mut diag = Diagnostic::new(p.code, p.message).with_pos(shown, pos);
            if let Some(h) = p.hint {
                diag = diag.hint(h);
            }
            d.push(diag);
        }
        if self.extra > 0 {
            d.push(Diagnostic::new(Code::CsvSyntax, format!("… and {} more problems in {shown}", self.extra)).in_file(shown));
        }
    }
}

/// The position of field `field` of the record that starts at `byte` (1-based `line`).
pub fn field_pos(bytes: &[u8], byte: u64, line: u64, field: usize) -> Pos {
    let start = usize::try_from(byte).unwrap_or(0).min(bytes.len());
    let end = bytes[start..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| start + i);
    let text = String::from_utf8_lossy(&bytes[start..end]).trim_end_matches('\r').to_string();
    let (col, len) = field_span(&text, field);
    Pos { line: usize::try_from(line).unwrap_or(0), col, len, text: Some(text) }
}

/// 1-based character column and character length of a field in a CSV line, quotes respected.
pub fn field_span(line: &str, field: usize) -> (usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    let mut k = 0;
    let mut i = 0;
    let mut start = 0;
    let mut in_quotes = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            in_quotes = !in_quotes;
        } else if c == ',' && !in_quotes {
            if k == field {
                return (start + 1, (i - start).max(1));
            }
            k += 1;
            start = i + 1;
        }
        i += 1;
    }
    if k == field { (start + 1, (chars.len() - start).max(1)) } else { (chars.len() + 1, 1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_fields_with_quotes() {
        assert_eq!(field_span("2021-01-31,PV1,12x", 2), (16, 3));
        assert_eq!(field_span("2021-01-31,\"1,234\",x", 2), (20, 1));
        assert_eq!(field_span("a,,c", 1), (3, 1));
        assert_eq!(field_span("a,b", 5), (4, 1));
        let p = field_pos(b"date,EG\n2021-01-01,abc\r\n", 8, 2, 1);
        assert_eq!((p.line, p.col, p.len, p.text.as_deref()), (2, 12, 3, Some("2021-01-01,abc")));
    }
}
