//! The house table, drawn by hand: the exact bytes comfy-table draws with its
//! `UTF8_FULL_CONDENSED` preset and no content arrangement (every column as wide as its widest
//! line, one space of padding each side, `┆` between cells, `═` under the header, no rule
//! between rows), in one pass into one string.
//!
//! Why not comfy-table itself: it builds a `String` per cell line, per padding and per border
//! piece, and a portfolio run draws several tables for each of thousands of projects, so that
//! drawing them was about half of `jcm calc DIR` (issue 13). A test renders the same tables
//! through comfy-table and compares the bytes, so the two cannot drift apart.
//!
//! What it keeps from comfy-table: a cell's text is split into lines at `\n` (a row is as tall
//! as its tallest cell; a short cell is blank below), widths are Unicode display widths
//! (`unicode-width`), an empty column is one character wide, a row shorter than the header is
//! padded with blank cells and a longer one adds columns (left-aligned, with no heading). It never wraps:
//! the house tables do not.

use std::fmt;
use unicode_width::UnicodeWidthStr;

/// A table with the house style; build it with [`super::words::new_table`].
#[derive(Debug, Clone, Default)]
pub struct Grid {
    header: Vec<String>,
    /// Right-aligned columns (numbers), by index.
    right: Vec<usize>,
    rows: Vec<Vec<String>>,
}

impl Grid {
    /// A table with these headings; the columns listed in `right` are right-aligned.
    pub fn new(header: &[&str], right: &[usize]) -> Grid {
        Grid { header: header.iter().map(|h| (*h).to_string()).collect(), right: right.to_vec(), rows: Vec::new() }
    }

    /// Add a row of cells.
    pub fn add_row<T: Into<String>>(&mut self, cells: impl IntoIterator<Item = T>) -> &mut Grid {
        self.rows.push(cells.into_iter().map(Into::into).collect());
        self
    }

    /// Draw the table into `out`, without a final newline (as comfy-table's `Display` does).
    pub fn write_into(&self, out: &mut String) {
        let columns = std::iter::once(&self.header).chain(&self.rows).map(Vec::len).max().unwrap_or(0);
        // Each column's content width: its widest line, at least 1.
        let mut widths = vec![1usize; columns];
        for row in std::iter::once(&self.header).chain(&self.rows) {
            for (w, cell) in widths.iter_mut().zip(row) {
                for line in cell.split('\n') {
                    *w = (*w).max(width(line));
                }
            }
        }
        // Only a heading's column can be right-aligned: one added by a longer row is left-aligned.
        let right: Vec<bool> = (0..columns).map(|i| i < self.header.len() && self.right.contains(&i)).collect();
        let rule = |out: &mut String, left: char, fill: char, cross: char, end: char| {
            out.push(left);
            for (i, w) in widths.iter().enumerate() {
                if i > 0 {
                    out.push(cross);
                }
                let mut bytes = [0; 4];
                let fill = fill.encode_utf8(&mut bytes);
                for _ in 0..w + 2 {
                    out.push_str(fill);
                }
            }
            out.push(end);
        };
        rule(out, '┌', '─', '┬', '┐');
        out.push('\n');
        draw_row(out, &self.header, &widths, &right);
        out.push('\n');
        rule(out, '╞', '═', '╪', '╡');
        for row in &self.rows {
            out.push('\n');
            draw_row(out, row, &widths, &right);
        }
        out.push('\n');
        rule(out, '└', '─', '┴', '┘');
    }
}

/// One row: as many lines as its tallest cell, lines joined by `\n` (none after the last).
fn draw_row(out: &mut String, row: &[String], widths: &[usize], right: &[bool]) {
    let height = row.iter().map(|c| c.split('\n').count()).max().unwrap_or(1).max(1);
    for line in 0..height {
        if line > 0 {
            out.push('\n');
        }
        out.push('│');
        for (i, &w) in widths.iter().enumerate() {
            if i > 0 {
                out.push('┆');
            }
            // A missing cell, or a cell with fewer lines than the row: blank.
            let text = row.get(i).and_then(|c| c.split('\n').nth(line)).unwrap_or("");
            let pad = w - width(text);
            out.push(' ');
            if right[i] {
                spaces(out, pad);
                out.push_str(text);
            } else {
                out.push_str(text);
                spaces(out, pad);
            }
            out.push(' ');
        }
        out.push('│');
    }
}

fn spaces(out: &mut String, mut n: usize) {
    const SPACES: &str = "                                ";
    while n > 0 {
        let k = n.min(SPACES.len());
        out.push_str(&SPACES[..k]);
        n -= k;
    }
}

/// A line's display width: its length when it is printable ASCII (one column a byte, by far
/// the most common cell), else as `unicode-width` measures it.
fn width(line: &str) -> usize {
    if line.bytes().all(|b| (b' '..=b'~').contains(&b)) { line.len() } else { line.width() }
}

impl fmt::Display for Grid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        self.write_into(&mut s);
        f.write_str(&s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

    /// The same table drawn by comfy-table, set up as the house table was before this module.
    fn comfy(header: &[&str], right: &[usize], rows: &[Vec<&str>]) -> String {
        let mut t = Table::new();
        t.load_preset(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Disabled).set_header(header.to_vec());
        for &i in right {
            if let Some(c) = t.column_mut(i) {
                c.set_cell_alignment(CellAlignment::Right);
            }
        }
        for r in rows {
            t.add_row(r.clone());
        }
        t.to_string()
    }

    fn ours(header: &[&str], right: &[usize], rows: &[Vec<&str>]) -> String {
        let mut t = Grid::new(header, right);
        for r in rows {
            t.add_row(r.iter().copied());
        }
        t.to_string()
    }

    #[test]
    fn draws_the_bytes_comfy_table_draws() {
        type Case<'a> = (Vec<&'a str>, Vec<usize>, Vec<Vec<&'a str>>);
        let cases: Vec<Case<'_>> = vec![
            (vec!["Period", "Credits"], vec![1], vec![vec!["Y2021", "4,974"], vec!["Total", "10,216"]]),
            (vec!["A", "B"], vec![], vec![]),
            (vec!["", "RE"], vec![1], vec![vec!["", ""], vec!["x", ""]]),
            (vec!["Wide header", "n"], vec![0, 1], vec![vec!["a", "1"]]),
            (vec!["Name", "Value"], vec![1], vec![vec!["two\nlines", "1"], vec!["one", "2\n3\n4"]]),
            (vec!["Unicode", "n"], vec![1], vec![vec!["Česká republika · 日本", "1"], vec!["…", "12"], vec!["e\u{301}", "0"]]),
            (vec!["Short", "row"], vec![1], vec![vec!["only one"]]),
            (vec!["Long"], vec![1, 7], vec![vec!["row", "adds", "columns"], vec!["x"]]),
            (vec!["Trailing", "newline"], vec![], vec![vec!["end\n", ""]]),
            (vec!["4,974.342012…", "Vintages"], vec![0], vec![vec!["0", "2021: 4,974\n2022: 5,242"]]),
        ];
        for (h, r, rows) in &cases {
            assert_eq!(ours(h, r, rows), comfy(h, r, rows), "{h:?} {r:?} {rows:?}");
        }
    }

    proptest::proptest! {
        /// Any cells (wide and combining characters, line breaks, empty cells, ragged rows).
        #[test]
        fn any_table_draws_as_comfy_table_does(
            header in proptest::collection::vec("[a-z é日…\u{301}]{0,6}", 1..5),
            right in proptest::collection::vec(0usize..6, 0..4),
            rows in proptest::collection::vec(proptest::collection::vec("[a-z0-9 ,.é日…\u{301}\n]{0,8}", 0..6), 0..5),
        ) {
            let h: Vec<&str> = header.iter().map(String::as_str).collect();
            let r: Vec<Vec<&str>> = rows.iter().map(|row| row.iter().map(String::as_str).collect()).collect();
            proptest::prop_assert_eq!(ours(&h, &right, &r), comfy(&h, &right, &r));
        }
    }
}
