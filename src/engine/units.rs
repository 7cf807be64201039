//! Units of measure: parsing (`tCO2/MWh`, `GJ/kL`, `kWh`), dimensions, and exact conversion.
//!
//! A unit is a vector of exponents over eight base dimensions plus a decimal scale relative to
//! the base unit of each dimension. Base units are chosen so that every named unit has a
//! terminating decimal scale (energy in MJ: 1 kWh = 3.6 MJ, 1 MWh = 3600 MJ), which makes
//! conversions exact multiplications wherever the arithmetic allows it.
//!
//! CO2 mass (`tCO2`, `tCO2e`) and CH4 mass (`tCH4`) are dimensions of their own, distinct from
//! plain mass (`t` of waste or fuel), so that adding tonnes of waste to tonnes of CO2 is caught.
//! `tCO2e` and `tCO2` are the same unit: methodologies use both for the same quantity.

use rust_decimal::Decimal;
use std::fmt;

/// Number of base dimensions.
const N: usize = 12;
const DIM_NAMES: [&str; N] = ["MJ", "t", "tCO2", "tCH4", "m3", "Nm3", "h", "JPY", "USD", "ohm", "ha", "m"];

/// Exponents of the base dimensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Dim([i8; N]);

impl Dim {
    pub const NONE: Dim = Dim([0; N]);

    fn base(i: usize) -> Dim {
        let mut d = [0; N];
        d[i] = 1;
        Dim(d)
    }

    /// `self × other^sign`; `None` when an exponent leaves `i8` (`tCO2^100 * tCO2^100`).
    fn combine(self, other: Dim, sign: i8) -> Option<Dim> {
        let mut d = self.0;
        for (a, b) in d.iter_mut().zip(other.0) {
            *a = a.checked_add(sign.checked_mul(b)?)?;
        }
        Some(Dim(d))
    }

    pub fn is_none(self) -> bool {
        self == Dim::NONE
    }
}

/// An exact positive rational scale, kept reduced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ratio {
    pub num: i128,
    pub den: i128,
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.abs().max(1)
}

impl Ratio {
    pub const ONE: Ratio = Ratio { num: 1, den: 1 };

    fn new(num: i128, den: i128) -> Option<Ratio> {
        if den == 0 {
            return None;
        }
        let g = gcd(num, den);
        Some(Ratio { num: num / g, den: den / g })
    }

    /// From a decimal text such as "0.0036".
    fn parse(text: &str) -> Ratio {
        let d = decimal(text);
        Ratio::new(d.mantissa(), 10i128.pow(d.scale())).unwrap_or(Ratio::ONE)
    }

    fn mul(self, o: Ratio) -> Option<Ratio> {
        Ratio::new(self.num.checked_mul(o.num)?, self.den.checked_mul(o.den)?)
    }

    fn div(self, o: Ratio) -> Option<Ratio> {
        Ratio::new(self.num.checked_mul(o.den)?, self.den.checked_mul(o.num)?)
    }
}

/// A unit: dimension, scale to the base units, and the text it is shown as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub dim: Dim,
    /// How many base units one of this unit is (kWh: 3.6, because the energy base is MJ).
    pub scale: Ratio,
    pub text: String,
}

/// The named units, with their dimension index and scale. Order matters for display: when a
/// computed unit matches several names, the first is shown.
const NAMED: &[(&str, usize, &str)] = &[
    ("MWh", 0, "3600"),
    ("kWh", 0, "3.6"),
    ("GWh", 0, "3600000"),
    ("Wh", 0, "0.0036"),
    ("GJ", 0, "1000"),
    ("MJ", 0, "1"),
    ("TJ", 0, "1000000"),
    ("tCO2", 2, "1"),
    ("tCO2e", 2, "1"),
    ("kgCO2", 2, "0.001"),
    ("kgCO2e", 2, "0.001"),
    ("gCO2", 2, "0.000001"),
    ("tCH4", 3, "1"),
    ("kgCH4", 3, "0.001"),
    ("t", 1, "1"),
    ("kg", 1, "0.001"),
    ("g", 1, "0.000001"),
    ("kL", 4, "1"),
    ("m3", 4, "1"),
    ("L", 4, "0.001"),
    ("Nm3", 5, "1"),
    ("h", 6, "1"),
    ("d", 6, "24"),
    ("JPY", 7, "1"),
    ("USD", 8, "1"),
    // Electrical resistance (transmission-line conductors): a dimension of its own, since
    // current is not one of the base dimensions.
    ("ohm", 9, "1"),
    ("mohm", 9, "0.001"),
    // Land area (forests, rice fields, peat) and length (a water table's depth): dimensions of
    // their own. Area is not length squared here, so `m * m` is not `m2`; no methodology needs it.
    ("ha", 10, "1"),
    ("m2", 10, "0.0001"),
    ("km2", 10, "100"),
    ("m", 11, "1"),
    ("cm", 11, "0.01"),
    ("mm", 11, "0.001"),
];

/// Power units are energy per time; kept apart because they are not a base dimension.
const POWER: &[(&str, &str)] = &[("kW", "3.6"), ("MW", "3600"), ("W", "0.0036"), ("GW", "3600000")];

fn decimal(text: &str) -> Decimal {
    super::number::dec(text)
}

impl Unit {
    /// The dimensionless unit `1`.
    pub fn one() -> Unit {
        Unit { dim: Dim::NONE, scale: Ratio::ONE, text: "1".into() }
    }

    pub fn is_dimensionless(&self) -> bool {
        self.dim.is_none()
    }

    /// Same dimension, whatever the scale: a value of one converts into the other.
    pub fn compatible(&self, other: &Unit) -> bool {
        self.dim == other.dim
    }

    fn named(name: &str) -> Option<Unit> {
        if let Some((n, i, s)) = NAMED.iter().find(|(n, _, _)| *n == name) {
            return Some(Unit { dim: Dim::base(*i), scale: Ratio::parse(s), text: (*n).to_string() });
        }
        let (n, s) = POWER.iter().find(|(n, _)| *n == name)?;
        let dim = Dim::base(0).combine(Dim::base(6), -1)?;
        Some(Unit { dim, scale: Ratio::parse(s), text: (*n).to_string() })
    }

    /// Multiply two units; the text is simplified to a named unit when one matches exactly.
    /// `None` when the scale or a power overflows.
    pub fn mul(&self, other: &Unit) -> Option<Unit> {
        let text = join(&self.text, '*', &other.text);
        let scale = self.scale.mul(other.scale)?;
        Some(Unit { dim: self.dim.combine(other.dim, 1)?, scale, text }.simplified())
    }

    /// Divide two units.
    pub fn div(&self, other: &Unit) -> Option<Unit> {
        let text = join(&self.text, '/', &other.text);
        let scale = self.scale.div(other.scale)?;
        Some(Unit { dim: self.dim.combine(other.dim, -1)?, scale, text }.simplified())
    }

    fn simplified(self) -> Unit {
        if self.dim.is_none() && self.scale == Ratio::ONE {
            return Unit::one();
        }
        for (n, i, s) in NAMED {
            if self.dim == Dim::base(*i) && self.scale == Ratio::parse(s) {
                return Unit { text: (*n).to_string(), ..self };
            }
        }
        self
    }

    /// The factor that converts a value in `self` into `to`: value_to = value_self × factor.
    /// `None` when the dimensions differ.
    pub fn factor_to(&self, to: &Unit) -> Option<Conversion> {
        if self.dim != to.dim {
            return None;
        }
        Conversion::of(self.scale.div(to.scale)?)
    }

    /// A description of the dimension in base units, for messages (`energy/time`).
    pub fn dimension_text(&self) -> String {
        let mut num = Vec::new();
        let mut den = Vec::new();
        for (i, e) in self.dim.0.iter().enumerate() {
            let name = DIM_NAMES[i];
            let p = |e: i8| if e.unsigned_abs() == 1 { name.to_string() } else { format!("{name}^{}", e.unsigned_abs()) };
            if *e > 0 {
                num.push(p(*e));
            } else if *e < 0 {
                den.push(p(*e));
            }
        }
        let n = if num.is_empty() { "1".to_string() } else { num.join("*") };
        if den.is_empty() { n } else { format!("{n}/{}", den.join("/")) }
    }
}

fn join(a: &str, op: char, b: &str) -> String {
    let wrap = |s: &str| if s.contains(['*', '/']) { format!("({s})") } else { s.to_string() };
    match (a, op, b) {
        (_, '*' | '/', "1") => a.to_string(),
        ("1", '*', _) => b.to_string(),
        _ => format!("{a}{op}{}", if op == '/' { wrap(b) } else { b.to_string() }),
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

mod conversion;
mod parse;

pub use conversion::Conversion;
pub use parse::{UnitError, UnitFault, parse_unit};

/// Every named unit, for documentation and `jcm explain`.
pub fn known_units() -> Vec<&'static str> {
    NAMED.iter().map(|(n, _, _)| *n).chain(POWER.iter().map(|(n, _)| *n)).collect()
}

#[cfg(test)]
mod tests;
