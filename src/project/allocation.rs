//! [allocation]: how a period's credits are shared among Japan, the partner government and the
//! project participants, as shares with a rounding rule, or as the amounts the Joint Committee
//! notified for each period.

use super::model::{Allocation, Notified, Period};
use super::raw::RawAllocation;
use crate::diag::{Code, Diagnostic, Diags, Failure, Source};
use crate::engine::allocation::{Policy, Shares};
use crate::tomlx;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use toml::Spanned;

/// A share as written: a fraction, or "rest".
enum ShareText {
    Fraction(Decimal),
    Rest,
}

/// A party's share, between 0% and 100%; `None` when absent or invalid.
fn share(v: Option<&Spanned<toml::Value>>, src: &Source, d: &mut Diags) -> Option<ShareText> {
    let v = v?;
    if v.get_ref().as_str() == Some("rest") {
        return Some(ShareText::Rest);
    }
    let x = d.take(tomlx::decimal(v, src).map_err(Failure::one))?;
    if x < Decimal::ZERO || x > Decimal::ONE {
        d.push(
            Diagnostic::new(Code::BadAllocation, format!("a share must lie between 0% and 100%, found {}", x.normalize()))
                .at(src, v.span())
                .hint("write a percentage such as \"50%\""),
        );
        return None;
    }
    Some(ShareText::Fraction(x))
}

/// A notified amount: a whole, non-negative number of credits that fits in an i64.
fn whole(v: &Spanned<toml::Value>, src: &Source, d: &mut Diags) -> Option<i64> {
    let x = d.take(tomlx::decimal(v, src).map_err(Failure::one))?;
    if !x.fract().is_zero() || x < Decimal::ZERO {
        d.push(
            Diagnostic::new(Code::BadAllocation, format!("a notified amount is a whole number of credits, found {}", x.normalize()))
                .at(src, v.span()),
        );
        return None;
    }
    // Dropped silently, a partner amount too large to count would read as "not public".
    let n = i64::try_from(x).ok();
    if n.is_none() {
        d.push(
            Diagnostic::new(Code::BadAllocation, format!("a notified amount of {} credits is too large to count", x.normalize()))
                .at(src, v.span()),
        );
    }
    n
}

/// Validate [allocation] against the periods; every problem goes to `d`.
pub fn build(a: &Spanned<RawAllocation>, periods: &[Period], src: &Source, d: &mut Diags) -> Option<Allocation> {
    let span = a.span();
    let a = a.get_ref();
    if !a.notified.is_empty() {
        let mut map = BTreeMap::new();
        for n in &a.notified {
            let nspan = n.span();
            let n = n.get_ref();
            let pid = n.period.get_ref().clone();
            if !periods.iter().any(|p| p.id == pid) {
                d.push(
                    Diagnostic::new(Code::UnknownName, format!("notified amounts name period `{pid}`, which is not a [[periods]] id"))
                        .at(src, n.period.span()),
                );
            }
            let japan = whole(&n.japan_government, src, d);
            let partner = n.partner_government.as_ref().and_then(|v| whole(v, src, d));
            let participants = n.project_participants.as_ref().and_then(|v| whole(v, src, d));
            if n.partner_government.is_some() != n.project_participants.is_some() {
                d.push(
                    Diagnostic::new(
                        Code::BadAllocation,
                        "give both partner_government and project_participants, or neither (when only Japan's amount is public)",
                    )
                    .at(src, nspan.clone()),
                );
            }
            if map.contains_key(&pid) {
                d.push(
                    Diagnostic::new(Code::DuplicatePoint, format!("period `{pid}` has notified amounts twice")).at(src, n.period.span()),
                );
            }
            if let Some(japan) = japan {
                map.insert(pid, Notified { japan, partner, participants, span: nspan, source: n.source.clone() });
            }
        }
        for p in periods {
            if !map.contains_key(&p.id) {
                d.push(
                    Diagnostic::new(Code::BadAllocation, format!("period {} has no [[allocation.notified]] amounts", p.id))
                        .at(src, span.clone())
                        .hint("notified allocations need one entry per period"),
                );
            }
        }
        return Some(Allocation::Notified(map));
    }
    let policy = match &a.rounding {
        None => Policy::JapanCeil,
        Some(r) => match Policy::parse(r.get_ref()) {
            Some(p) => p,
            None => {
                d.push(
                    Diagnostic::new(Code::BadAllocation, format!("rounding `{}` is not known", r.get_ref()))
                        .at(src, r.span())
                        .hint("write japan-ceil, largest-remainder or floor-to-participants"),
                );
                return None;
            }
        },
    };
    let per_vintage = match a.per.as_ref().map(|p| (p.get_ref().as_str(), p.span())) {
        None | Some(("period", _)) => false,
        Some(("vintage", _)) => true,
        Some((other, at)) => {
            d.push(
                Diagnostic::new(Code::BadAllocation, format!("per = `{other}` is not known"))
                    .at(src, at)
                    .hint("write \"period\" or \"vintage\""),
            );
            false
        }
    };
    let parts = [
        share(a.japan_government.as_ref(), src, d),
        share(a.partner_government.as_ref(), src, d),
        share(a.project_participants.as_ref(), src, d),
    ];
    let rests = parts.iter().filter(|p| matches!(p, Some(ShareText::Rest))).count();
    let given: Decimal = parts.iter().map(|p| if let Some(ShareText::Fraction(x)) = p { *x } else { Decimal::ZERO }).sum();
    let missing = parts.iter().filter(|p| p.is_none()).count();
    if a.japan_government.is_none() {
        d.push(
            Diagnostic::new(Code::BadAllocation, "the allocation has no japan_government share")
                .at(src, span.clone())
                .hint("write japan_government = \"50%\" (or \"0%\" for a project without Japanese funding)"),
        );
        return None;
    }
    if rests > 1 {
        d.push(Diagnostic::new(Code::BadAllocation, "only one party can take the \"rest\"").at(src, span));
        return None;
    }
    let rest = Decimal::ONE - given;
    if rest < Decimal::ZERO {
        d.push(
            Diagnostic::new(
                Code::BadAllocation,
                format!("the shares add up to {}%, more than 100%", (given * Decimal::ONE_HUNDRED).normalize()),
            )
            .at(src, span),
        );
        return None;
    }
    if rests == 0 && missing == 0 && !rest.is_zero() {
        d.push(
            Diagnostic::new(Code::BadAllocation, format!("the shares add up to {}%, not 100%", (given * Decimal::ONE_HUNDRED).normalize()))
                .at(src, span)
                .hint("give one party \"rest\""),
        );
        return None;
    }
    // A party that is not mentioned gets nothing, except that the participants take the rest.
    let value = |p: &Option<ShareText>, takes_rest: bool| match p {
        Some(ShareText::Fraction(x)) => *x,
        Some(ShareText::Rest) => rest,
        None if takes_rest => rest,
        None => Decimal::ZERO,
    };
    let participants_take_rest = rests == 0 && parts[2].is_none();
    let shares =
        Shares { japan: value(&parts[0], false), partner: value(&parts[1], false), participants: value(&parts[2], participants_take_rest) };
    Some(Allocation::Shares { shares, policy, per_vintage })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn a_notified_amount_too_large_to_count_is_an_error() {
        #[derive(serde::Deserialize)]
        struct Doc {
            allocation: Spanned<RawAllocation>,
        }
        let text = "[[allocation.notified]]\nperiod = \"MP1\"\njapan_government = 10\n\
                    partner_government = \"100000000000000000000\"\nproject_participants = 5\n";
        let src = Source::new("project.toml", text);
        let doc: Doc = tomlx::parse(&src).unwrap();
        let day = NaiveDate::from_ymd_opt(2021, 1, 1).unwrap();
        let periods = [Period { id: "MP1".into(), start: day, end: day, span: 0..0, verified: None, issued: None }];
        let mut d = Diags::default();
        build(&doc.allocation, &periods, &src, &mut d);
        let codes: Vec<Code> = d.items.iter().map(|x| x.code).collect();
        assert_eq!(codes, vec![Code::BadAllocation], "{:?}", d.items);
    }
}
