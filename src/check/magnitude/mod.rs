//! Magnitude warnings: readings 1,000 times the median of their column (or a 1,000th of it),
//! apart from the rest, are most likely kWh values in an MWh column, or the reverse.
//!
//! The median is found without keeping the readings. Each reading's |value| falls in a bucket
//! given by its two leading digits and its power of ten (90 buckets per decade, read exactly
//! from the decimal, no floats); a column at a point keeps only a count per bucket and the first
//! few readings of each. The median's bucket is known to within 10%, so a reading is flagged
//! only when its whole bucket lies at least 1,000 times above (or below) the median's whole
//! bucket: the approximation can miss a reading just over the threshold, never raise a false
//! alarm.
//!
//! A unit mistake moves readings by exactly a factor of 1,000, away from the rest of the column:
//! a column whose readings spread over less than a factor of ten keeps an empty span of a factor
//! of 100 between them and the moved ones. A daily cycle (PV at dawn and dusk, a plant at night)
//! fills the magnitudes between its near-zero readings and its median far more densely. So a
//! reading is flagged only when, besides, an empty factor of 100 (no reading in two whole
//! decades of buckets) separates it from the median: the outlying readings form a cluster of
//! their own. Readings merely small against the median are then not flagged, however many.
//!
//! A column at a point gives at most one finding per side (above, below): the first flagged
//! reading, located, with how many there are and the lines of the next few. Memory grows with
//! the number of distinct magnitudes (at most a few thousand buckets per column), not with the
//! number of rows; the file is re-read only to quote the flagged lines, one line at a time.

use crate::diag::{Code, Diagnostic};
use crate::monitoring::locate;
use crate::monitoring::model::Reading;
use crate::project::Project;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

/// A column needs this many non-zero readings for its median to mean something.
const MIN_READINGS: u64 = 4;
/// Readings kept per bucket: a finding locates the first and lists the lines of the next few.
const EXAMPLES: usize = 4;

/// |v| in [lead × 10^(exp−1), (lead + 1) × 10^(exp−1)), lead in 10..=99.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Bucket {
    exp: i32,
    lead: u32,
}

impl Bucket {
    fn of(v: Decimal) -> Option<Bucket> {
        let u = v.unpack();
        let scale = i32::try_from(u.scale).ok()?;
        // Most readings fit 64 bits, where the logarithm and the division are far cheaper.
        let (digits, lead) = if u.hi == 0 {
            let s = (u64::from(u.mid) << 32) | u64::from(u.lo);
            if s == 0 {
                return None;
            }
            let digits = digits64(s);
            (digits, if digits >= 2 { s / POW10[digits as usize - 2] } else { s * 10 })
        } else {
            let m = v.mantissa().unsigned_abs();
            let digits = m.ilog10() + 1;
            (digits, u64::try_from(if digits >= 2 { m / 10u128.pow(digits - 2) } else { m * 10 }).ok()?)
        };
        Some(Bucket { exp: i32::try_from(digits).ok()? - 1 - scale, lead: u32::try_from(lead).ok()? })
    }

    /// Compare a × 10^ea with b × 10^eb exactly (a, b ≤ 100).
    fn cmp_scaled(a: u32, ea: i32, b: u32, eb: i32) -> Ordering {
        let k = ea - eb;
        match k {
            k if k >= 4 => Ordering::Greater,
            k if k <= -4 => Ordering::Less,
            k if k >= 0 => (u64::from(a) * 10u64.pow(k.unsigned_abs())).cmp(&u64::from(b)),
            k => u64::from(a).cmp(&(u64::from(b) * 10u64.pow(k.unsigned_abs()))),
        }
    }

    /// Every value of `self` is at least 1,000 times every value of `other`.
    fn thousand_above(self, other: Bucket) -> bool {
        Self::cmp_scaled(self.lead, self.exp, other.lead + 1, other.exp + 3) != Ordering::Less
    }

    /// Every value of `self` is at least 100 times every value of `other`.
    fn hundred_above(self, other: Bucket) -> bool {
        Self::cmp_scaled(self.lead, self.exp, other.lead + 1, other.exp + 2) != Ordering::Less
    }
}

/// 10^k for every k a `u64` holds.
const POW10: [u64; 20] = {
    let mut t = [1u64; 20];
    let mut k = 1;
    while k < 20 {
        t[k] = t[k - 1] * 10;
        k += 1;
    }
    t
};

/// The number of decimal digits of `s` (> 0): estimated from its bit length (log10 2 ≈
/// 1233/4096, never over), then corrected by one comparison.
#[inline]
fn digits64(s: u64) -> u32 {
    let bits = 64 - s.leading_zeros();
    let guess = (bits * 1233) >> 12;
    guess + u32::from(guess as usize >= POW10.len() || s >= POW10[guess as usize])
}

#[derive(Debug, Default)]
struct Slot {
    count: u64,
    /// (value, line, byte offset of the record).
    examples: Vec<(Decimal, u64, u64)>,
}

/// A column at a point: (file, field, parameter symbol, point).
type ColumnKey = (usize, usize, usize, Option<usize>);

/// `v` with at least `n` items (new ones the default).
fn grow<T: Default>(v: &mut Vec<T>, n: usize) {
    if v.len() < n {
        v.resize_with(n, T::default);
    }
}

/// Buckets per decade: leads 10 to 99.
const LEADS: usize = 90;

/// A bucket's count in the dense table (the rest in [`Magnitudes::spill`]).
type Count = u8;

/// The magnitudes of one column at a point: a count per bucket for the decades from `low` up,
/// in one flat table, and the first few readings of each bucket. A count is a byte, so that the
/// tables of every column (read at random as the points of a file take turns, while the file
/// streams through the same cache) stay in the first-level cache: a decade is 90 bytes. A count
/// that fills moves on into `spill` (as long as `counts` once used).
#[derive(Debug, Default)]
struct Magnitudes {
    /// The decade (a bucket's `exp`) of `counts[..LEADS]`.
    low: i32,
    counts: Vec<Count>,
    /// Per bucket, the readings that overflowed its count (empty until one does).
    spill: Vec<u64>,
    examples: FxHashMap<Bucket, Vec<(Decimal, u64, u64)>>,
}

impl Magnitudes {
    #[inline]
    fn see(&mut self, b: Bucket, r: &Reading) {
        let Some(i) = self.at(b).or_else(|| {
            self.widen(b.exp);
            self.at(b)
        }) else {
            return;
        };
        if self.counts[i] == Count::MAX {
            grow(&mut self.spill, self.counts.len());
            self.spill[i] += u64::from(Count::MAX);
            self.counts[i] = 0;
        }
        self.counts[i] += 1;
        if usize::from(self.counts[i]) <= EXAMPLES && self.spill.get(i).is_none_or(|&s| s == 0) {
            self.examples.entry(b).or_default().push((r.value, r.line, r.byte));
        }
    }

    /// Where `b` counts in `counts`, when its decade has a table yet.
    #[inline]
    fn at(&self, b: Bucket) -> Option<usize> {
        let d = usize::try_from(b.exp - self.low).ok()?;
        let i = d * LEADS + (b.lead as usize - 10);
        (i < self.counts.len()).then_some(i)
    }

    /// Make room for the decade `exp` (the first reading's, or one below or above the decades
    /// seen so far).
    #[cold]
    fn widen(&mut self, exp: i32) {
        let decades = i32::try_from(self.counts.len() / LEADS).unwrap_or(i32::MAX);
        if self.counts.is_empty() {
            self.low = exp;
        }
        let (low, high) = (self.low.min(exp), (self.low + decades - 1).max(exp));
        let shift = usize::try_from(self.low - low).unwrap_or(0) * LEADS;
        let len = usize::try_from(high - low + 1).unwrap_or(1) * LEADS;
        let mut counts = vec![0; len];
        counts[shift..shift + self.counts.len()].copy_from_slice(&self.counts);
        if !self.spill.is_empty() {
            let mut spill = vec![0; len];
            spill[shift..shift + self.spill.len()].copy_from_slice(&self.spill);
            self.spill = spill;
        }
        (self.low, self.counts) = (low, counts);
    }

    /// Every bucket with readings, in order.
    fn slots(&self) -> BTreeMap<Bucket, Slot> {
        let mut out = BTreeMap::new();
        for (i, &low) in self.counts.iter().enumerate() {
            let count = u64::from(low) + self.spill.get(i).copied().unwrap_or(0);
            if count > 0 {
                let (d, lead) = (i / LEADS, i % LEADS);
                let b = Bucket { exp: self.low + i32::try_from(d).unwrap_or(i32::MAX), lead: u32::try_from(lead).unwrap_or(0) + 10 };
                out.insert(b, Slot { count, examples: self.examples.get(&b).cloned().unwrap_or_default() });
            }
        }
        out
    }
}

/// Watches readings as the reader streams them; [`Watch::finish`] reports the outliers.
#[derive(Debug, Default)]
pub struct Watch {
    /// Per column at a point, its magnitudes.
    columns: Vec<(ColumnKey, Magnitudes)>,
    /// Where a column at a point is in `columns`: per file, per field, per point (0 for a file
    /// without points, else 1 + the point), 1 + its index (0: not seen yet). Dense, so that a
    /// reading finds its column without hashing.
    index: Vec<Vec<Vec<usize>>>,
}

impl Watch {
    pub fn see(&mut self, r: &Reading) {
        let Some(b) = Bucket::of(r.value) else { return };
        let p = r.point.map_or(0, |p| p + 1);
        // A field holds one parameter, so (file, field, point) names the column at a point.
        let i = match self.index.get(r.file).and_then(|f| f.get(r.field)).and_then(|s| s.get(p)) {
            Some(&i) if i > 0 => i - 1,
            _ => self.add_column(r, p),
        };
        if let Some((_, column)) = self.columns.get_mut(i) {
            column.see(b, r);
        }
    }

    /// A column at a point seen for the first time; its index in `columns`.
    #[cold]
    fn add_column(&mut self, r: &Reading, p: usize) -> usize {
        grow(&mut self.index, r.file + 1);
        grow(&mut self.index[r.file], r.field + 1);
        let slots = &mut self.index[r.file][r.field];
        grow(slots, p + 1);
        self.columns.push(((r.file, r.field, r.sym, r.point), Magnitudes::default()));
        slots[p] = self.columns.len();
        self.columns.len() - 1
    }

    /// At most one warning per column at a point and side: its readings whose bucket is 1,000
    /// times off the median's and cut off from it by an empty factor of 100. `files` are the monitoring
    /// files by the reader's index.
    pub fn finish(
        &self,
        opener: &dyn crate::monitoring::files::Files,
        project: &Project,
        files: &[crate::monitoring::model::FileInfo],
    ) -> Vec<Diagnostic> {
        let m = &project.methodology;
        // (file, line, byte, field, message, lines of the next few flagged readings).
        let mut found: Vec<(usize, u64, u64, usize, String)> = Vec::new();
        for ((file, field, sym, point), column) in &self.columns {
            let owned = column.slots();
            let buckets: BTreeMap<Bucket, &Slot> = owned.iter().map(|(b, s)| (*b, s)).collect();
            let n: u64 = buckets.values().map(|s| s.count).sum();
            if n < MIN_READINGS {
                continue;
            }
            let mut seen = 0;
            let Some(median) = buckets.iter().find_map(|(b, s)| {
                seen += s.count;
                (seen * 2 >= n).then_some(*b)
            }) else {
                continue;
            };
            let s = &m.symbols[*sym];
            let at = point.map(|p| format!(" at {}", project.points[p].id)).unwrap_or_default();
            let about = Decimal::new(i64::from(median.lead), 0) * ten_pow(median.exp - 1);
            for (side, flagged) in
                [("1,000 times or more", outliers_above(&buckets, median)), ("a 1,000th or less of", outliers_below(&buckets, median))]
            {
                let count: u64 = flagged.iter().map(|s| s.count).sum();
                let mut examples: Vec<&(Decimal, u64, u64)> = flagged.iter().flat_map(|s| &s.examples).collect();
                examples.sort_by_key(|(_, line, _)| *line);
                let Some(&&(v, line, byte)) = examples.first() else { continue };
                let mut msg = format!(
                    "{} = {} {} is {side} the median of its column{at} (about {} {})",
                    s.name,
                    crate::report::exact(v),
                    s.unit,
                    crate::report::exact(about),
                    s.unit
                );
                if count > 1 {
                    let next: Vec<String> = examples[1..].iter().take(EXAMPLES - 1).map(|(_, l, _)| l.to_string()).collect();
                    let more = if count - 1 > next.len() as u64 { ", …" } else { "" };
                    let plural = if count == 2 { "reading is" } else { "readings are" };
                    msg.push_str(&format!("; {} more {plural} too (line {}{more})", count - 1, next.join(", ")));
                }
                found.push((*file, line, byte, *field, msg));
            }
        }
        found.sort();
        let mut out = Vec::new();
        let mut opened: HashMap<usize, locate::Locator> = HashMap::new();
        for (file, line, byte, field, msg) in found {
            let Some(info) = files.get(file) else { continue };
            let locator = opened.entry(file).or_insert_with(|| locate::Locator::open(opener, info));
            let d = Diagnostic::new(Code::Magnitude, msg).hint(
                "a value in kWh in a column of MWh (or the reverse) is off by 1,000: check the reading and the unit in the column header",
            );
            out.push(locator.locate(d, &info.path, locate::Place { byte, line }, field));
        }
        out
    }
}

/// The buckets above the median that are 1,000 times above it and lie beyond an empty span of
/// a factor of 100 (the lowest such gap above the median).
fn outliers_above<'a>(buckets: &BTreeMap<Bucket, &'a Slot>, median: Bucket) -> Vec<&'a Slot> {
    let above: Vec<(&Bucket, &&Slot)> = buckets.range(median..).collect();
    let Some(edge) = above.windows(2).find(|w| w[1].0.hundred_above(*w[0].0)).map(|w| *w[1].0) else { return Vec::new() };
    above.into_iter().filter(|(b, _)| **b >= edge && b.thousand_above(median)).map(|(_, s)| *s).collect()
}

/// The buckets below the median that are a 1,000th of it or less and lie beyond an empty span
/// of a factor of 100 (the highest such gap below the median).
fn outliers_below<'a>(buckets: &BTreeMap<Bucket, &'a Slot>, median: Bucket) -> Vec<&'a Slot> {
    let below: Vec<(&Bucket, &&Slot)> = buckets.range(..=median).collect();
    let Some(edge) = below.windows(2).rev().find(|w| w[1].0.hundred_above(*w[0].0)).map(|w| *w[0].0) else { return Vec::new() };
    below.into_iter().filter(|(b, _)| **b <= edge && median.thousand_above(**b)).map(|(_, s)| *s).collect()
}

fn ten_pow(e: i32) -> Decimal {
    let mut v = Decimal::ONE;
    for _ in 0..e.unsigned_abs().min(28) {
        v = if e >= 0 { v * Decimal::TEN } else { v / Decimal::TEN };
    }
    v
}

#[cfg(test)]
mod tests;
