//! The values a programme's rules are written in: a tiered cap on the subsidy rate, a ratio
//! (1/2, 2/3), and the range of a project's scale. Parsed from and shown as the words the
//! settings use.

use super::{exact, percent};
use rust_decimal::Decimal;
use serde::Serialize;

/// A subsidy-rate cap per number of similar projects: each tier applies from its lower bound to
/// the next tier's; `None` is "not eligible".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caps(pub Vec<(u32, Option<Decimal>)>);

impl Caps {
    /// The cap for `similar` similar projects.
    pub fn cap(&self, similar: u32) -> Option<Decimal> {
        self.0.iter().rev().find(|(from, _)| *from <= similar).and_then(|(_, c)| *c)
    }

    /// Parse `0:50%, 1:40%, 4:30%, 7:20%, 10:none`: tiers from 0, in increasing order, each cap
    /// between 0% and 100% or `none`.
    pub fn parse(text: &str) -> Result<Caps, String> {
        let mut tiers = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (from, cap) = part.split_once(':').ok_or_else(|| format!("`{part}` is not FROM:CAP (e.g. 1:40%)"))?;
            let from: u32 = from.trim().parse().map_err(|_| format!("`{}` is not a whole number of similar projects", from.trim()))?;
            let cap = match cap.trim() {
                "none" => None,
                c => {
                    let v = crate::engine::number::parse_text(c).map_err(|e| e.to_string())?;
                    if v < Decimal::ZERO || v > Decimal::ONE {
                        return Err(format!("a cap lies between 0% and 100%, found `{c}`"));
                    }
                    Some(v)
                }
            };
            if tiers.last().is_some_and(|(f, _)| *f >= from) {
                return Err(format!("tiers go up: {from} follows {}", tiers.last().map_or(0, |(f, _)| *f)));
            }
            if tiers.is_empty() && from != 0 {
                return Err("the first tier starts at 0 similar projects".into());
            }
            tiers.push((from, cap));
        }
        if tiers.is_empty() {
            return Err("no tiers: write e.g. 0:50%, 1:40%, 4:30%, 7:20%, 10:none".into());
        }
        Ok(Caps(tiers))
    }
}

impl std::fmt::Display for Caps {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> =
            self.0.iter().map(|(from, cap)| format!("{from}:{}", cap.map_or_else(|| "none".to_string(), percent))).collect();
        f.write_str(&parts.join(", "))
    }
}

/// A rate as an exact fraction (2/3 has no exact decimal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ratio {
    pub num: Decimal,
    pub den: Decimal,
}

impl Ratio {
    /// `1/2`, `2/3`, or a percentage or decimal (`50%`, `0.5`), between 0 and 1.
    pub fn parse(text: &str) -> Result<Ratio, String> {
        let t = text.trim();
        let r = match t.split_once('/') {
            Some((n, d)) => {
                let n = crate::engine::number::parse_text(n).map_err(|e| e.to_string())?;
                let d = crate::engine::number::parse_text(d).map_err(|e| e.to_string())?;
                if d <= Decimal::ZERO {
                    return Err(format!("`{t}`: the denominator must be positive"));
                }
                Ratio { num: n, den: d }
            }
            None => Ratio { num: crate::engine::number::parse_text(t).map_err(|e| e.to_string())?, den: Decimal::ONE },
        };
        if r.num < Decimal::ZERO || r.num > r.den {
            return Err(format!("a rate lies between 0 and 1, found `{t}`"));
        }
        Ok(r)
    }
}

impl std::fmt::Display for Ratio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.den == Decimal::ONE { f.write_str(&percent(self.num)) } else { write!(f, "{}/{}", exact(self.num), exact(self.den)) }
    }
}

/// The scale of a Global South co-creation project, which sets its subsidy range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Scale {
    LargeDemonstration,
    SmallDemonstration,
    FeasibilityStudy,
}

impl Scale {
    /// Its row in the programme table.
    pub fn programme(self) -> &'static super::programmes::Programme {
        let id = match self {
            Scale::LargeDemonstration => "global-south-large",
            Scale::SmallDemonstration => "global-south-small",
            Scale::FeasibilityStudy => "global-south-fs",
        };
        super::programmes::find(id).expect("every scale has its row in PROGRAMMES")
    }

    pub fn parse(s: &str) -> Option<Scale> {
        <Scale as clap::ValueEnum>::from_str(s, false).ok()
    }
}
