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
    fn of(r: Ratio) -> Option<Conversion> {
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
fn power_of_ten(d: Decimal) -> Option<u32> {
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

/// Why a unit text is not a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitError {
    pub message: String,
    /// Byte offset inside the unit text.
    pub offset: usize,
}

/// Parse a unit expression: names joined by `*` and `/`, optional integer powers `^2`,
/// parentheses, and `1` for dimensionless (`1/h`).
pub fn parse_unit(text: &str) -> Result<Unit, UnitError> {
    let mut p = UnitParser { s: text.as_bytes(), pos: 0, text };
    p.skip_ws();
    if p.pos == text.len() {
        return Err(UnitError { message: "the unit is empty; write `1` for a dimensionless value".into(), offset: 0 });
    }
    let mut u = p.product()?;
    p.skip_ws();
    if p.pos != text.len() {
        return Err(p.error(format!("unexpected `{}` in unit", &text[p.pos..])));
    }
    u.text = text.trim().to_string();
    Ok(u)
}

struct UnitParser<'a> {
    s: &'a [u8],
    pos: usize,
    text: &'a str,
}

impl UnitParser<'_> {
    fn skip_ws(&mut self) {
        while self.pos < self.s.len() && self.s[self.pos] == b' ' {
            self.pos += 1;
        }
    }

    fn error(&self, message: String) -> UnitError {
        UnitError { message, offset: self.pos }
    }

    fn product(&mut self) -> Result<Unit, UnitError> {
        let mut u = self.factor()?;
        loop {
            self.skip_ws();
            let Some(&op) = self.s.get(self.pos) else { return Ok(u) };
            if op != b'*' && op != b'/' && op != b'.' {
                return Ok(u);
            }
            self.pos += 1;
            let rhs = self.factor()?;
            let r = if op == b'/' { u.div(&rhs) } else { u.mul(&rhs) };
            u = r.ok_or_else(|| self.error("unit power or scale overflows".into()))?;
        }
    }

    fn factor(&mut self) -> Result<Unit, UnitError> {
        self.skip_ws();
        let start = self.pos;
        let mut u = if self.s.get(self.pos) == Some(&b'(') {
            self.pos += 1;
            let u = self.product()?;
            self.skip_ws();
            if self.s.get(self.pos) != Some(&b')') {
                return Err(self.error("expected `)` in unit".into()));
            }
            self.pos += 1;
            u
        } else {
            while self.pos < self.s.len() && (self.s[self.pos].is_ascii_alphanumeric()) {
                self.pos += 1;
            }
            let name = &self.text[start..self.pos];
            if name.is_empty() {
                return Err(self.error("expected a unit name".into()));
            }
            if name == "1" {
                Unit::one()
            } else {
                Unit::named(name).ok_or_else(|| UnitError { message: format!("unknown unit `{name}`"), offset: start })?
            }
        };
        if self.s.get(self.pos) == Some(&b'^') {
            self.pos += 1;
            let es = self.pos;
            if self.s.get(self.pos) == Some(&b'-') {
                self.pos += 1;
            }
            while self.pos < self.s.len() && self.s[self.pos].is_ascii_digit() {
                self.pos += 1;
            }
            let e: i8 = self.text[es..self.pos].parse().map_err(|_| self.error("expected an integer power".into()))?;
            let base = u.clone();
            u = Unit::one();
            for _ in 0..e.unsigned_abs() {
                let r = if e > 0 { u.mul(&base) } else { u.div(&base) };
                u = r.ok_or_else(|| self.error("unit power or scale overflows".into()))?;
            }
        }
        Ok(u)
    }
}

/// Every named unit, for documentation and `jcm explain`.
pub fn known_units() -> Vec<&'static str> {
    NAMED.iter().map(|(n, _, _)| *n).chain(POWER.iter().map(|(n, _)| *n)).collect()
}

#[cfg(test)]
mod tests {
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
        assert_eq!((e.message.as_str(), e.offset), ("unknown unit `MWhh`", 5));
        assert!(parse_unit("").is_err());
        assert!(parse_unit("tCO2/").is_err());
        assert!(parse_unit("(MWh").is_err());
    }

    /// Powers past what an exponent holds are an error, not an overflow panic.
    #[test]
    fn huge_powers_are_errors() {
        for t in ["tCO2^100*tCO2^100", "1/tCO2^-128", "tCO2^127*tCO2"] {
            assert_eq!(parse_unit(t).map_err(|e| e.message), Err("unit power or scale overflows".into()), "{t}");
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
}
