//! How a diagnostic quotes its source: a line drawn with a marker under the span (wide
//! characters and escapes accounted for), excerpts with undecodable bytes escaped, and
//! spreadsheet column letters.

/// How many characters of a source line a diagnostic draws.
pub(super) const LINE_EXCERPT: usize = 120;

/// A source line as drawn (each character escaped as [`escape_excerpt`] does, a tab as one
/// space, cut around the marker when long, `…` marking a cut) with the display width before
/// the marked span (1-based character `col`, `len` characters) and the span's own width, so
/// that the marker stays under its text after wide (CJK) characters and escapes.
pub(super) fn marked_line(text: &str, col: usize, len: usize) -> (String, usize, usize) {
    use unicode_width::UnicodeWidthStr;
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let start = col.saturating_sub(1);
    let end = start.saturating_add(len);
    let (from, to) = if n <= LINE_EXCERPT {
        (0, n)
    } else {
        // A text quoted already escaped (`\x93`, `\u{0}`) is never cut inside an escape.
        let from = past_escape(&chars, start.min(n).saturating_sub(LINE_EXCERPT / 4)).min(start.min(n));
        (from, past_escape(&chars, (from + LINE_EXCERPT).min(n)))
    };
    let mut shown = String::with_capacity(4 * (to - from) + 6);
    if from > 0 {
        shown.push('…');
    }
    let (mut before, mut under) = (shown.width(), 0);
    for (i, &c) in chars[from..to].iter().enumerate() {
        let piece = if c == '\t' { " ".to_string() } else { escape_char(c) };
        let w = piece.width();
        if from + i < start {
            before += w;
        } else if from + i < end {
            under += w;
        }
        shown.push_str(&piece);
    }
    if start >= n {
        // A marker past the end of the line (a missing field) sits just after it.
        before = shown.width() + (start - n);
    }
    if to < n {
        shown.push('…');
    }
    (shown, before, under.clamp(1, LINE_EXCERPT))
}

/// `i`, or the end of the escape (`\xNN`, `\u{…}`) that `i` falls strictly inside of.
fn past_escape(chars: &[char], i: usize) -> usize {
    for j in (i.saturating_sub(10)..i).rev() {
        if chars[j] != '\\' {
            continue;
        }
        let end = match chars.get(j + 1) {
            Some('u') if chars.get(j + 2) == Some(&'{') => chars[j..].iter().position(|&c| c == '}').map_or(j + 2, |k| j + k + 1),
            Some('x') => j + 4,
            _ => j + 2,
        };
        return if end > i { end.min(chars.len()) } else { i };
    }
    i
}

/// Input as a diagnostic may quote it: control characters escaped (`\n`, `\t`, `\u{1b}`),
/// bidirectional and invisible format characters and the replacement character that stands for
/// an undecodable byte escaped (`\u{202e}`, `\u{fffd}`), bytes that are not UTF-8 written as
/// `\xNN` (never dropped), and cut to at most `max_chars` characters, `…` marking the cut. A
/// message or a line of a diagnostic never carries input raw (a terminal escape, a 2 GB line),
/// whatever the file holds. The one function that quotes input.
pub fn escape_excerpt(input: impl AsRef<[u8]>, max_chars: usize) -> String {
    let mut out = String::new();
    let mut n = 0;
    for chunk in input.as_ref().utf8_chunks() {
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

/// One character as [`escape_excerpt`] shows it.
fn escape_char(c: char) -> String {
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

/// Text the program wrote (a message, a hint, a location that may hold a file or sheet name) as
/// a diagnostic writes it to a terminal: escaped as [`escape_excerpt`] escapes, never cut.
pub(super) fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().all(|c| escape_char(c).len() == c.len_utf8()) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.chars().map(escape_char).collect())
}

/// The letters of a 1-based column number: 1 is `A`, 27 is `AA`.
pub fn column_letters(mut col: usize) -> String {
    let mut out = Vec::new();
    while col > 0 {
        let r = (col - 1) % 26;
        out.push(b'A' + u8::try_from(r).expect("a remainder of 26 fits a byte"));
        col = (col - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}
