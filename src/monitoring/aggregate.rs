//! Running aggregates of readings: what a (period, calendar year, parameter, point) bucket keeps
//! of its readings. Constant memory per bucket, whatever the number of rows.

use crate::methodology::model::Aggregate;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// The month of a day as [`Agg::months`] keeps it: year × 12 + month − 1, so that consecutive
/// months are consecutive numbers across a new year.
#[inline]
pub fn month_of(d: NaiveDate) -> i32 {
    d.year() * 12 + i32::try_from(d.month0()).expect("a month index is below 12")
}

/// A reading as an exact fraction `num / den`, `den` a whole number ≥ 1: 1 for every reading
/// in its parameter's own unit, 9 for one in GJ of a parameter in MWh (× 2.5 / 9). The division
/// is left to the end, so that no reading is rounded on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frac {
    pub num: Decimal,
    pub den: Decimal,
}

impl Frac {
    pub fn whole(v: Decimal) -> Frac {
        Frac { num: v, den: Decimal::ONE }
    }

    /// The value as a decimal: exact when it terminates, else rounded once to the 28
    /// significant digits a decimal holds (`None` on overflow).
    pub fn value(self) -> Option<Decimal> {
        if self.den == Decimal::ONE { Some(self.num) } else { self.num.checked_div(self.den) }
    }

    /// The value times `f`, exactly.
    pub fn times(self, f: Decimal) -> Option<Frac> {
        Some(Frac { num: self.num.checked_mul(f)?, den: self.den })
    }
}

/// The least common multiple of two whole positive decimals; `None` when it overflows.
fn lcm(a: Decimal, b: Decimal) -> Option<Decimal> {
    let (x, y) = (a.mantissa(), b.mantissa());
    let (mut p, mut q) = (x, y);
    while q != 0 {
        (p, q) = (q, p % q);
    }
    Decimal::try_from_i128_with_scale((x / p.max(1)).checked_mul(y)?, 0).ok()
}

/// `s / from` rewritten over the larger denominator `to` (a multiple of `from`).
fn rescale(s: Decimal, from: Decimal, to: Decimal) -> Option<Decimal> {
    if from == to { Some(s) } else { s.checked_mul(to.checked_div(from)?) }
}

/// `a / a_den + b / b_den` over their least common denominator: (numerator, denominator);
/// `None` on overflow.
fn add_frac(a: Decimal, a_den: Decimal, b: Decimal, b_den: Decimal) -> Option<(Decimal, Decimal)> {
    let to = if a_den == b_den { a_den } else { lcm(a_den, b_den)? };
    Some((rescale(a, a_den, to)?.checked_add(rescale(b, b_den, to)?)?, to))
}

/// The readings of one month in a bucket: their exact sum (`num / den`, as the bucket keeps its
/// own) and how many there were. Kept as the rows stream, for the monitored values over time a
/// report draws, so that no second pass over the data is needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Month {
    pub num: Decimal,
    pub den: Decimal,
    pub count: u64,
}

impl Month {
    fn of(f: Frac) -> Month {
        Month { num: f.num, den: f.den, count: 1 }
    }

    /// Add another month's readings into this one, exactly; `None` on overflow.
    pub fn add(&mut self, o: Month) -> Option<()> {
        (self.num, self.den) = add_frac(self.num, self.den, o.num, o.den)?;
        self.count += o.count;
        Some(())
    }

    /// The readings' sum, divided once (exact when it terminates).
    pub fn sum(&self) -> Decimal {
        Frac { num: self.num, den: self.den }.value().expect("a sum over a denominator of one or more cannot overflow")
    }

    /// The readings' mean.
    pub fn mean(&self) -> Decimal {
        // The denominator is a small lcm of unit ratios, the count a u64: their product fits.
        let d = self.den.checked_mul(Decimal::from(self.count)).expect("a unit denominator times a count fits in a decimal");
        self.num.checked_div(d).expect("a mean of readings is no larger than the largest of them")
    }
}

/// Add a month's readings into `months`; `None` on overflow.
fn add_month(months: &mut BTreeMap<i32, Month>, k: i32, m: Month) -> Option<()> {
    match months.entry(k) {
        std::collections::btree_map::Entry::Occupied(mut e) => e.get_mut().add(m),
        std::collections::btree_map::Entry::Vacant(e) => {
            e.insert(m);
            Some(())
        }
    }
}

/// The readings of one parameter at one point in one bucket.
#[derive(Debug, Clone, PartialEq)]
pub struct Agg {
    /// The sum of the readings times `den`: exact, whatever their units.
    pub sum: Decimal,
    /// The common denominator of the readings (1 unless a column's unit converts to the
    /// parameter's by a ratio that does not terminate, such as GJ → MWh).
    pub den: Decimal,
    pub count: u64,
    pub min: Decimal,
    pub max: Decimal,
    /// First and last CSV line that contributed, and the file they are in.
    pub first: (usize, u64),
    pub last: (usize, u64),
    /// Readings multiplied by a calibration correction.
    pub corrected: u64,
    /// Months with at least one reading, as year × 12 + month − 1, with their readings.
    pub months: BTreeMap<i32, Month>,
}

impl Agg {
    /// A bucket of one reading; `None` on overflow.
    pub fn new(f: Frac, file: usize, line: u64, month: i32) -> Option<Agg> {
        let v = f.value()?;
        Some(Agg {
            sum: f.num,
            den: f.den,
            count: 1,
            min: v,
            max: v,
            first: (file, line),
            last: (file, line),
            corrected: 0,
            months: BTreeMap::from([(month, Month::of(f))]),
        })
    }

    /// Add `num / den` to the sum, exactly; `None` on overflow.
    fn add_exact(&mut self, num: Decimal, den: Decimal) -> Option<()> {
        (self.sum, self.den) = add_frac(self.sum, self.den, num, den)?;
        Some(())
    }

    /// Add one reading; `None` on overflow.
    pub fn add(&mut self, f: Frac, file: usize, line: u64, month: i32) -> Option<()> {
        let v = f.value()?;
        self.add_exact(f.num, f.den)?;
        self.count += 1;
        self.min = self.min.min(v);
        self.max = self.max.max(v);
        self.first = self.first.min((file, line));
        self.last = self.last.max((file, line));
        // Readings come in time order, so the month is usually the last one already recorded.
        match self.months.last_entry() {
            Some(mut e) if *e.key() == month => e.get_mut().add(Month::of(f))?,
            _ => add_month(&mut self.months, month, Month::of(f))?,
        }
        Some(())
    }

    /// Combine two buckets (the calendar-year slices of a period, or the points of a
    /// parameter that has no index).
    pub fn merge(&mut self, o: &Agg) -> Option<()> {
        self.add_exact(o.sum, o.den)?;
        self.count += o.count;
        self.min = self.min.min(o.min);
        self.max = self.max.max(o.max);
        self.first = self.first.min(o.first);
        self.last = self.last.max(o.last);
        self.corrected += o.corrected;
        for (&k, &m) in &o.months {
            add_month(&mut self.months, k, m)?;
        }
        Some(())
    }

    /// The bucket's value under an aggregation rule. A sum or mean is divided once, here: exact
    /// when it terminates, else rounded to 28 significant digits (a true third).
    pub fn value(&self, how: Aggregate) -> Option<Decimal> {
        match how {
            Aggregate::Sum => Frac { num: self.sum, den: self.den }.value(),
            Aggregate::Mean => self.sum.checked_div(self.den.checked_mul(Decimal::from(self.count))?),
            Aggregate::Min => Some(self.min),
            Aggregate::Max => Some(self.max),
        }
    }
}

/// Buckets keyed by (parameter symbol id, point) — the point is the row's point, if the file
/// has a point column. Fx hashing: the keys are small integers hashed once per reading, and
/// SipHash's protection against chosen keys buys nothing here.
pub type Cells = FxHashMap<(usize, Option<usize>), Agg>;

/// Merge every bucket of `sym` whose point satisfies `keep`.
pub fn merged<'a>(cells: impl Iterator<Item = &'a Cells>, sym: usize, keep: impl Fn(Option<usize>) -> bool) -> Option<Agg> {
    let mut out: Option<Agg> = None;
    for c in cells {
        for ((s, p), a) in c {
            if *s != sym || !keep(*p) {
                continue;
            }
            match &mut out {
                None => out = Some(a.clone()),
                Some(o) => o.merge(a)?,
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::number::dec;

    fn w(t: &str) -> Frac {
        Frac::whole(dec(t))
    }

    #[test]
    fn aggregates() {
        let mut a = Agg::new(w("10"), 0, 2, 0).unwrap();
        a.add(w("20"), 0, 3, 1).unwrap();
        a.add(w("6"), 0, 4, 1).unwrap();
        assert_eq!(a.value(Aggregate::Sum), Some(dec("36")));
        assert_eq!(a.value(Aggregate::Mean), Some(dec("12")));
        assert_eq!(a.value(Aggregate::Min), Some(dec("6")));
        assert_eq!(a.value(Aggregate::Max), Some(dec("20")));
        let b = Agg::new(w("4"), 1, 2, 5).unwrap();
        a.merge(&b).unwrap();
        assert_eq!((a.count, a.first, a.last, a.months.len()), (4, (0, 2), (1, 2), 3));
        assert_eq!((a.months[&1].sum(), a.months[&1].count), (dec("26"), 2), "a month keeps its readings' sum and count");
        let mut c = Agg::new(w("1"), 2, 2, 1).unwrap();
        c.merge(&a).unwrap();
        assert_eq!((c.months[&1].sum(), c.months[&1].mean()), (dec("27"), dec("9")), "merging adds the months both have");
        assert_eq!(a.value(Aggregate::Mean), Some(dec("10")));
    }

    /// 15 readings of 1.2 GJ are 18 GJ = 5 MWh, not 4.99…98: the ninths are summed, then divided.
    #[test]
    fn fractions_are_summed_before_they_are_divided() {
        let gj = Frac { num: dec("1.2") * dec("2.5"), den: dec("9") };
        let mut a = Agg::new(gj, 0, 2, 0).unwrap();
        for line in 3..=16 {
            a.add(gj, 0, line, 0).unwrap();
        }
        assert_eq!(a.value(Aggregate::Sum), Some(dec("5")));
        assert_eq!(a.months[&0].sum(), dec("5"), "a month's sum is divided once too");
        assert_eq!(a.value(Aggregate::Mean), Some(dec("5") / dec("15")));
        // Mixed denominators meet at their least common multiple.
        a.add(Frac { num: dec("1"), den: dec("3") }, 0, 17, 0).unwrap();
        a.merge(&Agg::new(w("0.5"), 1, 2, 0).unwrap()).unwrap();
        assert_eq!((a.value(Aggregate::Sum), a.den), (Some(dec("5") + dec("0.5") + dec("1") / dec("3")), dec("9")));
        assert_eq!(lcm(dec("9"), dec("6")), Some(dec("18")));
    }

    mod laws {
        use super::*;
        use crate::engine::units::parse_unit;
        use proptest::prelude::*;

        /// A unit pair whose ratio is inexact in one direction or both.
        const PAIRS: &[(&str, &str)] = &[
            ("GJ", "MWh"),
            ("MWh", "GJ"),
            ("kWh", "GJ"),
            ("GJ", "kWh"),
            ("MJ", "MWh"),
            ("MJ", "kWh"),
            ("TJ", "GWh"),
            ("L", "kL"),
            ("kL", "L"),
            ("kg", "t"),
            ("g", "t"),
            ("kgCO2/GJ", "tCO2/MWh"),
            ("d", "h"),
        ];

        fn reading() -> impl Strategy<Value = Decimal> {
            (0i64..1_000_000_000, 0u32..=4).prop_map(|(m, s)| Decimal::new(m, s))
        }

        proptest! {
        /// The sum of converted readings is the exact sum converted once: `Σv × num / den` with a
        /// single division, exact whenever the quotient terminates (den divides the numerator).
        #[test]
        fn conversions_are_summed_exactly(pair in 0..PAIRS.len(), values in prop::collection::vec(reading(), 1..60)) {
            let (from, to) = PAIRS[pair];
            let conv = parse_unit(from).unwrap().factor_to(&parse_unit(to).unwrap()).unwrap();
            let frac = |v: Decimal| Frac { num: conv.numerator(v).unwrap(), den: conv.den };
            let mut agg = Agg::new(frac(values[0]), 0, 2, 0).unwrap();
            for (i, v) in values[1..].iter().enumerate() {
                agg.add(frac(*v), 0, i as u64 + 3, 0).unwrap();
            }
            let total: Decimal = values.iter().copied().sum();
            let numerator = total.checked_mul(conv.num).unwrap();
            let once = numerator.checked_div(conv.den).unwrap();
            let got = agg.value(Aggregate::Sum).unwrap();
            prop_assert_eq!(got, once, "{} → {}", from, to);
            // den has no factor 2 or 5: the quotient terminates exactly when den divides the
            // numerator's digits, and then it is exact.
            if numerator.mantissa() % conv.den.mantissa() == 0 {
                prop_assert_eq!(got.checked_mul(conv.den).unwrap(), numerator, "{} → {}: exact", from, to);
            }
        }
        }
    }
}
