//! The compiler's tests: units proved, errors worded and located.

use super::*;
use crate::engine::expr::parser::parse;

/// A scope with EG[i] (MWh), EF[i] (tCO2/MWh), EC (kWh), RE (tCO2), FC (kL), NCV (GJ/kL).
use crate::engine::test_scope::TestScope as S;

fn unit_of(src: &str) -> Result<String, (Fault, String, usize)> {
    let e = parse(src).unwrap();
    match compile(&e, &S, &[]) {
        Ok(c) => Ok(match c.ty {
            Ty::Free => "free".into(),
            Ty::U(u) => format!("{} [{}]", u, u.dimension_text()),
        }),
        Err(e) => Err((e.fault, e.message, e.span.start)),
    }
}

/// Unit-checker table: expression → its unit, or the error.
#[test]
fn units_are_proved() {
    let ok = [
        ("sum(i, EG[i] * EF[i])", "tCO2 [tCO2]"),
        ("EC * 0.5 [tCO2/MWh]", "kgCO2 [tCO2]"),
        ("FC * NCV", "GJ [MJ]"),
        ("RE - 0", "tCO2 [tCO2]"),
        ("max(0, RE)", "tCO2 [tCO2]"),
        ("0", "free"),
        ("sum(i, EG[i]) + EC", "MWh [MJ]"),
        ("if(EC > 0, RE, 0)", "tCO2 [tCO2]"),
        ("EC / days", "kWh/d [MJ/h]"),
        ("exp(-COP * 2)", "1 [1]"),
        ("RE * COP / COP", "tCO2 [tCO2]"),
        ("round(RE, 2)", "tCO2 [tCO2]"),
        ("if(OPT == 'grid', RE, 0)", "tCO2 [tCO2]"),
        ("if('pv' != OPT, RE, 0)", "tCO2 [tCO2]"),
        ("sum(i, if(CAT[i] == 'off', EG[i], 0))", "MWh [MJ]"),
        ("past(x, RE[x] * exp(-COP * age(x)) * (1 - exp(-COP)))", "tCO2 [tCO2]"),
    ];
    for (src, want) in ok {
        assert_eq!(unit_of(src), Ok(want.to_string()), "{src}");
    }
}

/// Trailing zeros do not change the places: `5.000000000` is 5, not 0, and `2.0000000000`
/// does not overflow.
#[test]
fn round_places_ignore_trailing_zeros() {
    for (src, want) in [("round(RE, 5.000000000)", 5), ("round(RE, 2.0000000000)", 2), ("round(RE, 28.0)", 28)] {
        let c = compile(&parse(src).unwrap(), &S, &[]).unwrap();
        assert!(matches!(c.node.op, Op::Round(_, p) if p == want), "{src}: {:?}", c.node.op);
    }
}

#[test]
fn unit_errors_name_both_units() {
    let bad = [
        ("RE + EC", Fault::UnitMismatch, "cannot add `kWh` to `tCO2`", 0),
        ("EC - RE", Fault::UnitMismatch, "cannot subtract `tCO2` from `kWh`", 0),
        ("max(RE, FC)", Fault::UnitMismatch, "`max` compares `tCO2` with `kL`", 8),
        ("if(RE > EC, 1, 0)", Fault::UnitMismatch, "cannot compare `tCO2` with `kWh`", 3),
        ("exp(RE)", Fault::UnitMismatch, "`exp` needs a dimensionless argument, found `tCO2`", 4),
        ("EG", Fault::BadIndex, "`EG` has one value per point of index `i`", 0),
        ("RE[i]", Fault::BadIndex, "`RE` is one value for the whole project; it has no index", 3),
        ("EG[i]", Fault::BadIndex, "index `i` is not bound here", 3),
        ("sum(i, sum(i, EG[i]))", Fault::BadIndex, "index `i` is already bound here", 11),
        ("EGG + 1", Fault::UnknownName, "unknown name `EGG`", 0),
        ("sum(j, EG[j])", Fault::UnknownName, "unknown index `j`", 4),
        ("min(RE)", Fault::BadCall, "`min` takes at least 2 arguments, found 1", 0),
        ("if(RE, 1, 0)", Fault::BadCall, "the first argument of `if` must be a comparison", 3),
        ("foo(RE)", Fault::BadCall, "unknown function `foo`", 0),
        ("RE > 0", Fault::BadCall, "a comparison is only allowed as the first argument of `if`", 0),
        ("RE / 0", Fault::LiteralZeroDivisor, "division by the literal 0", 5),
        ("2 [MWhh]", Fault::UnknownUnit, "unknown unit `MWhh`", 3),
        ("OPT * 2", Fault::BadCall, "`OPT` takes one of the words 'pv', 'grid', not a number", 0),
        ("if(OPT == 'sun', 1, 0)", Fault::UnknownName, "'sun' is not one of the words of `OPT`", 10),
        ("if(OPT > 'grid', 1, 0)", Fault::BadCall, "`OPT` is a word, compared only with == or !=", 3),
        ("if(OPT == 1, 1, 0)", Fault::BadCall, "`OPT` is compared with one of its words 'pv', 'grid'", 10),
        ("if(RE == 'grid', 1, 0)", Fault::BadCall, "'grid' can only be compared with an option or a category", 9),
        ("if(CAT == 'on', 1, 0)", Fault::BadIndex, "`CAT` has one value per point of index `i`", 3),
        ("'grid'", Fault::BadCall, "the word 'grid' is not a number", 0),
        ("past(x, EG[x])", Fault::BadIndex, "`EG` has one value per point; `past` reads values for the whole project", 11),
        ("age(x)", Fault::BadCall, "`age` takes the step of the enclosing `past`", 4),
        ("past(x, x)", Fault::BadCall, "`x` is the step of `past`, not a value", 8),
        ("past(RE, 1)", Fault::BadCall, "`RE` is already a name; the step of `past` needs a new one", 5),
        ("past(x, past(y, 1))", Fault::BadCall, "`past` cannot be used inside another `past`", 8),
        ("round(RE, 29)", Fault::BadCall, "the second argument of `round` is a whole number of decimals from 0 to 28", 10),
        ("round(RE, 1.5)", Fault::BadCall, "the second argument of `round` is a whole number of decimals from 0 to 28", 10),
    ];
    for (src, code, msg, at) in bad {
        assert_eq!(unit_of(src), Err((code, msg.to_string(), at)), "{src}");
    }
}

/// A scope for a row equation: `days` and `past` mean nothing there, and RE is off limits.
struct Row;
impl Scope for Row {
    fn symbol(&self, name: &str) -> Option<SymbolInfo> {
        S.symbol(name)
    }
    fn index(&self, name: &str) -> Option<usize> {
        S.index(name)
    }
    fn index_name(&self, id: usize) -> String {
        S.index_name(id)
    }
    fn suggest(&self, _: &str) -> Option<String> {
        None
    }
    fn usable(&self, id: usize) -> Result<(), (String, String)> {
        if id == 3 { Err(("RE is a period value".into(), "read it per period".into())) } else { Ok(()) }
    }
    fn period_context(&self) -> bool {
        false
    }
}

#[test]
fn row_equations_see_one_reading() {
    let err = |src: &str| {
        let e = compile(&parse(src).unwrap(), &Row, &[0]).unwrap_err();
        (e.fault, e.message, e.span.start)
    };
    assert_eq!(err("EC / days").0, Fault::BadContext);
    assert_eq!(
        err("past(x, EC[x])"),
        (Fault::BadContext, "`past` reads earlier monitoring periods; a row equation sees one reading".into(), 0)
    );
    assert_eq!(err("EC + 0 * RE"), (Fault::BadContext, "RE is a period value".into(), 9));
    assert!(compile(&parse("EG[i] * EF[i]").unwrap(), &Row, &[0]).is_ok());
}

#[test]
fn fit_converts_to_the_declared_unit() {
    let c = compile(&parse("EC * 0.5 [tCO2/MWh]").unwrap(), &S, &[]).unwrap();
    let n = fit(c, &parse_unit("tCO2").unwrap(), Span::default()).unwrap();
    assert!(matches!(n.op, Op::Convert(..)));
    let c = compile(&parse("EC").unwrap(), &S, &[]).unwrap();
    assert_eq!(fit(c, &parse_unit("tCO2").unwrap(), Span::default()).unwrap_err().fault, Fault::UnitMismatch);
}
