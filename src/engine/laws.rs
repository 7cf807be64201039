//! Property tests (proptest) of the arithmetic laws every result keeps, for random inputs:
//! allocations and vintages that add up, the CCS reserve plus
//! the allocation making the credits, a balanced reserve ledger, and expressions that print and
//! parse back to the same tree. Test-only: the laws are asserted on the code the CLI runs.

#![cfg(test)]

use super::allocation::{Policy, Shares, split};
use super::expr::ast::{BinOp, CmpOp, Expr, ExprKind, Link, Span};
use super::expr::parser::parse;
use super::ledger::ReserveLedger;
use super::rounding::{Mode, largest_remainder};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// A reading of up to 9 digits with up to 4 decimals.
pub fn reading() -> impl Strategy<Value = Decimal> {
    (0i64..1_000_000_000, 0u32..=4).prop_map(|(m, s)| Decimal::new(m, s))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever the shares and the policy, the parts add up to the credits and none is negative.
    #[test]
    fn allocation_adds_up(credits in 0i64..10_000_000_000, j in 0u32..=100, p in 0u32..=100, policy in 0usize..3) {
        let (j, p) = (j.min(100), p.min(100 - j.min(100)));
        let shares = Shares {
            japan: Decimal::new(i64::from(j), 2),
            partner: Decimal::new(i64::from(p), 2),
            participants: Decimal::new(i64::from(100 - j - p), 2),
        };
        let policy = [Policy::JapanCeil, Policy::LargestRemainder, Policy::FloorToParticipants][policy];
        let s = split(credits, &shares, policy).expect("two-decimal shares form exact quotas");
        prop_assert_eq!(s.iter().map(|(_, n)| n).sum::<i64>(), credits);
        prop_assert!(s.iter().all(|(_, n)| *n >= 0));
    }

    /// Vintages (largest remainder over the years' weights) add up to the period's credits,
    /// and reserve + allocation make the credits of every vintage.
    #[test]
    fn vintages_and_reserve_add_up(credits in 0i64..1_000_000_000, weights in prop::collection::vec(reading(), 1..12), rate in 0u32..=100) {
        prop_assume!(weights.iter().any(|w| !w.is_zero()));
        let v = largest_remainder(credits, &weights).unwrap();
        prop_assert_eq!(v.iter().sum::<i64>(), credits);
        prop_assert!(v.iter().all(|n| *n >= 0));
        for n in v {
            let reserve = super::rounding::whole_count(Decimal::from(n) * Decimal::new(i64::from(rate), 2), Mode::Up).unwrap().min(n);
            let shares = Shares { japan: Decimal::new(5, 1), partner: Decimal::ZERO, participants: Decimal::new(5, 1) };
            let allocated: i64 = split(n - reserve, &shares, Policy::JapanCeil).expect("exact quotas").iter().map(|(_, x)| x).sum();
            prop_assert_eq!(reserve + allocated, n);
        }
    }

    /// The ledger balances after any deposits and reversals: balance = deposited − cancelled,
    /// and each reversal's due = cancelled + shortfall.
    #[test]
    fn the_ledger_balances(deposits in prop::collection::vec(0i64..1_000_000, 0..8), leaks in prop::collection::vec(reading(), 0..8)) {
        let d: Vec<(String, i64)> = deposits.iter().enumerate().map(|(i, n)| (format!("MP{i}"), *n)).collect();
        let r: Vec<(String, Decimal)> = leaks.iter().enumerate().map(|(i, x)| (format!("2040-01-{:02}", i + 1), *x)).collect();
        let l = ReserveLedger::settle(&d, &r, Mode::Up).unwrap();
        prop_assert_eq!(l.balance, l.deposited - l.cancelled);
        prop_assert_eq!(l.deposited, deposits.iter().sum::<i64>());
        prop_assert!(l.balance >= 0);
        for e in &l.entries {
            if let super::ledger::Movement::Reversal { due, cancelled, shortfall, .. } = e.movement {
                prop_assert_eq!(due, cancelled + shortfall);
            }
        }
    }

    /// What the pretty-printer shows (`jcm explain`) parses back to the same tree.
    #[test]
    fn expressions_print_and_parse_back(e in expr()) {
        let shown = e.pretty();
        let again = parse(&shown).map_err(|err| TestCaseError::fail(format!("`{shown}`: {err}")))?;
        prop_assert_eq!(again.to_string(), e.to_string(), "printed as `{}`", shown);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// A flat chain of thousands of random terms and operators of one precedence prints and
    /// parses back as the same chain, and so does one written in parentheses as a term.
    #[test]
    fn long_flat_chains_print_and_parse_back(terms in prop::collection::vec((0usize..2, expr()), 1000..3000), product in any::<bool>()) {
        let ops = if product { [BinOp::Mul, BinOp::Div] } else { [BinOp::Add, BinOp::Sub] };
        let links: Vec<Link> = terms.into_iter().map(|(k, term)| Link { op: ops[k], term, upto: Span::default() }).collect();
        let chain = node(ExprKind::Chain(Box::new(node(ExprKind::Name("a".into()))), links));
        let shown = chain.pretty();
        let again = parse(&shown).map_err(|err| TestCaseError::fail(format!("`{shown}`: {err}")))?;
        prop_assert_eq!(again.to_string(), chain.to_string());
        let inside = node(ExprKind::Call { func: "max".into(), func_span: Span::default(), args: vec![chain.clone(), chain] });
        let again = parse(&inside.pretty()).map_err(|err| TestCaseError::fail(err.to_string()))?;
        prop_assert_eq!(again.to_string(), inside.to_string());
    }
}

fn node(kind: ExprKind) -> Expr {
    Expr { kind, span: Span::default() }
}

/// Random expression trees of every kind the parser builds, a few levels deep.
fn expr() -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![
        (0u32..1000, 0u32..3).prop_map(|(n, s)| {
            let d = Decimal::new(i64::from(n), s);
            node(ExprKind::Num { value: d, text: d.to_string(), unit: None })
        }),
        "[a-c]".prop_map(|n| node(ExprKind::Name(n))),
        prop_oneof![Just("grid"), Just("it's"), Just("off grid")].prop_map(|t| node(ExprKind::Text(t.to_string()))),
        Just(node(ExprKind::Index { name: "EG".into(), name_span: Span::default(), var: "i".into(), var_span: Span::default() })),
    ];
    leaf.prop_recursive(5, 48, 3, |inner| {
        let cmp = prop_oneof![Just(CmpOp::Lt), Just(CmpOp::Eq), Just(CmpOp::Ne), Just(CmpOp::Ge)];
        prop_oneof![
            inner.clone().prop_map(|e| node(ExprKind::Neg(Box::new(e)))),
            (any::<bool>(), inner.clone(), prop::collection::vec((0usize..2, inner.clone()), 1..4)).prop_map(|(product, first, rest)| {
                let ops = if product { [BinOp::Mul, BinOp::Div] } else { [BinOp::Add, BinOp::Sub] };
                node(ExprKind::Chain(
                    Box::new(first),
                    rest.into_iter().map(|(k, term)| Link { op: ops[k], term, upto: Span::default() }).collect(),
                ))
            }),
            (cmp, inner.clone(), inner.clone()).prop_map(|(op, a, b)| node(ExprKind::Cmp(op, Box::new(a), Box::new(b)))),
            prop::collection::vec(inner, 1..4).prop_map(|args| node(ExprKind::Call {
                func: "max".into(),
                func_span: Span::default(),
                args
            })),
        ]
    })
}
