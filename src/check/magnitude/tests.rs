use super::*;
use crate::engine::number::dec;

#[test]
fn buckets_are_read_exactly() {
    assert_eq!(Bucket::of(dec("206728.2")), Some(Bucket { exp: 5, lead: 20 }));
    assert_eq!(Bucket::of(dec("0.0071")), Some(Bucket { exp: -3, lead: 71 }));
    assert_eq!(Bucket::of(dec("-3")), Some(Bucket { exp: 0, lead: 30 }));
    assert_eq!(Bucket::of(dec("0")), None);
}

/// The bucket as the definition reads it: the two leading digits of |mantissa| and its
/// power of ten, through 128-bit arithmetic.
fn bucket_by_definition(v: Decimal) -> Option<Bucket> {
    let m = v.mantissa().unsigned_abs();
    if m == 0 {
        return None;
    }
    let digits = m.ilog10() + 1;
    let lead = if digits >= 2 { m / 10u128.pow(digits - 2) } else { m * 10 };
    Some(Bucket { exp: i32::try_from(digits).unwrap() - 1 - i32::try_from(v.scale()).unwrap(), lead: u32::try_from(lead).unwrap() })
}

#[test]
fn the_fast_bucket_is_the_defined_one() {
    for k in 0..20 {
        let p = 10u64.pow(k);
        for s in [p, p.saturating_sub(1).max(1), p + 1, p.saturating_mul(2) - 1, p.saturating_mul(9).saturating_add(7)] {
            assert_eq!(digits64(s), s.ilog10() + 1, "{s}");
        }
    }
    assert_eq!(digits64(u64::MAX), 20);
    let mut values = vec![Decimal::MAX, Decimal::MIN, Decimal::new(1, 28), Decimal::new(-99, 0), Decimal::from(u64::MAX)];
    for scale in [0, 3, 12, 28] {
        for k in 0..39 {
            for m in [1u128, 9, 10, 99, 100, 12_345] {
                if let Some(x) = 10u128.checked_pow(k).and_then(|p| p.checked_mul(m)).filter(|x| *x < 1 << 96) {
                    let x = i128::try_from(x).unwrap();
                    values.push(Decimal::from_i128_with_scale(x, scale));
                    values.push(Decimal::from_i128_with_scale(x - 1, scale));
                    values.push(Decimal::from_i128_with_scale(-x, scale));
                }
            }
        }
    }
    for v in values {
        assert_eq!(Bucket::of(v), bucket_by_definition(v), "{v}");
    }
}

fn reading(value: Decimal, line: u64) -> Reading {
    Reading { file: 0, field: 2, sym: 0, point: Some(1), value, line, byte: line * 10 }
}

#[test]
fn counts_go_on_past_a_full_count_and_into_new_decades() {
    // A first reading in a decade below 0 (the table starts there), then one far above.
    let mut m = Magnitudes::default();
    for x in ["0.0123", "95000"] {
        m.see(Bucket::of(dec(x)).unwrap(), &reading(dec(x), 1));
    }
    let lows: Vec<(Bucket, u64)> = m.slots().iter().map(|(b, s)| (*b, s.count)).collect();
    assert_eq!(lows, vec![(Bucket { exp: -2, lead: 12 }, 1), (Bucket { exp: 4, lead: 95 }, 1)]);
    let mut m = Magnitudes::default();
    let v = dec("731.002");
    let n = 300 * u64::from(Count::MAX) + 5;
    for line in 0..n {
        m.see(Bucket::of(v).unwrap(), &reading(v, line));
    }
    // Decades below and above the first one: the counts so far move with the table.
    for x in ["0.0004", "52000", "731.9", "0.0004"] {
        m.see(Bucket::of(dec(x)).unwrap(), &reading(dec(x), n));
    }
    let slots = m.slots();
    let counts: Vec<(Bucket, u64, usize)> = slots.iter().map(|(b, s)| (*b, s.count, s.examples.len())).collect();
    assert_eq!(
        counts,
        vec![(Bucket { exp: -4, lead: 40 }, 2, 2), (Bucket { exp: 2, lead: 73 }, n + 1, EXAMPLES), (Bucket { exp: 4, lead: 52 }, 1, 1)]
    );
    let lines: Vec<u64> = slots[&Bucket { exp: 2, lead: 73 }].examples.iter().map(|e| e.1).collect();
    assert_eq!(lines, vec![0, 1, 2, 3], "the first readings, never those after a count filled");
}

#[test]
fn a_thousand_times_is_judged_on_whole_buckets() {
    let b = |v: &str| Bucket::of(dec(v)).unwrap();
    assert!(b("220000").thousand_above(b("206.7")));
    // 1,000.1 times, but the buckets (200,000–209,999 and 200–209.9) cannot prove it: not flagged.
    assert!(!b("206728").thousand_above(b("206.7")));
    assert!(!b("150000").thousand_above(b("206.7")), "only 725 times");
    // 210 to 219.99… against 200 to 209.99…: at least 1,000× only if the lower bound says so.
    assert!(!b("209999").thousand_above(b("209")));
    assert!(b("210000").thousand_above(b("209")));
    assert!(b("210").thousand_above(b("0.2")));
    assert_eq!(ten_pow(-2), dec("0.01"));
    assert!(b("100").hundred_above(b("0.99")) && !b("100").hundred_above(b("1.05")));
}

/// A column of values (as decimal text), bucketed as the watch does.
fn column(values: &[&str]) -> BTreeMap<Bucket, Slot> {
    let mut c: BTreeMap<Bucket, Slot> = BTreeMap::new();
    for (line, v) in values.iter().enumerate() {
        let slot = c.entry(Bucket::of(dec(v)).expect("non-zero")).or_default();
        slot.count += 1;
        slot.examples.push((dec(v), line as u64 + 2, 0));
    }
    c
}

fn flagged(values: &[&str]) -> (Vec<Decimal>, Vec<Decimal>) {
    let owned = column(values);
    let c: BTreeMap<Bucket, &Slot> = owned.iter().map(|(b, s)| (*b, s)).collect();
    let n: u64 = c.values().map(|s| s.count).sum();
    let mut seen = 0;
    let median = *c
        .iter()
        .find(|(_, s)| {
            seen += s.count;
            seen * 2 >= n
        })
        .expect("median")
        .0;
    let values = |slots: Vec<&Slot>| slots.iter().flat_map(|s| s.examples.iter().map(|e| e.0)).collect();
    (values(outliers_above(&c, median)), values(outliers_below(&c, median)))
}

#[test]
fn a_unit_mistake_stands_apart_and_a_daily_cycle_does_not() {
    // Monthly MWh with one month in kWh, and one in MWh where kWh were meant.
    let (above, below) = flagged(&["100.5", "98.2", "121300", "112.4", "0.0981", "104.6", "118"]);
    assert_eq!((above, below), (vec![dec("121300")], vec![dec("0.0981")]));
    // Hourly PV: dawn and dusk fill every decade from a few Wh to the midday peak.
    let pv = ["0.004", "0.03", "0.2", "1.5", "9", "40", "95", "150", "180", "170", "120", "60", "18", "3", "0.6", "0.05", "0.007"];
    let mut day: Vec<&str> = Vec::new();
    for _ in 0..20 {
        day.extend(pv);
    }
    assert_eq!(flagged(&day), (vec![], vec![]), "merely small against the median: not flagged");
    // The same days with one reading in Wh (1,000 times too large) beyond an empty decade.
    day.push("180000");
    assert_eq!(flagged(&day).0, vec![dec("180000")]);
}
