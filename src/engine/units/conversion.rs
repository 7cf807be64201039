//! Exact conversions between units of one dimension: `value × num / den`, with the division
//! kept apart so that a sum converts once, and comparisons that never round.

use super::Ratio;
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// An exact conversion `value × num / den`. As built by [`Unit::factor_to`], `den` is a whole
/// number with no factor 2 or 5 (those are moved into `num` as decimal places): it is 1
/// exactly when the conversion of a terminating decimal is one (kWh → MWh is × 0.001), and
/// otherwise the part that would need rounding (GJ → MWh is × 2.5 / 9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conversion {
    pub num: Decimal,
    pub den: Decimal,
}

impl Conversion {
    pub const IDENTITY: Conversion = Conversion { num: Decimal::ONE, den: Decimal::ONE };

    /// The conversion by an exact ratio, with the ratio's factors 2 and 5 moved out of `den`.
    pub(super) fn of(r: Ratio) -> Option<Conversion> {
        let (mut den, mut twos, mut fives) = (r.den, 0u32, 0u32);
        while den % 2 == 0 {
            den /= 2;
            twos += 1;
        }
        while den % 5 == 0 {
            den /= 5;
            fives += 1;
        }
        // r.num / (2^twos × 5^fives) = r.num × 2^(k−twos) × 5^(k−fives) / 10^k, with k the larger.
        let k = twos.max(fives);
        let m = 2i128.checked_pow(k - twos)?.checked_mul(5i128.checked_pow(k - fives)?)?;
        let num = Decimal::try_from_i128_with_scale(r.num.checked_mul(m)?, k).ok()?;
        Some(Conversion { num: num.normalize(), den: Decimal::try_from_i128_with_scale(den, 0).ok()? })
    }

    pub fn is_identity(&self) -> bool {
        self.num == self.den
    }

    /// Whether a terminating decimal converts to one (no division is left to round).
    pub fn is_exact(&self) -> bool {
        self.den == Decimal::ONE
    }

    /// `v × num`: the converted value times `den`, exact (or `None` on overflow). On the
    /// reader's hot path: multiplying by 0.001 (kWh → MWh) only moves the decimal point.
    pub fn numerator(&self, v: Decimal) -> Option<Decimal> {
        if self.num == Decimal::ONE {
            return Some(v);
        }
        if self.num.mantissa() == 1 {
            let scale = v.scale() + self.num.scale();
            if scale <= 28 {
                let mut r = v;
                r.set_scale(scale).ok()?;
                return Some(r);
            }
        }
        v.checked_mul(self.num)
    }

    /// The ratio as people read it: `0.001`, or `2.5/9` when it does not terminate.
    pub fn ratio_text(&self) -> String {
        if self.is_exact() { self.num.normalize().to_string() } else { format!("{}/{}", self.num.normalize(), self.den) }
    }

    /// How `v` converted compares with `bound` (a minimum or maximum in the target unit), exactly:
    /// `v × num` against `bound × den`, never the converted value rounded to 28 digits (1.2 GJ is
    /// more than 0.3333333333333333333333333333 MWh, though it rounds to it). Only where a cross
    /// product itself cannot be held exactly (a reading of more than about 25 significant digits)
    /// is the rounded conversion compared.
    pub fn compare(&self, v: Decimal, bound: Decimal) -> Ordering {
        match (exact_mul(v, self.num), exact_mul(bound, self.den)) {
            (Some(a), Some(b)) => a.cmp(&b),
            // v × num beyond a decimal, bound × den within one: v is the larger in magnitude.
            (None, Some(_)) if v.checked_mul(self.num).is_none() => {
                if v.is_sign_negative() {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
            _ => match self.apply(v).or_else(|| v.checked_div(self.den)?.checked_mul(self.num)) {
                Some(x) => x.cmp(&bound),
                None if v.is_sign_negative() => Ordering::Less,
                None => Ordering::Greater,
            },
        }
    }

    /// Apply the conversion. Multiplication first keeps it exact whenever the result is a
    /// terminating decimal (kWh → MWh, MWh → GJ).
    pub fn apply(&self, v: Decimal) -> Option<Decimal> {
        // As the header builds them, both parts are whole (scale 0): comparing mantissas is
        // then comparing values, without the general decimal comparison on every reading.
        let whole = self.num.scale() == 0 && self.den.scale() == 0;
        if (whole && self.num.mantissa() == self.den.mantissa()) || (!whole && self.is_identity()) {
            return Some(v);
        }
        let m = if whole && self.num.mantissa() == 1 { v } else { v.checked_mul(self.num)? };
        // Dividing by 10^k (kWh → MWh) only moves the decimal point: exact, and far cheaper
        // than a general division, which matters on the reader's hot path.
        if let Some(k) = power_of_ten(self.den) {
            let scale = m.scale() + k;
            if scale <= 28 {
                let mut r = m;
                r.set_scale(scale).ok()?;
                return Some(r);
            }
        }
        m.checked_div(self.den)
    }
}

/// `Some(k)` when `d` is 10^k for a whole k ≥ 0.
pub(super) fn power_of_ten(d: Decimal) -> Option<u32> {
    if d.scale() != 0 || d.is_sign_negative() {
        return None;
    }
    let mut n = d.mantissa();
    if let Ok(small) = u64::try_from(n) {
        let k = small.checked_ilog10()?;
        return (10u64.pow(k) == small).then_some(k);
    }
    let mut k = 0;
    while n >= 10 && n % 10 == 0 {
        n /= 10;
        k += 1;
    }
    (n == 1).then_some(k)
}

/// `a × b` when a decimal holds it exactly (the scale of the product is the sum of the scales:
/// nothing was rounded away), else `None`.
fn exact_mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    let (a, b) = (a.normalize(), b.normalize());
    a.checked_mul(b).filter(|r| r.scale() == a.scale() + b.scale())
}
