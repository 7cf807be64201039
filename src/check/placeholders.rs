//! `TODO` placeholders: `jcm new` writes one into project.toml for every value to take from the
//! PDD (in the value, `title = "TODO: …"`, or in the comment after it), so a project that still
//! holds one has a value nobody has checked. A whole-line comment is the file's own guidance
//! ("Replace every TODO …"), not a placeholder.

use crate::diag::{Code, Diagnostic, Source};

/// One warning per line of project.toml that still holds a `TODO`, pointing at it.
pub fn check(src: &Source) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in src.text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if line.trim_start().starts_with('#') {
            continue;
        }
        let Some(at) = find_word(line, "TODO") else { continue };
        let key = line.split_once('=').map(|(k, _)| k.trim()).filter(|k| !k.is_empty() && !k.contains('#'));
        let what = match key {
            Some(k) => format!("`{k}` still holds the `TODO` placeholder that `jcm new` wrote"),
            None => "this line still holds a `TODO` placeholder that `jcm new` wrote".into(),
        };
        out.push(
            Diagnostic::new(Code::Placeholder, what)
                .at(src, start + at..start + at + 4)
                .hint("put in the value from the PDD, then delete the `TODO` (in the comment too)"),
        );
    }
    out
}

/// The byte offset of `word` in `line` where it stands as a word of its own.
fn find_word(line: &str, word: &str) -> Option<usize> {
    line.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before = line[..i].chars().next_back();
        let after = line[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_on_key_lines_only() {
        let text = "# Replace every TODO with your values\n[project]\nid = \"x\"  # TODO: the reference number\n\
                    title = \"TODO: a title\"\nnote = \"TODOS and MASTODON are words\"\n";
        let found = check(&Source::new("p.toml", text));
        let at: Vec<(usize, usize, &str)> =
            found.iter().map(|d| (d.pos.as_ref().unwrap().line, d.pos.as_ref().unwrap().col, d.message.as_str())).collect();
        assert_eq!(
            at,
            [
                (3, 13, "`id` still holds the `TODO` placeholder that `jcm new` wrote"),
                (4, 10, "`title` still holds the `TODO` placeholder that `jcm new` wrote")
            ]
        );
    }
}
