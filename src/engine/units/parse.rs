//! Parsing unit text: `tCO2/MWh`, `GJ/kL`, `kWh`, `m3/(t*d)`, `1/h`.

use super::Unit;

/// Why a unit text is not a unit, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitError {
    pub kind: UnitFault,
    /// Byte offset inside the unit text.
    pub offset: usize,
}

/// The kinds of unit text that are not a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitFault {
    /// Nothing but spaces.
    Empty,
    /// Text left after a whole unit (the rest of the text).
    Unexpected(String),
    /// An opening parenthesis without its closing one.
    Unclosed,
    /// An operator or parenthesis where a unit name should be.
    NoName,
    /// A name no unit has.
    Unknown(String),
    /// `^` without an integer after it.
    BadPower,
    /// A power or scale beyond what a unit holds.
    Overflow,
}

impl std::fmt::Display for UnitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            UnitFault::Empty => f.write_str("the unit is empty; write `1` for a dimensionless value"),
            UnitFault::Unexpected(rest) => write!(f, "unexpected `{rest}` in unit"),
            UnitFault::Unclosed => f.write_str("expected `)` in unit"),
            UnitFault::NoName => f.write_str("expected a unit name"),
            UnitFault::Unknown(name) => write!(f, "unknown unit `{name}`"),
            UnitFault::BadPower => f.write_str("expected an integer power"),
            UnitFault::Overflow => f.write_str("unit power or scale overflows"),
        }
    }
}

/// Parse a unit expression: names joined by `*` and `/`, optional integer powers `^2`,
/// parentheses, and `1` for dimensionless (`1/h`).
pub fn parse_unit(text: &str) -> Result<Unit, UnitError> {
    let mut p = UnitParser { s: text.as_bytes(), pos: 0, text };
    p.skip_ws();
    if p.pos == text.len() {
        return Err(UnitError { kind: UnitFault::Empty, offset: 0 });
    }
    let mut u = p.product()?;
    p.skip_ws();
    if p.pos != text.len() {
        return Err(p.error(UnitFault::Unexpected(text[p.pos..].to_string())));
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

    fn error(&self, kind: UnitFault) -> UnitError {
        UnitError { kind, offset: self.pos }
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
            u = r.ok_or_else(|| self.error(UnitFault::Overflow))?;
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
                return Err(self.error(UnitFault::Unclosed));
            }
            self.pos += 1;
            u
        } else {
            while self.pos < self.s.len() && (self.s[self.pos].is_ascii_alphanumeric()) {
                self.pos += 1;
            }
            let name = &self.text[start..self.pos];
            if name.is_empty() {
                return Err(self.error(UnitFault::NoName));
            }
            if name == "1" {
                Unit::one()
            } else {
                Unit::named(name).ok_or_else(|| UnitError { kind: UnitFault::Unknown(name.to_string()), offset: start })?
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
            let e: i8 = self.text[es..self.pos].parse().map_err(|_| self.error(UnitFault::BadPower))?;
            let base = u.clone();
            u = Unit::one();
            for _ in 0..e.unsigned_abs() {
                let r = if e > 0 { u.mul(&base) } else { u.div(&base) };
                u = r.ok_or_else(|| self.error(UnitFault::Overflow))?;
            }
        }
        Ok(u)
    }
}
