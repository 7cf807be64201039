//! The monitored values over time: per parameter (a monitored one or a row equation) and point,
//! the sum and count of its readings in each calendar month. Taken from the months each bucket
//! of the reader already kept ([`crate::monitoring::aggregate::Agg::months`]), so it costs no
//! second pass over the data; a month that two periods share is added up here.

use crate::monitoring::Monitoring;
use crate::monitoring::aggregate::Month;
use std::collections::BTreeMap;

/// One parameter at one point (or over the whole file, for a file without a point column).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The symbol's id in the methodology.
    pub sym: usize,
    /// The point's index in the project, when the file has a point column.
    pub point: Option<usize>,
    /// Month (year × 12 + month − 1) → its readings, in time order.
    pub months: Vec<(i32, Month)>,
}

/// Every series of the monitoring data, by symbol id then point; `None` when a month's readings
/// over two periods do not fit in a decimal.
pub fn series(mon: &Monitoring) -> Option<Vec<Series>> {
    let mut all: BTreeMap<(usize, Option<usize>), BTreeMap<i32, Month>> = BTreeMap::new();
    for slice in mon.periods.iter().flatten() {
        for (&key, agg) in &slice.cells {
            let months = all.entry(key).or_default();
            for (&k, &m) in &agg.months {
                match months.entry(k) {
                    std::collections::btree_map::Entry::Occupied(mut e) => e.get_mut().add(m)?,
                    std::collections::btree_map::Entry::Vacant(e) => {
                        e.insert(m);
                    }
                }
            }
        }
    }
    Some(all.into_iter().map(|((sym, point), months)| Series { sym, point, months: months.into_iter().collect() }).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::number::dec;
    use crate::monitoring::aggregate::{Agg, Frac};
    use crate::monitoring::model::Slice;
    use chrono::NaiveDate;

    fn slice(cells: &[((usize, Option<usize>), Agg)]) -> Slice {
        let d = NaiveDate::from_ymd_opt(2021, 1, 1).unwrap();
        Slice { year: 2021, start: d, end: d, cells: cells.iter().cloned().collect() }
    }

    #[test]
    fn months_shared_by_two_periods_add_up() {
        let w = |t: &str| Frac::whole(dec(t));
        let mut a = Agg::new(w("10"), 0, 2, 5).unwrap();
        a.add(w("5"), 0, 3, 6).unwrap();
        let b = Agg::new(w("1.5"), 0, 4, 6).unwrap();
        let other = Agg::new(w("7"), 0, 5, 6).unwrap();
        let mon = Monitoring {
            periods: vec![vec![slice(&[((0, Some(1)), a), ((1, None), other)])], vec![slice(&[((0, Some(1)), b)])]],
            ..Monitoring::default()
        };
        let s = series(&mon).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].sym, s[0].point), (0, Some(1)));
        let shown = |m: &[(i32, Month)]| m.iter().map(|(k, x)| (*k, x.sum(), x.count)).collect::<Vec<_>>();
        assert_eq!(shown(&s[0].months), vec![(5, dec("10"), 1), (6, dec("6.5"), 2)]);
        assert_eq!(shown(&s[1].months), vec![(6, dec("7"), 1)]);
    }
}
