//! Finding the column of a CSV field for a diagnostic. Only called when there is an error to
//! report, so it may re-read the file; the reader itself never keeps lines around.

use crate::diag::Pos;

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
