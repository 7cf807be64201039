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
    d.year() * 12 + d.month0() as i32
}

/// The readings of one month in a bucket: their sum and how many there were (a month's mean
/// is `sum / count`). Kept as the rows stream, for the monitored values over time a report
/// draws, so that no second pass over the data is needed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Month {
    pub sum: Decimal,
    pub count: u64,
}

/// The readings of one parameter at one point in one bucket.
#[derive(Debug, Clone, PartialEq)]
pub struct Agg {
    pub sum: Decimal,
    pub count: u64,
    pub min: Decimal,
    pub max: Decimal,
    /// First and last CSV line that contributed, and the file they are in.
    pub first: (usize, u64),
    pub last: (usize, u64),
    /// Readings multiplied by a calibration correction.
    pub corrected: u64,
    /// Months with at least one reading, as year × 12 + month − 1, with their readings' sum.
    pub months: BTreeMap<i32, Month>,
}

impl Agg {
    pub fn new(v: Decimal, file: usize, line: u64, month: i32) -> Agg {
        Agg {
            sum: v,
            count: 1,
            min: v,
            max: v,
            first: (file, line),
            last: (file, line),
            corrected: 0,
            months: BTreeMap::from([(month, Month { sum: v, count: 1 })]),
        }
    }

    /// Add one reading; `None` on overflow.
    pub fn add(&mut self, v: Decimal, file: usize, line: u64, month: i32) -> Option<()> {
        self.sum = self.sum.checked_add(v)?;
        self.count += 1;
        self.min = self.min.min(v);
        self.max = self.max.max(v);
        self.first = self.first.min((file, line));
        self.last = self.last.max((file, line));
        // Readings come in time order, so the month is usually the last one already recorded.
        match self.months.last_entry() {
            Some(mut e) if *e.key() == month => {
                let m = e.get_mut();
                m.sum = m.sum.checked_add(v)?;
                m.count += 1;
            }
            _ => add_month(&mut self.months, month, Month { sum: v, count: 1 })?,
        }
        Some(())
    }

    /// Combine two buckets (the calendar-year slices of a period, or the points of a
    /// parameter that has no index).
    pub fn merge(&mut self, o: &Agg) -> Option<()> {
        self.sum = self.sum.checked_add(o.sum)?;
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

    /// The bucket's value under an aggregation rule.
    pub fn value(&self, how: Aggregate) -> Option<Decimal> {
        match how {
            Aggregate::Sum => Some(self.sum),
            Aggregate::Mean => self.sum.checked_div(Decimal::from(self.count)),
            Aggregate::Min => Some(self.min),
            Aggregate::Max => Some(self.max),
        }
    }
}

/// Add a month's readings into `months`; `None` on overflow.
fn add_month(months: &mut BTreeMap<i32, Month>, k: i32, m: Month) -> Option<()> {
    match months.entry(k) {
        std::collections::btree_map::Entry::Occupied(mut e) => {
            let x = e.get_mut();
            x.sum = x.sum.checked_add(m.sum)?;
            x.count += m.count;
        }
        std::collections::btree_map::Entry::Vacant(e) => {
            e.insert(m);
        }
    }
    Some(())
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

    #[test]
    fn aggregates() {
        let mut a = Agg::new(dec("10"), 0, 2, 0);
        a.add(dec("20"), 0, 3, 1).unwrap();
        a.add(dec("6"), 0, 4, 1).unwrap();
        assert_eq!(a.value(Aggregate::Sum), Some(dec("36")));
        assert_eq!(a.value(Aggregate::Mean), Some(dec("12")));
        assert_eq!(a.value(Aggregate::Min), Some(dec("6")));
        assert_eq!(a.value(Aggregate::Max), Some(dec("20")));
        let b = Agg::new(dec("4"), 1, 2, 5);
        a.merge(&b).unwrap();
        assert_eq!((a.count, a.first, a.last, a.months.len()), (4, (0, 2), (1, 2), 3));
        assert_eq!(a.months[&1], Month { sum: dec("26"), count: 2 }, "a month keeps its readings' sum and count");
        let mut c = Agg::new(dec("1"), 2, 2, 1);
        c.merge(&a).unwrap();
        assert_eq!(c.months[&1], Month { sum: dec("27"), count: 3 }, "merging adds the months both have");
        assert_eq!(a.value(Aggregate::Mean), Some(dec("10")));
    }
}
