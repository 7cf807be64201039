//! Units' tests: parsing, dimensions, exact conversions.

use super::conversion::power_of_ten;
use super::*;
use crate::engine::number::dec;

fn u(t: &str) -> Unit {
    parse_unit(t).unwrap()
}

#[test]
fn product_cancels_to_named_unit() {
    assert_eq!(u("MWh").mul(&u("tCO2/MWh")).unwrap().text, "tCO2");
    assert_eq!(u("kWh").mul(&u("tCO2/MWh")).unwrap().text, "kgCO2");
    assert_eq!(u("kL").mul(&u("GJ/kL")).unwrap().text, "GJ");
    assert_eq!(u("t").div(&u("t")).unwrap().text, "1");
}

#[test]
fn conversions_are_exact() {
    let c = u("kWh").factor_to(&u("MWh")).unwrap();
    assert_eq!(c.apply(dec("1234.5")).unwrap(), dec("1.2345"));
    let c = u("MWh").factor_to(&u("GJ")).unwrap();
    assert_eq!(c.apply(dec("1")).unwrap(), dec("3.6"));
    assert!(u("MWh").factor_to(&u("tCO2")).is_none());
    assert_eq!(u("tCO2e"), Unit { text: "tCO2e".into(), ..u("tCO2") });
    assert_eq!(u("km2").factor_to(&u("ha")), Some(Conversion { num: dec("100"), den: Decimal::ONE }));
    assert_eq!(u("cm").factor_to(&u("m")).map(|c| c.apply(dec("55")).expect("exact")), Some(dec("0.55")));
    assert!(!u("ha").compatible(&u("m")));
}

#[test]
fn resistance_ratios_are_dimensionless() {
    assert_eq!(u("ohm").div(&u("mohm")).unwrap().dimension_text(), "1");
    assert_eq!(u("mohm").factor_to(&u("ohm")).unwrap().apply(dec("250")).unwrap(), dec("0.25"));
    assert!(!u("ohm").compatible(&u("1")));
}

#[test]
fn division_by_a_power_of_ten_moves_the_point() {
    assert_eq!(power_of_ten(dec("1000")), Some(3));
    assert_eq!(power_of_ten(dec("1")), Some(0));
    assert_eq!(power_of_ten(dec("3600")), None);
    assert_eq!(power_of_ten(dec("0.001")), None);
    let kwh = u("Wh").factor_to(&u("GWh")).unwrap();
    assert_eq!(kwh.apply(dec("123456789.5")).unwrap(), dec("0.1234567895"));
    // Past 28 decimals the shift cannot hold the value: the general division rounds it.
    let tiny = dec("0.0000000000000000000000001");
    assert_eq!(kwh.apply(tiny).unwrap(), tiny.checked_div(dec("1000000000")).unwrap());
    assert_eq!(u("GJ").factor_to(&u("MWh")).unwrap().apply(dec("3.6")).unwrap(), dec("1"));
}

#[test]
fn only_the_part_that_cannot_terminate_stays_a_divisor() {
    let c = |a: &str, b: &str| u(a).factor_to(&u(b)).unwrap();
    assert_eq!(c("GJ", "MWh"), Conversion { num: dec("2.5"), den: dec("9") });
    assert_eq!(c("MWh", "GJ"), Conversion { num: dec("3.6"), den: dec("1") });
    assert_eq!(c("kWh", "GJ"), Conversion { num: dec("0.0036"), den: dec("1") });
    assert_eq!(c("MJ", "MWh"), Conversion { num: dec("0.0025"), den: dec("9") });
    assert_eq!(c("L", "kL"), Conversion { num: dec("0.001"), den: dec("1") });
    assert_eq!(c("kg", "t"), Conversion { num: dec("0.001"), den: dec("1") });
    assert_eq!(c("MWh", "MWh"), Conversion::IDENTITY);
    assert_eq!(c("GJ", "MWh").ratio_text(), "2.5/9");
    assert_eq!(c("kWh", "MWh").numerator(dec("1234.5")), Some(dec("1.2345")));
    assert_eq!(c("kWh", "MWh").numerator(dec("0.0000000000000000000000001")), Some(dec("0.0000000000000000000000000001")));
    assert_eq!(c("GJ", "MWh").numerator(dec("1.2")), Some(dec("3")));
    assert_eq!(c("kWh", "MWh").ratio_text(), "0.001");
}

#[test]
fn power_times_time_is_energy() {
    let e = u("kW").mul(&u("h")).unwrap();
    assert!(e.compatible(&u("kWh")));
    assert_eq!(e.text, "kWh");
}

#[test]
fn errors_point_at_the_bad_name() {
    let e = parse_unit("tCO2/MWhh").unwrap_err();
    assert_eq!((e.to_string().as_str(), e.offset), ("unknown unit `MWhh`", 5));
    assert_eq!(e.kind, UnitFault::Unknown("MWhh".into()));
    assert!(parse_unit("").is_err());
    assert!(parse_unit("tCO2/").is_err());
    assert!(parse_unit("(MWh").is_err());
}

/// Powers past what an exponent holds are an error, not an overflow panic.
#[test]
fn huge_powers_are_errors() {
    for t in ["tCO2^100*tCO2^100", "1/tCO2^-128", "tCO2^127*tCO2"] {
        assert_eq!(parse_unit(t).map_err(|e| e.kind), Err(UnitFault::Overflow), "{t}");
    }
    assert!(u("tCO2^100").div(&u("tCO2^-100")).is_none());
    assert_eq!(u("tCO2^-128").dimension_text(), "1/tCO2^128");
}

#[test]
fn compound_units_parse() {
    assert_eq!(u("tCO2e/t").dimension_text(), "tCO2/t");
    assert_eq!(u("1/h").dimension_text(), "1/h");
    assert_eq!(u("MWh^2").dimension_text(), "MJ^2");
    assert!(u("kgCO2/kWh").compatible(&u("tCO2/MWh")));
    assert_eq!(u("kgCO2/kWh").factor_to(&u("tCO2/MWh")).unwrap().apply(dec("0.5")).unwrap(), dec("0.5"));
}

/// A converted reading is compared with a bound exactly: 1.2 GJ is 1/3 MWh, more than the
/// 28-digit 0.333…3 and less than 0.333…34, though it rounds to the first.
#[test]
fn conversions_compare_exactly() {
    use std::cmp::Ordering::{Equal, Greater, Less};
    let gj = u("GJ").factor_to(&u("MWh")).unwrap();
    let third = dec("0.3333333333333333333333333333");
    assert_eq!(gj.apply(dec("1.2")), Some(third), "the rounded conversion equals the bound");
    assert_eq!(gj.compare(dec("1.2"), third), Greater);
    assert_eq!(gj.compare(dec("1.2"), dec("0.33333333333333333333333334")), Less);
    assert_eq!(gj.compare(dec("18"), dec("5")), Equal);
    assert_eq!(gj.compare(dec("-1.2"), -third), Less);
    let kwh = u("kWh").factor_to(&u("MWh")).unwrap();
    assert_eq!(kwh.compare(dec("1500"), dec("1.5")), Equal);
    assert_eq!(kwh.compare(dec("79228162514264337593543950335"), dec("1")), Greater);
    assert_eq!(gj.compare(dec("79228162514264337593543950335"), dec("79228162514264337593543950335")), Less);
}

proptest::proptest! {
    /// For readings and bounds of up to 9 digits and 4 decimals, in every pair of units whose
    /// ratio does not terminate, the comparison is the exact rational one (integers cross-multiplied).
    #[test]
    fn conversions_compare_as_rationals(v in -999_999_999i64..1_000_000_000, vs in 0u32..=4, b in -999_999_999i64..1_000_000_000, bs in 0u32..=4, pair in 0usize..6) {
        let pairs = [("GJ", "MWh"), ("kWh", "GJ"), ("MJ", "kWh"), ("GJ", "kWh"), ("TJ", "GWh"), ("Wh", "MJ")];
        let (from, to) = pairs[pair];
        let c = u(from).factor_to(&u(to)).expect("energy to energy");
        let (v, bound) = (rust_decimal::Decimal::new(v, vs), rust_decimal::Decimal::new(b, bs));
        // v × num / den against bound, as integers: V·N·10^(bs) against B·D·10^(vs + ns).
        let (num, den) = (c.num.normalize(), c.den.normalize());
        let lhs = v.mantissa() * num.mantissa() * 10i128.pow(bound.scale());
        let rhs = bound.mantissa() * den.mantissa() * 10i128.pow(v.scale() + num.scale());
        proptest::prop_assert_eq!(c.compare(v, bound), lhs.cmp(&rhs), "{} {} vs {} {}", v, from, bound, to);
    }
}
