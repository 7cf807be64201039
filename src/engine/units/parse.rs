//! Parsing unit text: `tCO2/MWh`, `GJ/kL`, `kWh`, `m3/(t*d)`, `1/h`.

use super::Unit;

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
