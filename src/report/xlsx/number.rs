//! The one place where an exact decimal becomes a float: the number an .xlsx cell holds.
//!
//! A workbook cell holds an IEEE double, and Excel keeps 15 significant digits of it. This is
//! output only: nothing reads the float back into a calculation or a parse, and every figure
//! keeps its exact decimal in the JSON, the CSV and, where the float cannot hold it, in the
//! text written beside the cell.

use rust_decimal::{Decimal, RoundingStrategy};

/// Significant digits Excel keeps.
pub const EXCEL_DIGITS: u32 = 15;

/// A figure as a cell number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CellNumber {
    /// The cell's value: the figure itself, or the figure rounded to 15 significant digits.
    pub value: f64,
    /// The cell shows the figure exactly: at most 15 significant digits, and the double's
    /// shortest representation reads back as the same decimal. When false, the caller writes
    /// the exact figure beside the cell as text.
    pub exact: bool,
    /// Decimal places to show, so that the cell shows every digit it holds (no more).
    pub places: u32,
}

/// The number a cell holds for `d`.
pub fn cell_number(d: Decimal) -> CellNumber {
    let d = d.normalize();
    let shown = if significant_digits(d) <= EXCEL_DIGITS {
        d
    } else {
        // 15 significant digits of a decimal always fit: rust_decimal holds 28.
        d.round_sf_with_strategy(EXCEL_DIGITS, RoundingStrategy::MidpointNearestEven).map_or(d, |r| r.normalize())
    };
    let text = super::super::exact(shown);
    // Rust parses a decimal literal to the nearest double (correctly rounded) and prints a
    // double as its shortest representation that reads back to the same double.
    let value: f64 = text.parse().expect("the text of a decimal is a valid float literal");
    let round_trips = Decimal::from_str_exact(&value.to_string()).is_ok_and(|back| back == shown);
    CellNumber { value, exact: shown == d && round_trips, places: shown.scale() }
}

/// The significant digits of a decimal: `2017.62` → 6, `0.0005` → 1, `1200` → 2, `0` → 1.
fn significant_digits(d: Decimal) -> u32 {
    let digits = d.mantissa().unsigned_abs().to_string();
    let kept = digits.trim_end_matches('0').len().max(1);
    u32::try_from(kept).expect("a decimal has at most 29 digits")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::number::dec;

    fn cell(s: &str) -> (String, bool, u32) {
        let c = cell_number(dec(s));
        (c.value.to_string(), c.exact, c.places)
    }

    #[test]
    fn figures_that_fit_are_exact() {
        assert_eq!(cell("2017.6200"), ("2017.62".into(), true, 2));
        assert_eq!(cell("0"), ("0".into(), true, 0));
        assert_eq!(cell("-0.1"), ("-0.1".into(), true, 1), "0.1 is not a double, but it is the double's shortest text");
        assert_eq!(cell("123456789012345"), ("123456789012345".into(), true, 0), "15 digits");
        assert_eq!(cell("0.000000000000000000000000001"), ("0.000000000000000000000000001".into(), true, 27));
        assert_eq!(cell("100000000000000000000"), ("100000000000000000000".into(), true, 0), "one significant digit");
    }

    #[test]
    fn figures_beyond_15_digits_are_rounded_and_marked() {
        assert_eq!(cell("1234567890123456"), ("1234567890123460".into(), false, 0), "16 digits");
        assert_eq!(cell("166.7045454545454545"), ("166.704545454545".into(), false, 12));
        assert_eq!(cell("0.12345678901234549"), ("0.123456789012345".into(), false, 15), "half to even");
        assert_eq!(cell("-2.00000000000000005"), ("-2".into(), false, 0));
    }

    #[test]
    fn significant_digits_ignore_leading_and_trailing_zeros() {
        assert_eq!(significant_digits(dec("2017.62")), 6);
        assert_eq!(significant_digits(dec("0.0005")), 1);
        assert_eq!(significant_digits(dec("1200")), 2);
        assert_eq!(significant_digits(dec("0")), 1);
    }
}
