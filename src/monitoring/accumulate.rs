//! What the row loop keeps per (parameter, point) while readings stream: the last reading's time
//! (readings come in time order, once each) and the current month's run of readings, summed in
//! fixed point.
//!
//! A run is a stretch of readings of one parameter at one point, in one bucket and one month,
//! written with the same number of decimals (as a meter export writes them): its sum, count,
//! least and greatest are whole numbers at that scale, added without touching a `Decimal`. The
//! run is folded into its bucket's [`Agg`] when the month, the bucket or the scale changes, and
//! at the end of each file. The result is the bucket the readings would have built one by one
//! (`Agg::add`): a run only grows while that sum stays exact (below 2⁹⁶ at the common scale,
//! the bucket's sum so far included), so no order of additions can round it; a reading that does
//! not fit, that is negative, or that is not a plain decimal, is added the slow way, after the
//! run is folded in.

use super::aggregate::{Agg, Month};
use super::model::Slice;
use crate::engine::units::Conversion;
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The largest mantissa a `Decimal` holds: 2⁹⁶ − 1.
const DEC_MAX: u128 = (1 << 96) - 1;
/// A run's limit keeps every partial sum below 2⁹⁶ at the common scale: its sum adds exactly.
const EXACT: &str = "a run is summed only while its bucket's sum stays exact";
/// The most decimals a `Decimal` holds.
const MAX_SCALE: u32 = 28;

/// A reading that is not negative, in fixed point: `mantissa × 10^−scale`, with a mantissa that
/// fits a `Decimal` (below 2⁹⁶) and a scale of at most 28.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fixed {
    pub mantissa: u128,
    pub scale: u32,
}

impl Fixed {
    /// The same number as a `Decimal`, with the same mantissa and scale.
    #[inline]
    pub fn decimal(self) -> Decimal {
        let b = self.mantissa.to_le_bytes();
        let word = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        Decimal::from_parts(word(0), word(4), word(8), false, self.scale)
    }
}

/// A cell that is a plain decimal (`digits[.digits]` of at most 18 digits, no sign): see
/// [`crate::engine::number::plain_digits`], which `parse_cell_bytes` reads it with too.
pub use crate::engine::number::plain_digits as parse_plain;

/// A column's conversion to its parameter's unit as a whole multiplier and a shift of the
/// decimal point, when it is one (`Conversion::numerator` by a terminating ratio: kWh → MWh is
/// × 1 at 3 more decimals); `None` for a ratio that does not terminate (GJ → MWh).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shift {
    mul: u64,
    scale: u32,
}

impl Shift {
    pub fn of(c: &Conversion) -> Option<Shift> {
        if !c.is_exact() || c.num.is_sign_negative() || c.num.is_zero() {
            return None;
        }
        Some(Shift { mul: u64::try_from(c.num.mantissa()).ok()?, scale: c.num.scale() })
    }

    /// The plain reading (mantissa, scale) converted, as `Conversion::numerator` would make it;
    /// `None` when the product needs rounding (the general path does that).
    #[inline]
    pub fn apply(self, (m, s): (u64, u32)) -> Option<Fixed> {
        // A product of zero is a zero without decimals: the general path writes it.
        if m == 0 && self.mul != 1 {
            return None;
        }
        let scale = s + self.scale;
        let mantissa = u128::from(m) * u128::from(self.mul);
        (scale <= MAX_SCALE && mantissa <= DEC_MAX).then_some(Fixed { mantissa, scale })
    }
}

/// The readings of one (parameter, point) since the run began: see the module doc.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    /// (period, calendar-year slice) and month (as `aggregate::month_of`).
    bucket: (usize, usize),
    month: i32,
    scale: u32,
    sum: u128,
    count: u64,
    min: u128,
    max: u128,
    /// First and last line of the run (in the file being read).
    first: u64,
    last: u64,
    /// The largest `sum` that adds into the bucket exactly.
    limit: u128,
}

/// What the reader keeps per (parameter, point): the last reading's time, line and file (line 0:
/// none yet), and the current run.
#[derive(Debug, Clone, Copy)]
pub struct Track {
    pub last: NaiveDateTime,
    pub line: u64,
    pub file: usize,
    run: Option<Run>,
}

/// The [`Track`]s, in a dense table: one look-up per reading without hashing.
pub struct Tracks {
    /// Per symbol, per point (0 for a file without points, else 1 + the point): allocated for a
    /// symbol when it is first read.
    slots: Vec<Vec<Track>>,
    points: usize,
}

impl Tracks {
    pub fn new(symbols: usize, points: usize) -> Tracks {
        Tracks { slots: vec![Vec::new(); symbols], points }
    }

    /// The track of (symbol, point); inlined into the reading loop, the allocation of a
    /// symbol's first track kept out of it.
    #[inline]
    pub fn get(&mut self, sym: usize, point: Option<usize>) -> &mut Track {
        if self.slots[sym].is_empty() {
            self.start(sym);
        }
        &mut self.slots[sym][point.map_or(0, |p| p + 1)]
    }

    #[cold]
    fn start(&mut self, sym: usize) {
        self.slots[sym] = vec![Track { last: NaiveDateTime::MIN, line: 0, file: 0, run: None }; self.points + 1];
    }

    /// Fold every run into its bucket (at the end of file `fi`).
    pub fn flush_all(&mut self, periods: &mut [Vec<Slice>], fi: usize) {
        for (sym, per) in self.slots.iter_mut().enumerate() {
            for (i, t) in per.iter_mut().enumerate() {
                t.flush(periods, (sym, i.checked_sub(1)), fi);
            }
        }
    }
}

impl Track {
    /// Add `x` (read on `line` of file `fi`) to the run of `key` = (symbol, point); `false`
    /// when it cannot be summed exactly in fixed point: the run is then folded in, and the
    /// caller adds the reading the general way.
    #[inline]
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        &mut self,
        periods: &mut [Vec<Slice>],
        key: (usize, Option<usize>),
        fi: usize,
        bucket: (usize, usize),
        month: i32,
        line: u64,
        x: Fixed,
    ) -> bool {
        if let Some(r) = &mut self.run {
            // Both are below 2⁹⁶: the sum fits a u128.
            let sum = r.sum + x.mantissa;
            if r.bucket == bucket && r.month == month && r.scale == x.scale && sum <= r.limit {
                r.sum = sum;
                r.count += 1;
                r.min = r.min.min(x.mantissa);
                r.max = r.max.max(x.mantissa);
                r.last = line;
                return true;
            }
        }
        self.flush(periods, key, fi);
        let Some(slice) = periods.get_mut(bucket.0).and_then(|p| p.get_mut(bucket.1)) else { return false };
        let Some(limit) = limit(slice.cells.get(&key), month, x.scale) else { return false };
        if x.mantissa > limit {
            return false;
        }
        self.run = Some(Run {
            bucket,
            month,
            scale: x.scale,
            sum: x.mantissa,
            count: 1,
            min: x.mantissa,
            max: x.mantissa,
            first: line,
            last: line,
            limit,
        });
        true
    }

    /// Fold the run (of file `fi`) into its bucket, as `Agg::add` would have added its readings
    /// one by one.
    pub fn flush(&mut self, periods: &mut [Vec<Slice>], key: (usize, Option<usize>), fi: usize) {
        let Some(r) = self.run.take() else { return };
        let Some(slice) = periods.get_mut(r.bucket.0).and_then(|p| p.get_mut(r.bucket.1)) else { return };
        let fixed = |mantissa| Fixed { mantissa, scale: r.scale }.decimal();
        let (sum, min, max) = (fixed(r.sum), fixed(r.min), fixed(r.max));
        match slice.cells.entry(key) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(Agg {
                    sum,
                    den: Decimal::ONE,
                    count: r.count,
                    min,
                    max,
                    first: (fi, r.first),
                    last: (fi, r.last),
                    corrected: 0,
                    months: BTreeMap::from([(r.month, Month { num: sum, den: Decimal::ONE, count: r.count })]),
                });
            }
            std::collections::hash_map::Entry::Occupied(mut o) => {
                let a = o.get_mut();
                a.sum = a.sum.checked_add(sum).expect(EXACT);
                a.count += r.count;
                // Ties: the least keeps the earlier reading, the greatest the later one (as `Agg::add`).
                a.min = a.min.min(min);
                a.max = a.max.max(max);
                a.first = a.first.min((fi, r.first));
                a.last = a.last.max((fi, r.last));
                match a.months.entry(r.month) {
                    std::collections::btree_map::Entry::Occupied(mut m) => {
                        let m = m.get_mut();
                        m.num = m.num.checked_add(sum).expect(EXACT);
                        m.count += r.count;
                    }
                    std::collections::btree_map::Entry::Vacant(m) => {
                        m.insert(Month { num: sum, den: Decimal::ONE, count: r.count });
                    }
                }
            }
        }
    }
}

/// The largest run sum (at `scale`) that adds into `agg` (and its `month`) with every partial sum
/// exact; `None` when a run cannot start (the bucket has a denominator, or holds too much).
fn limit(agg: Option<&Agg>, month: i32, scale: u32) -> Option<u128> {
    let Some(a) = agg else { return Some(DEC_MAX) };
    let m = a.months.get(&month);
    if a.den != Decimal::ONE || m.is_some_and(|m| m.den != Decimal::ONE) {
        return None;
    }
    let common = scale.max(a.sum.scale()).max(m.map_or(0, |m| m.num.scale()));
    let at_common = |d: Decimal| d.mantissa().unsigned_abs().checked_mul(10u128.checked_pow(common - d.scale())?);
    let base = at_common(a.sum)?.max(m.map_or(Some(0), |m| at_common(m.num))?);
    Some(DEC_MAX.checked_sub(base)? / 10u128.checked_pow(common - scale)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::number::{dec, parse_cell_bytes};
    use crate::engine::units::parse_unit;
    use crate::monitoring::aggregate::Frac;

    /// The same mantissa and scale, not merely the same number.
    fn same(a: Decimal, b: Decimal) -> bool {
        a.serialize() == b.serialize()
    }

    #[test]
    fn plain_cells_read_as_the_general_parser_reads_them() {
        for t in ["0", "0.000", "12", "12.5", "007.250", ".5", "123456789012345678", "0.00000000000000001", "999999999999999999"] {
            let (m, s) = parse_plain(t.as_bytes()).unwrap_or_else(|| panic!("{t}"));
            let fast = Fixed { mantissa: u128::from(m), scale: s }.decimal();
            assert!(same(fast, parse_cell_bytes(t.as_bytes()).unwrap()), "{t}");
        }
        for t in ["", ".", "1.", "-1", "+1", " 1", "1 ", "1,000", "1e3", "1.2.3", "1234567890123456789", "0.000000000000000001", "١"] {
            assert_eq!(parse_plain(t.as_bytes()), None, "{t}");
        }
    }

    #[test]
    fn shifts_convert_as_the_conversion_does() {
        for (from, to) in
            [("kWh", "MWh"), ("MWh", "kWh"), ("MWh", "MWh"), ("Wh", "MWh"), ("kWh", "GJ"), ("MWh", "GJ"), ("t", "kg"), ("kL", "L")]
        {
            let conv = parse_unit(from).unwrap().factor_to(&parse_unit(to).unwrap()).unwrap();
            let Some(shift) = Shift::of(&conv) else {
                assert!(!conv.is_exact(), "{from} → {to}");
                continue;
            };
            for t in ["0", "1.5", "206.728", "0.001", "999999999999999999", "12.000"] {
                let plain = parse_plain(t.as_bytes()).unwrap();
                let want = conv.numerator(dec(t)).unwrap();
                match shift.apply(plain) {
                    Some(x) => assert!(same(x.decimal(), want), "{t} {from} → {to}: {} ≠ {want}", x.decimal()),
                    // Left to the general path: a zero times a multiplier, or a product that rounds.
                    None => assert!(t == "0" || want.scale() > 0, "{t} {from} → {to}: refused a product that needs no rounding"),
                }
            }
        }
        assert_eq!(Shift::of(&parse_unit("GJ").unwrap().factor_to(&parse_unit("MWh").unwrap()).unwrap()), None);
    }

    fn bucket_of(periods: &[Vec<Slice>]) -> &Agg {
        periods[0][0].cells.get(&(0, Some(0))).unwrap()
    }

    fn periods() -> Vec<Vec<Slice>> {
        let d = chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap();
        vec![vec![Slice { year: 2021, start: d, end: d, cells: crate::monitoring::aggregate::Cells::default() }]]
    }

    /// Runs build the bucket `Agg::add` builds, reading by reading: the same sums (mantissa and
    /// scale), counts, least, greatest, lines and months, across months, scales and files.
    #[test]
    fn runs_build_the_bucket_readings_build() {
        let readings: &[(&str, i32, usize)] = &[
            ("1.500", 0, 0),
            ("2.250", 0, 0),
            ("0.000", 0, 0),
            ("2.250", 1, 0),
            ("7.5", 1, 0),
            ("7.50", 1, 0),
            ("3", 2, 0),
            ("4.125", 2, 1),
            ("1.000", 3, 1),
        ];
        let mut want: Option<Agg> = None;
        let mut got = periods();
        let mut track = Tracks::new(1, 1);
        let mut fi_last = 0;
        for (line, &(t, month, fi)) in readings.iter().enumerate() {
            let line = line as u64 + 2;
            let f = Frac::whole(dec(t));
            match &mut want {
                None => want = Some(Agg::new(f, fi, line, month).unwrap()),
                Some(a) => a.add(f, fi, line, month).unwrap(),
            }
            if fi != fi_last {
                track.flush_all(&mut got, fi_last);
                fi_last = fi;
            }
            let (m, s) = parse_plain(t.as_bytes()).unwrap();
            let x = Fixed { mantissa: u128::from(m), scale: s };
            assert!(track.get(0, Some(0)).add(&mut got, (0, Some(0)), fi, (0, 0), month, line, x));
        }
        track.flush_all(&mut got, fi_last);
        let (w, g) = (want.unwrap(), bucket_of(&got).clone());
        assert!(same(w.sum, g.sum) && same(w.min, g.min) && same(w.max, g.max), "{w:?}\n{g:?}");
        assert_eq!(w, g);
        for (k, m) in &w.months {
            assert!(same(m.num, g.months[k].num), "month {k}");
        }
    }

    /// A sum that would pass 2⁹⁶ is not run: the reading is left to the general path, which
    /// reports the overflow (or rounds) exactly as before.
    #[test]
    fn a_run_stops_before_its_sum_could_round() {
        let mut got = periods();
        let mut track = Tracks::new(1, 1);
        let big = Fixed { mantissa: DEC_MAX - 5, scale: 0 };
        assert!(track.get(0, Some(0)).add(&mut got, (0, Some(0)), 0, (0, 0), 0, 2, big));
        assert!(!track.get(0, Some(0)).add(&mut got, (0, Some(0)), 0, (0, 0), 0, 3, Fixed { mantissa: 6, scale: 0 }));
        // Folded in before the general path adds anything.
        assert_eq!(bucket_of(&got).count, 1);
        assert!(!track.get(0, Some(0)).add(&mut got, (0, Some(0)), 0, (0, 0), 1, 4, Fixed { mantissa: 6, scale: 0 }));
        assert!(track.get(0, Some(0)).add(&mut got, (0, Some(0)), 0, (0, 0), 1, 5, Fixed { mantissa: 5, scale: 0 }));
        // Room for 5 more at scale 0, none at a finer scale.
        assert_eq!((limit(Some(bucket_of(&got)), 1, 0), limit(Some(bucket_of(&got)), 1, 1)), (Some(5), None));
    }
}
