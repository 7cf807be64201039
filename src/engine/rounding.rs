//! Every rounding `jcm` does lives here, named, so that the places where exact values become
//! whole credits can be found, tested and overridden in one module. Renderers never round.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// How an exact quantity becomes whole tonnes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Towards minus infinity: 2017.9 → 2017. The JCM default for credits (domain.md §2, [A]).
    #[default]
    #[serde(alias = "floor")]
    Down,
    /// Towards plus infinity: 60.3 → 61. The default for the CCS reserve (the atmosphere's favour).
    #[serde(alias = "ceil")]
    Up,
    /// To nearest, halves away from zero.
    #[serde(alias = "nearest")]
    HalfUp,
}

impl Mode {
    /// The mode's word (`down`, `up`, `half-up`), as serde names it.
    pub fn name(self) -> &'static str {
        super::words::word(&self)
    }

    /// A mode from its word, or the alias `floor`, `ceil` or `nearest`.
    pub fn parse(s: &str) -> Option<Mode> {
        super::words::parse(s)
    }
}

/// Round to a whole number.
pub fn whole(v: Decimal, mode: Mode) -> Decimal {
    match mode {
        Mode::Down => v.floor(),
        Mode::Up => v.ceil(),
        Mode::HalfUp => v.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero),
    }
}

/// Round to whole tonnes as an integer count; `None` if it does not fit in an `i64`.
pub fn whole_count(v: Decimal, mode: Mode) -> Option<i64> {
    i64::try_from(whole(v, mode)).ok()
}

/// Round half away from zero to `places` decimals (the `round` function of expressions, and the
/// comparison of reported figures at the precision they were written).
pub fn half_up(v: Decimal, places: u32) -> Decimal {
    v.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
}

/// Split `total` whole units in proportion to `weights` by the largest-remainder (Hamilton)
/// method: each part gets the floor of its exact quota, and the units left over go one each to
/// the largest remainders; ties go to the earlier part. The parts always add up to `total`.
/// Weights must be non-negative with a positive sum; otherwise `None`.
///
/// A quota is `total × weight / sum`, multiplied first to keep it exact; when that product
/// does not fit in a decimal (credits and weights both in the hundreds of trillions), it is
/// `weight / sum × total` instead, which cannot overflow.
pub fn largest_remainder(total: i64, weights: &[Decimal]) -> Option<Vec<i64>> {
    let sum = weights.iter().try_fold(Decimal::ZERO, |a, w| a.checked_add(*w))?;
    if sum <= Decimal::ZERO || weights.iter().any(|w| w.is_sign_negative() && !w.is_zero()) || total < 0 {
        return None;
    }
    let t = Decimal::from(total);
    let mut parts = Vec::with_capacity(weights.len());
    let mut rems = Vec::with_capacity(weights.len());
    for w in weights {
        let quota = match t.checked_mul(*w) {
            Some(product) => product.checked_div(sum)?,
            None => w.checked_div(sum)?.checked_mul(t)?,
        };
        let f = quota.floor();
        parts.push(i64::try_from(f).ok()?);
        rems.push(quota - f);
    }
    // The quotas are rounded to 28 digits; should that ever lift a floor past the exact one,
    // the parts would add up to more than `total`, and no split is better than a wrong one.
    let mut left = total.checked_sub(parts.iter().try_fold(0i64, |a, p| a.checked_add(*p))?)?;
    if left < 0 {
        return None;
    }
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| rems[b].cmp(&rems[a]).then(a.cmp(&b)));
    for &k in order.iter().cycle() {
        if left <= 0 {
            break;
        }
        parts[k] += 1;
        left -= 1;
    }
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::number::dec;

    #[test]
    fn whole_tonnes() {
        assert_eq!(whole(dec("2017.62"), Mode::Down), dec("2017"));
        assert_eq!(whole(dec("-0.5"), Mode::Down), dec("-1"));
        assert_eq!(whole(dec("60.01"), Mode::Up), dec("61"));
        assert_eq!(whole(dec("60.5"), Mode::HalfUp), dec("61"));
        assert_eq!(whole(dec("60.49"), Mode::HalfUp), dec("60"));
    }

    #[test]
    fn largest_remainder_adds_up() {
        assert_eq!(largest_remainder(10, &[dec("1"), dec("1"), dec("1")]), Some(vec![4, 3, 3]));
        assert_eq!(largest_remainder(2017, &[dec("365")]), Some(vec![2017]));
        assert_eq!(largest_remainder(100, &[dec("0.2"), dec("0.7"), dec("0.1")]), Some(vec![20, 70, 10]));
        assert_eq!(largest_remainder(7, &[dec("0"), dec("2")]), Some(vec![0, 7]));
        assert_eq!(largest_remainder(7, &[dec("0"), dec("0")]), None);
        assert_eq!(largest_remainder(7, &[dec("-1"), dec("2")]), None);
        for total in [0, 1, 2, 3, 144, 2017, 17_673] {
            let w = [dec("31"), dec("28.5"), dec("0.001"), dec("365")];
            assert_eq!(largest_remainder(total, &w).unwrap().iter().sum::<i64>(), total);
        }
    }

    /// total × weight past what a decimal holds still splits (it used to give `None`, and
    /// the callers' fallback gave every part 0).
    #[test]
    fn largest_remainder_of_huge_amounts() {
        let q = dec("1000000000000000");
        assert_eq!(largest_remainder(1_000_000_000_000_000, &[q, q]), Some(vec![500_000_000_000_000, 500_000_000_000_000]));
        let parts = largest_remainder(i64::MAX, &[dec("7e27"), dec("3e27"), dec("1")]).unwrap();
        assert_eq!(parts.iter().sum::<i64>(), i64::MAX);
    }
}
