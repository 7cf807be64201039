//! The provenance of a methodology's values: `source` and `status` on a parameter, and a
//! table entry written as `{ value = …, source = "…", status = "…" }`. Only reads what the
//! raw file says and checks it; counting and showing belong to the model and the reports.

use super::model::{Provenance, Status};
use super::raw::{RawEntry, RawParam};
use crate::diag::{Code, Diagnostic, Diags, Failure, Source};
use crate::tomlx;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::ops::Range;
use toml::Spanned;

fn status(s: Option<&Spanned<String>>, src: &Source, d: &mut Diags) -> Option<Status> {
    let s = s?;
    let st = Status::parse(s.get_ref());
    if st.is_none() {
        d.push(
            Diagnostic::new(Code::TomlSchema, format!("status `{}` is not known", s.get_ref()))
                .at(src, s.span())
                .hint("write \"published\" (quoted from an official or registered document) or \"assumed\""),
        );
    }
    st
}

/// A published value must say where it was published.
fn needs_source(p: &Provenance, what: &str, at: Range<usize>, src: &Source, d: &mut Diags) {
    if p.status == Some(Status::Published) && p.source.as_deref().is_none_or(|s| s.trim().is_empty()) {
        d.push(
            Diagnostic::new(Code::TomlSchema, format!("{what} is marked published but has no `source`"))
                .at(src, at)
                .hint("say where it was published: source = \"https://…\" (or a document and page)"),
        );
    }
}

/// The parameter's own provenance.
pub fn of_param(name: &str, p: &RawParam, span: Range<usize>, src: &Source, d: &mut Diags) -> Provenance {
    let prov = Provenance { source: p.source.clone(), status: status(p.status.as_ref(), src, d) };
    // A table's entries may each have a source of their own; then the parameter needs none.
    let entries_have_sources = p
        .table
        .as_ref()
        .is_some_and(|t| !t.is_empty() && t.values().all(|e| matches!(e.get_ref(), RawEntry::Detailed(x) if x.source.is_some())));
    if !entries_have_sources {
        needs_source(&prov, &format!("`{name}`"), p.status.as_ref().map_or(span, Spanned::span), src, d);
    }
    prov
}

/// A fixed parameter's table: each entry's value and its provenance (its own `source` and
/// `status`, each falling back to the parameter's), in file order.
pub fn table(
    name: &str,
    t: &BTreeMap<String, Spanned<RawEntry>>,
    param: &Provenance,
    src: &Source,
    d: &mut Diags,
) -> (Vec<(String, Decimal)>, Vec<Provenance>) {
    let mut values = Vec::new();
    let mut entries = Vec::new();
    for (k, e) in tomlx::in_file_order(t) {
        let (value, prov) = match e.get_ref() {
            RawEntry::Value(v) => (Spanned::new(e.span(), v.clone()), param.clone()),
            RawEntry::Detailed(x) => {
                let own = status(x.status.as_ref(), src, d);
                let prov = Provenance { source: x.source.clone().or_else(|| param.source.clone()), status: own.or(param.status) };
                needs_source(&prov, &format!("`{name}` entry `{k}`"), x.status.as_ref().map_or(e.span(), Spanned::span), src, d);
                (x.value.clone(), prov)
            }
        };
        if let Some(x) = d.take(tomlx::decimal(&value, src).map_err(Failure::one)) {
            values.push((k.clone(), x));
            entries.push(prov);
        }
    }
    (values, entries)
}

#[cfg(test)]
mod tests {
    use crate::diag::{Code, Failure, Source};
    use crate::methodology::Methodology;
    use crate::methodology::load::load;
    use crate::methodology::model::Status;

    fn load_str(params: &str) -> Result<Methodology, Failure> {
        let text = format!(
            "[methodology]\nid = \"T\"\nversion = \"1\"\n[indexes]\ni = \"PV system\"\n\
             [parameters.EG]\nunit = \"MWh\"\nkind = \"monitored\"\nindex = \"i\"\n{params}\
             [equations]\nRE = {{ expr = \"sum(i, EG[i] * EF[i])\", unit = \"tCO2\" }}\nPE = {{ expr = \"0\", unit = \"tCO2\" }}\n\
             ER = {{ expr = \"RE - PE\", unit = \"tCO2\" }}\n"
        );
        load(Source::new("m.toml", text))
    }

    const TABLE: &str = "[parameters.EF]\nunit = \"tCO2/MWh\"\nkind = \"fixed\"\nindex = \"i\"\nby = \"grid\"\n\
        source = \"https://example.org/table\"\nstatus = \"published\"\n\
        table = { jamali = 0.619, captive = { value = \"0.533\", source = \"our assumption\", status = \"assumed\" }, other = { value = 0.5 } }\n\
        default = 0.4\n";

    #[test]
    fn entries_take_their_own_provenance_or_the_parameters() {
        type Seen<'a> = (Option<&'a str>, String, Option<Status>, Option<&'a str>);
        let m = load_str(TABLE).unwrap();
        let (_, ef) = m.symbol("EF").unwrap();
        let vals = ef.fixed_values();
        let seen: Vec<Seen> =
            vals.iter().map(|v| (v.key, v.value.to_string(), v.provenance.status, v.provenance.source.as_deref())).collect();
        assert_eq!(
            seen,
            vec![
                (Some("jamali"), "0.619".into(), Some(Status::Published), Some("https://example.org/table")),
                (Some("captive"), "0.533".into(), Some(Status::Assumed), Some("our assumption")),
                (Some("other"), "0.5".into(), Some(Status::Published), Some("https://example.org/table")),
                (None, "0.4".into(), Some(Status::Published), Some("https://example.org/table")),
            ]
        );
        let c = m.value_counts();
        assert_eq!((c.total, c.published, c.assumed), (4, 3, 1));
        assert_eq!(c.phrase(), "3 of 4 values published");
    }

    #[test]
    fn an_unknown_status_is_located() {
        let e = load_str("[parameters.EF]\nunit = \"tCO2/MWh\"\nkind = \"fixed\"\ndefault = 0.5\nstatus = \"official\"\n").unwrap_err();
        let d = e.0.iter().find(|d| d.code == Code::TomlSchema).expect("schema error");
        assert!(d.message.contains("status `official`"), "{}", d.message);
        assert_eq!(d.location().unwrap(), "m.toml:14:10");
    }

    #[test]
    fn published_needs_a_source() {
        let e = load_str("[parameters.EF]\nunit = \"tCO2/MWh\"\nkind = \"fixed\"\ndefault = 0.5\nstatus = \"published\"\n").unwrap_err();
        assert!(e.0.iter().any(|d| d.message.contains("`EF` is marked published but has no `source`")), "{:?}", e.0);
        let e = load_str(
            "[parameters.EF]\nunit = \"tCO2/MWh\"\nkind = \"fixed\"\nindex = \"i\"\nby = \"grid\"\ntable = { a = { value = 1, status = \"published\" } }\n",
        )
        .unwrap_err();
        assert!(e.0.iter().any(|d| d.message.contains("entry `a` is marked published")), "{:?}", e.0);
    }

    #[test]
    fn an_entry_with_an_unknown_key_is_refused() {
        let e = load_str("[parameters.EF]\nunit = \"tCO2/MWh\"\nkind = \"fixed\"\nindex = \"i\"\nby = \"grid\"\ntable = { a = { value = 1, note = \"x\" } }\n")
            .unwrap_err();
        assert!(!e.0.is_empty());
    }
}
