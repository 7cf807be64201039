//! The reversal-reserve ledger of a CCS reserve or of a project's `[buffer]`: each monitoring
//! period deposits its reserve credits, each reversal cancels reserve credits for the stored CO2
//! that was lost, and a loss larger than the balance leaves a shortfall the participants must
//! make good (domain.md §4, [A]). Whole credits throughout; the ledger always balances:
//! `balance = deposited − cancelled` and, per reversal, `due = cancelled + shortfall`.
//!
//! The events are settled in the order the caller gives them. A CCS project gives every deposit,
//! in period order, then the reversals in date order: a reversal is only settled from the reserve
//! once injection has ended, by which time every crediting period has made its deposit. A buffer
//! gives them in date order (a deposit on its period's last day), so a loss is covered only by
//! what was deposited before it.

use super::rounding::{self, Mode};
use rust_decimal::Decimal;

/// What one ledger line does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Movement {
    /// A period's reserve deposit.
    Deposit { credits: i64 },
    /// A reversal: `leaked` tCO2, `due` whole credits to cancel for it, of which `cancelled`
    /// came from the reserve and `shortfall` could not.
    Reversal { leaked: Decimal, due: i64, cancelled: i64, shortfall: i64 },
}

/// One line of the ledger, with the balance after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The period id of a deposit, or the date of a reversal.
    pub label: String,
    pub movement: Movement,
    pub balance: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReserveLedger {
    pub entries: Vec<Entry>,
    pub deposited: i64,
    pub cancelled: i64,
    pub balance: i64,
    /// Leaked tonnes (as whole credits) the reserve could not cover.
    pub shortfall: i64,
}

/// One thing that happens to the reserve, before it is settled: `(label, amount)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Whole credits put aside.
    Deposit(String, i64),
    /// tCO2 lost from storage.
    Reversal(String, Decimal),
}

impl ReserveLedger {
    /// Post the deposits, then settle the reversals (leaked tCO2, rounded to whole credits by
    /// `reversal_rounding`). `None` on overflow or a negative amount.
    pub fn settle(deposits: &[(String, i64)], reversals: &[(String, Decimal)], reversal_rounding: Mode) -> Option<ReserveLedger> {
        let events: Vec<Event> = deposits
            .iter()
            .map(|(l, c)| Event::Deposit(l.clone(), *c))
            .chain(reversals.iter().map(|(l, x)| Event::Reversal(l.clone(), *x)))
            .collect();
        Self::settle_events(&events, reversal_rounding)
    }

    /// Settle the events in the order given. `None` on overflow or a negative amount.
    pub fn settle_events(events: &[Event], reversal_rounding: Mode) -> Option<ReserveLedger> {
        let mut l = ReserveLedger::default();
        for e in events {
            match e {
                Event::Deposit(label, credits) => {
                    if *credits < 0 {
                        return None;
                    }
                    l.deposited = l.deposited.checked_add(*credits)?;
                    l.balance = l.balance.checked_add(*credits)?;
                    l.entries.push(Entry { label: label.clone(), movement: Movement::Deposit { credits: *credits }, balance: l.balance });
                }
                Event::Reversal(label, leaked) => {
                    if *leaked < Decimal::ZERO {
                        return None;
                    }
                    let due = rounding::whole_count(*leaked, reversal_rounding)?;
                    let cancelled = due.min(l.balance);
                    let shortfall = due - cancelled;
                    l.balance -= cancelled;
                    l.cancelled = l.cancelled.checked_add(cancelled)?;
                    l.shortfall = l.shortfall.checked_add(shortfall)?;
                    l.entries.push(Entry {
                        label: label.clone(),
                        movement: Movement::Reversal { leaked: *leaked, due, cancelled, shortfall },
                        balance: l.balance,
                    });
                }
            }
        }
        Some(l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::number::dec;

    fn deposits(v: &[i64]) -> Vec<(String, i64)> {
        v.iter().enumerate().map(|(i, c)| (format!("MP{}", i + 1), *c)).collect()
    }

    fn check_balances(l: &ReserveLedger) {
        assert_eq!(l.balance, l.deposited - l.cancelled);
        for e in &l.entries {
            if let Movement::Reversal { due, cancelled, shortfall, .. } = e.movement {
                assert_eq!(due, cancelled + shortfall);
            }
        }
    }

    #[test]
    fn reversals_within_the_balance_are_cancelled_in_full() {
        let l = ReserveLedger::settle(&deposits(&[271, 300, 129]), &[("2029-03-15".into(), dec("150.4"))], Mode::Up).unwrap();
        check_balances(&l);
        assert_eq!((l.deposited, l.cancelled, l.balance, l.shortfall), (700, 151, 549, 0));
        assert_eq!(l.entries.len(), 4);
        assert_eq!(l.entries[2].balance, 700);
        assert_eq!(l.entries[3].movement, Movement::Reversal { leaked: dec("150.4"), due: 151, cancelled: 151, shortfall: 0 });
    }

    #[test]
    fn reversal_rounding_floor_cancels_whole_tonnes_only() {
        let l = ReserveLedger::settle(&deposits(&[10]), &[("d".into(), dec("4.9"))], Mode::Down).unwrap();
        assert_eq!((l.cancelled, l.balance), (4, 6));
    }

    #[test]
    fn a_leak_larger_than_the_balance_leaves_a_shortfall() {
        let rev = [("2029-01-10".into(), dec("500")), ("2030-06-01".into(), dec("300.2"))];
        let l = ReserveLedger::settle(&deposits(&[271, 300]), &rev, Mode::Up).unwrap();
        check_balances(&l);
        assert_eq!((l.deposited, l.cancelled, l.balance, l.shortfall), (571, 571, 0, 230));
        assert_eq!(l.entries[2].movement, Movement::Reversal { leaked: dec("500"), due: 500, cancelled: 500, shortfall: 0 });
        assert_eq!(l.entries[3].movement, Movement::Reversal { leaked: dec("300.2"), due: 301, cancelled: 71, shortfall: 230 });
    }

    #[test]
    fn no_reversals_keeps_every_deposit() {
        let l = ReserveLedger::settle(&deposits(&[5, 0, 7]), &[], Mode::Up).unwrap();
        assert_eq!((l.deposited, l.cancelled, l.balance, l.shortfall), (12, 0, 12, 0));
    }

    #[test]
    fn events_in_date_order_cover_a_loss_only_with_earlier_deposits() {
        let events = [
            Event::Deposit("MP1".into(), 40),
            Event::Reversal("2027-02-01".into(), dec("100.2")),
            Event::Deposit("MP2".into(), 90),
            Event::Reversal("2029-05-01".into(), dec("50")),
        ];
        let l = ReserveLedger::settle_events(&events, Mode::Up).unwrap();
        check_balances(&l);
        assert_eq!((l.deposited, l.cancelled, l.balance, l.shortfall), (130, 90, 40, 61));
        assert_eq!(l.entries[1].movement, Movement::Reversal { leaked: dec("100.2"), due: 101, cancelled: 40, shortfall: 61 });
        assert_eq!(l.entries[3].balance, 40);
        // The same events with every deposit first (the CCS order) leave no shortfall.
        let ccs = ReserveLedger::settle(&deposits(&[40, 90]), &[("a".into(), dec("100.2")), ("b".into(), dec("50"))], Mode::Up).unwrap();
        check_balances(&ccs);
        assert_eq!((ccs.cancelled, ccs.balance, ccs.shortfall), (130, 0, 21));
    }

    #[test]
    fn bad_amounts_and_overflow_are_none() {
        assert_eq!(ReserveLedger::settle(&deposits(&[-1]), &[], Mode::Up), None);
        assert_eq!(ReserveLedger::settle(&deposits(&[1]), &[("d".into(), dec("-1"))], Mode::Up), None);
        assert_eq!(ReserveLedger::settle(&deposits(&[i64::MAX, 1]), &[], Mode::Up), None);
    }
}
