//! Input as a message quotes it: escaped and cut short. The engine quotes the text of a number
//! it cannot read; the front end's diagnostics quote cells, names and lines the same way.

/// How many characters of a cell, a name or a word a message quotes.
pub const EXCERPT: usize = 60;

/// Input as a diagnostic may quote it: control characters escaped (`\n`, `\t`, `\u{1b}`),
/// bidirectional and invisible format characters and the replacement character that stands for
/// an undecodable byte escaped (`\u{202e}`, `\u{fffd}`), bytes that are not UTF-8 written as
/// `\xNN` (never dropped), and cut to at most `max_chars` characters, `…` marking the cut. A
/// message or a line of a diagnostic never carries input raw (a terminal escape, a 2 GB line),
/// whatever the file holds. The one function that quotes input.
pub fn escape_excerpt(input: impl AsRef<[u8]>, max_chars: usize) -> String {
    let mut out = String::new();
    let mut n = 0;
    // Add `piece` (`w` characters) unless it would pass the cut; `false` once cut.
    let mut push = |out: &mut String, piece: &str, w: usize| {
        if n + w > max_chars {
            out.push('…');
            return false;
        }
        out.push_str(piece);
        n += w;
        true
    };
    for chunk in input.as_ref().utf8_chunks() {
        for c in chunk.valid().chars() {
            // Printable ASCII stands for itself: pushed as it is, without a string of its own (a
            // file's column names are quoted for every file read).
            let fits = if (' '..='~').contains(&c) {
                push(&mut out, c.encode_utf8(&mut [0; 4]), 1)
            } else {
                let piece = escape_char(c);
                push(&mut out, &piece, piece.chars().count())
            };
            if !fits {
                return out;
            }
        }
        for b in chunk.invalid() {
            if !push(&mut out, &format!("\\x{b:02X}"), 4) {
                return out;
            }
        }
    }
    out
}

/// One character as [`escape_excerpt`] shows it.
pub fn escape_char(c: char) -> String {
    match c {
        '\n' => "\\n".into(),
        '\r' => "\\r".into(),
        '\t' => "\\t".into(),
        c if c.is_control() || c == '\u{fffd}' || ('\u{200b}'..='\u{200f}').contains(&c) || ('\u{2028}'..='\u{202e}').contains(&c) => {
            c.escape_unicode().to_string()
        }
        c => c.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character and byte through [`escape_char`], one string each: what
    /// [`escape_excerpt`] shows, by its definition.
    fn by_definition(input: &[u8], max_chars: usize) -> String {
        let mut out = String::new();
        let mut n = 0;
        for chunk in input.utf8_chunks() {
            let pieces = chunk.valid().chars().map(escape_char).chain(chunk.invalid().iter().map(|b| format!("\\x{b:02X}")));
            for piece in pieces {
                let w = piece.chars().count();
                if n + w > max_chars {
                    out.push('…');
                    return out;
                }
                out.push_str(&piece);
                n += w;
            }
        }
        out
    }

    #[test]
    fn plain_text_is_copied_and_everything_else_escaped_and_cut_as_defined() {
        let inputs: [&[u8]; 7] = [
            b"EG [kWh]",
            b"",
            b"tab\there\nnew \x1b[31m",
            "r\u{e9}sum\u{e9} \u{202e}x \u{fffd}".as_bytes(),
            b"bad \xff\xfe bytes ~",
            b"~ !",
            b"0123456789",
        ];
        for input in inputs {
            for max in [0, 1, 3, 4, 5, 8, 9, 10, 60, usize::MAX] {
                assert_eq!(escape_excerpt(input, max), by_definition(input, max), "{input:?} cut at {max}");
            }
        }
        assert_eq!(escape_excerpt("a\tb\u{1b}", 60), "a\\tb\\u{1b}");
    }
}
