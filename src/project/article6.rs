//! `[article6]`: whether the project's credits are authorized for international transfer, and
//! the partner's authorization as the Article 6 records need it (decision 2/CMA.3, annex; the
//! Agreed Electronic Format of decision 6/CMA.4): its id and date, the purposes (use towards an
//! NDC, other international mitigation purposes), what counts as the first transfer for OIMP,
//! and the cooperative approach. Only `authorized` changes a figure (the ITMO flag); the rest is
//! carried to `jcm article6`. Nothing is made up: an id or date that is not written stays empty.

use super::raw::RawArticle6;
use crate::diag::{Code, Diagnostic, Diags, Failure, Source};
use crate::tomlx;
use chrono::NaiveDate;
use serde::Serialize;

/// What the mitigation outcomes are authorized for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Purpose {
    /// Use towards a nationally determined contribution.
    Ndc,
    /// Other international mitigation purposes (e.g. CORSIA).
    Oimp,
}

impl Purpose {
    pub const ALL: [Purpose; 2] = [Purpose::Ndc, Purpose::Oimp];

    pub fn name(self) -> &'static str {
        match self {
            Purpose::Ndc => "ndc",
            Purpose::Oimp => "oimp",
        }
    }

    /// The wording of the AEF's "Purposes for authorization".
    pub fn aef(self) -> &'static str {
        match self {
            Purpose::Ndc => "NDC",
            Purpose::Oimp => "OIMP",
        }
    }

    fn parse(s: &str) -> Option<Purpose> {
        Purpose::ALL.into_iter().find(|p| p.name() == s)
    }
}

/// For OIMP, the event that counts as the first transfer (decision 2/CMA.3, annex, para. 2(b)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FirstTransfer {
    Authorization,
    Issuance,
    Use,
}

impl FirstTransfer {
    pub const ALL: [FirstTransfer; 3] = [FirstTransfer::Authorization, FirstTransfer::Issuance, FirstTransfer::Use];

    pub fn name(self) -> &'static str {
        match self {
            FirstTransfer::Authorization => "authorization",
            FirstTransfer::Issuance => "issuance",
            FirstTransfer::Use => "use",
        }
    }

    /// The wording of the AEF's "First transfer definition for OIMP".
    pub fn aef(self) -> &'static str {
        match self {
            FirstTransfer::Authorization => "Authorization",
            FirstTransfer::Issuance => "Issuance",
            FirstTransfer::Use => "Use or cancellation",
        }
    }
}

/// The authorization of a project's mitigation outcomes, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    /// The id the partner gave the authorization; `None` when it is not published.
    pub id: Option<String>,
    pub date: Option<NaiveDate>,
    /// Sorted, without repeats; `[ndc]` when project.toml does not say (`purpose_written` false).
    pub purposes: Vec<Purpose>,
    pub purpose_written: bool,
    pub first_transfer: Option<FirstTransfer>,
    /// As written, or `JP-<partner> JCM`.
    pub cooperative_approach: String,
}

/// The cooperative approach a project belongs to when project.toml does not name it.
pub fn default_cooperative_approach(country: &str) -> String {
    format!("JP-{country} JCM")
}

/// Read the authorization part of `[article6]` (a project without it has the defaults).
pub fn build(raw: Option<&RawArticle6>, country: &str, src: &Source, d: &mut Diags) -> Authorization {
    let mut a = Authorization {
        id: None,
        date: None,
        purposes: vec![Purpose::Ndc],
        purpose_written: false,
        first_transfer: None,
        cooperative_approach: default_cooperative_approach(country),
    };
    let Some(r) = raw else { return a };
    a.id = r.authorization_id.as_ref().map(|s| s.get_ref().trim().to_string()).filter(|s| !s.is_empty());
    a.date = r.authorization_date.as_ref().and_then(|v| d.take(tomlx::date(v, src).map_err(Failure::one)));
    if let Some(c) = r.cooperative_approach.as_ref().map(|s| s.get_ref().trim()).filter(|s| !s.is_empty()) {
        a.cooperative_approach = c.to_string();
    }
    if let Some(p) = &r.purpose {
        let words: Option<Vec<&str>> = match p.get_ref() {
            toml::Value::String(s) => Some(vec![s.as_str()]),
            toml::Value::Array(xs) => xs.iter().map(toml::Value::as_str).collect(),
            _ => None,
        };
        let bad = |what: String| {
            Diagnostic::new(Code::BadSetting, what).at(src, p.span()).hint("write purpose = \"ndc\", \"oimp\" or [\"ndc\", \"oimp\"]")
        };
        match words {
            Some(ws) if !ws.is_empty() => {
                let mut out = Vec::new();
                for w in ws {
                    match Purpose::parse(w) {
                        Some(x) if !out.contains(&x) => out.push(x),
                        Some(_) => {}
                        None => d.push(bad(format!("purpose `{w}` is not known"))),
                    }
                }
                out.sort();
                if !out.is_empty() {
                    a.purposes = out;
                    a.purpose_written = true;
                }
            }
            _ => d.push(bad("purpose must be a word or a list of words".into())),
        }
    }
    if let Some(f) = &r.first_transfer {
        match FirstTransfer::ALL.into_iter().find(|x| x.name() == f.get_ref()) {
            Some(_) if !a.purposes.contains(&Purpose::Oimp) => d.push(
                Diagnostic::new(Code::BadSetting, "first_transfer applies to OIMP, but the purpose does not include oimp")
                    .at(src, f.span())
                    .hint("add \"oimp\" to purpose, or remove first_transfer: for use towards an NDC the first transfer is the first international transfer"),
            ),
            Some(x) => a.first_transfer = Some(x),
            None => d.push(
                Diagnostic::new(Code::BadSetting, format!("first_transfer `{}` is not known", f.get_ref()))
                    .at(src, f.span())
                    .hint("write authorization, issuance or use"),
            ),
        }
    }
    a
}
