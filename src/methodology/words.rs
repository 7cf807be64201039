//! Parameters that take words instead of numbers: the `categories` of a categorical monitored
//! parameter (the category of a day, recorded in the CSV) and the `choices` of an option (a
//! calculation option the project picks in [values]). Both are written as a table of
//! word → meaning, kept in file order so that explanations list them as the methodology does.

use crate::diag::{Code, Diagnostic, Diags, Source};
use crate::tomlx;
use std::collections::BTreeMap;
use toml::Spanned;

/// `{ grid = "the national grid was available all day", … }` → (word, meaning) in file order.
pub fn parse(
    table: Option<&Spanned<BTreeMap<String, Spanned<String>>>>,
    name: &str,
    what: &str,
    src: &Source,
    d: &mut Diags,
) -> Vec<(String, String)> {
    let Some(t) = table else { return Vec::new() };
    let words: Vec<(String, String)> =
        tomlx::in_file_order(t.get_ref()).into_iter().map(|(k, v)| (k.clone(), v.get_ref().clone())).collect();
    if words.len() < 2 {
        d.push(
            Diagnostic::new(Code::TomlSchema, format!("`{name}` needs at least two {what}"))
                .at(src, t.span())
                .hint(format!("write {what} = {{ first = \"what it means\", second = \"what it means\" }}")),
        );
    }
    for (w, _) in &words {
        if !valid_name(w) {
            d.push(
                Diagnostic::new(Code::TomlSchema, format!("`{w}` is not a valid word for `{name}`"))
                    .at(src, t.span())
                    .hint("words are letters, digits and _, starting with a letter"),
            );
        }
    }
    words
}

/// The default choice of an option: one of its words, or none (the project must choose).
pub fn default_choice(
    default: Option<&Spanned<toml::Value>>,
    choices: &[(String, String)],
    name: &str,
    src: &Source,
    d: &mut Diags,
) -> Option<String> {
    let v = default?;
    match v.get_ref() {
        toml::Value::String(w) if choices.iter().any(|(c, _)| c == w) => Some(w.clone()),
        other => {
            let shown = match other {
                toml::Value::String(w) => format!("'{w}'"),
                _ => tomlx::type_name(other).to_string(),
            };
            d.push(
                Diagnostic::new(Code::BadCategory, format!("the default of `{name}` is {shown}, not one of its choices"))
                    .at(src, v.span())
                    .hint(format!("the choices are {}", list(choices))),
            );
            None
        }
    }
}

/// `'a', 'b'` for messages.
pub fn list(words: &[(String, String)]) -> String {
    words.iter().map(|(w, _)| format!("'{w}'")).collect::<Vec<_>>().join(", ")
}

/// A fixed table keyed by a categorical parameter must have a value for every category (or a
/// default), and can only be indexed as the category is.
pub fn check_tables(symbols: &[super::model::Symbol], src: &Source, d: &mut Diags) {
    use super::model::{Kind, row_key};
    for (id, s) in symbols.iter().enumerate() {
        let Kind::Fixed { by: Some(by), table, default, .. } = &s.kind else { continue };
        let Some(cat) = row_key(symbols, id).map(|c| &symbols[c]) else { continue };
        let Kind::Category { categories, .. } = &cat.kind else { continue };
        if default.is_none() {
            let missing: Vec<&str> = categories.iter().map(|(w, _)| w.as_str()).filter(|w| !table.iter().any(|(k, _)| k == w)).collect();
            if !missing.is_empty() {
                d.push(
                    Diagnostic::new(Code::MissingValue, format!("the table of `{}` has no value for {}", s.name, missing.join(", ")))
                        .at(src, s.span.clone())
                        .hint(format!("every category of `{by}` needs a value, or give `{}` a default", s.name)),
                );
            }
        }
        for (k, _) in table {
            if !categories.iter().any(|(w, _)| w == k) {
                d.push(
                    Diagnostic::new(Code::BadCategory, format!("the table of `{}` has `{k}`, which is not a category of `{by}`", s.name))
                        .at(src, s.span.clone())
                        .hint(format!("the categories are {}", list(categories))),
                );
            }
        }
        if cat.index.is_some() && cat.index != s.index {
            d.push(
                Diagnostic::new(Code::BadIndex, format!("`{}` must have the index of `{by}`, which picks its value per point", s.name))
                    .at(src, s.span.clone()),
            );
        }
    }
}

/// A symbol or word jcm accepts: a letter or `_`, then letters, digits or `_`.
pub fn valid_name(n: &str) -> bool {
    let mut c = n.chars();
    matches!(c.next(), Some(ch) if ch.is_ascii_alphabetic() || ch == '_') && c.all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
}

/// The closest candidate within two edits (or differing only in case).
pub fn suggest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let dist = if c.eq_ignore_ascii_case(name) { 0 } else { strsim::levenshtein(name, c) };
        if dist <= 2 && best.is_none_or(|(b, _)| dist < b) {
            best = Some((dist, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use crate::diag::{Code, Failure, Source};
    use crate::methodology::Methodology;
    use crate::methodology::load::load;

    /// A day-category methodology: each row's generation times the factor of its category.
    const ROWS: &str = r#"[methodology]
id = "T"
version = "1"
[indexes]
i = "PV system"
[parameters.EG]
unit = "MWh"
kind = "monitored"
index = "i"
[parameters.day]
kind = "monitored"
categories = { grid = "grid all day", outage = "grid outage" }
[parameters.EF]
unit = "tCO2/MWh"
kind = "fixed"
by = "day"
table = { grid = 0.6, outage = 0.533 }
[equations]
RE_d = { expr = "EG[i] * EF", unit = "tCO2", index = "i", per = "row" }
RE = { expr = "sum(i, RE_d[i])", unit = "tCO2" }
PE = { expr = "0", unit = "tCO2" }
ER = { expr = "RE - PE", unit = "tCO2" }
"#;

    fn load_str(text: &str) -> Result<Methodology, Failure> {
        load(Source::new("m.toml", text.to_string()))
    }

    fn first_error(text: &str) -> (Code, String, String) {
        let e = load_str(text).unwrap_err();
        let d = &e.0[0];
        (d.code, d.message.clone(), d.location().unwrap_or_default())
    }

    #[test]
    fn row_equations_and_categories_load() {
        let m = load_str(ROWS).unwrap();
        let (id, s) = m.symbol("RE_d").unwrap();
        assert!(s.is_row_equation());
        assert_eq!(m.row_equations().collect::<Vec<_>>(), vec![id]);
        assert_eq!(m.symbol("day").unwrap().1.words().unwrap(), vec!["grid", "outage"]);
        assert_eq!(m.row_key(m.symbol("EF").unwrap().0), Some(m.symbol("day").unwrap().0));
        assert!(!m.uses_history);
    }

    #[test]
    fn a_period_equation_cannot_read_a_row_value() {
        let text = ROWS.replace("RE = { expr = \"sum(i, RE_d[i])\"", "RE = { expr = \"sum(i, EG[i] * EF)\"");
        let (code, msg, at) = first_error(&text);
        assert_eq!((code, msg.as_str()), (Code::BadContext, "`EF` is picked by `day`, which is recorded for every reading"));
        assert_eq!(at, "m.toml:20:31");
    }

    #[test]
    fn a_row_equation_cannot_read_a_period_value() {
        let text = ROWS.replace("expr = \"EG[i] * EF\"", "expr = \"EG[i] * EF + 0 * PE\"");
        let (code, msg, _) = first_error(&text);
        assert_eq!(
            (code, msg.as_str()),
            (Code::BadContext, "`PE` is computed per monitoring period; a row equation reads one monitoring row")
        );
    }

    #[test]
    fn tables_cover_every_category() {
        let (code, msg, _) = first_error(&ROWS.replace("table = { grid = 0.6, outage = 0.533 }", "table = { grid = 0.6, storm = 1 }"));
        assert_eq!((code, msg.as_str()), (Code::MissingValue, "the table of `EF` has no value for outage"));
    }

    #[test]
    fn totals_are_per_period() {
        let (code, msg, _) =
            first_error(&ROWS.replace("PE = { expr = \"0\", unit = \"tCO2\" }", "PE = { expr = \"0\", unit = \"tCO2\", per = \"row\" }"));
        assert_eq!((code, msg.as_str()), (Code::BadContext, "`PE` must be evaluated per period, not per row"));
    }

    #[test]
    fn options_have_valid_defaults_and_no_unit() {
        let opt = |extra: &str| {
            format!(
                "[methodology]\nid = \"T\"\nversion = \"1\"\n[parameters.mode]\nkind = \"option\"\nchoices = {{ a = \"first\", b = \"second\" }}\n{extra}\n\
                 [equations]\nRE = {{ expr = \"if(mode == 'a', 1 [tCO2], 2 [tCO2])\", unit = \"tCO2\" }}\nPE = {{ expr = \"0\", unit = \"tCO2\" }}\nER = {{ expr = \"RE - PE\", unit = \"tCO2\" }}\n"
            )
        };
        assert!(load_str(&opt("default = \"b\"")).is_ok());
        let (code, msg, at) = first_error(&opt("default = \"c\""));
        assert_eq!(
            (code, msg.as_str(), at.as_str()),
            (Code::BadCategory, "the default of `mode` is 'c', not one of its choices", "m.toml:7:11")
        );
        let (code, msg, _) = first_error(&opt("unit = \"MWh\""));
        assert_eq!((code, msg.as_str()), (Code::TomlSchema, "`mode` takes words, which have no unit"));
    }

    #[test]
    fn past_marks_a_history_methodology() {
        let text = "[methodology]\nid = \"T\"\nversion = \"1\"\n[parameters.W]\nunit = \"t\"\nkind = \"monitored\"\n[parameters.k]\nunit = \"1\"\nkind = \"fixed\"\ndefault = 0.4\n\
                    [equations]\nM = { expr = \"past(x, W[x] * exp(-k * age(x)) * (1 - exp(-k)))\", unit = \"t\" }\nRE = { expr = \"M * 1 [tCO2/t]\", unit = \"tCO2\" }\nPE = { expr = \"0\", unit = \"tCO2\" }\nER = { expr = \"RE - PE\", unit = \"tCO2\" }\n";
        assert!(load_str(text).unwrap().uses_history);
    }
}
