//! What the fuzz targets share: a scratch folder per process to write a project into, and the
//! conservation laws every successful calculation must keep.

use jcm::compute::Calculation;
use jcm::engine::allocation::Party;
use std::path::{Path, PathBuf};

/// A folder of this process's own, created once, for the files a target writes.
pub fn scratch(target: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jcm-fuzz-{target}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create the scratch folder");
    dir
}

/// Write `bytes` to `dir/name`.
pub fn put(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).expect("write a scratch file");
}

/// Whether a project text may name a file outside the scratch folder (a device, a FIFO, the
/// user's files): such inputs are skipped, since reading `/dev/stdin` would block the fuzzer
/// rather than test jcm.
pub fn escapes(text: &[u8]) -> bool {
    text.windows(2).any(|w| w == b"..") || text.windows(1).any(|w| w == b"/" || w == b"\\")
}

/// Every balance a calculation must keep; panics (a fuzz finding) when one does not hold.
pub fn assert_conservation(c: &Calculation) {
    let i = &c.issuance;
    let periods: i64 = c.periods.iter().map(|p| p.credits).sum();
    assert_eq!(i.credits, periods, "issued credits = the periods' credits");
    assert_eq!(i.credits, i.reserve + i.allocated, "credits = reserve + allocation");
    for p in &c.periods {
        assert!(p.credits >= 0, "period {}: credits are never negative", p.id);
        if !p.vintages.is_empty() {
            let v: i64 = p.vintages.iter().map(|v| v.credits).sum();
            assert_eq!(v, p.credits, "period {}: vintages = credits", p.id);
            let r: i64 = p.vintages.iter().map(|v| v.reserve).sum();
            assert_eq!(r, p.reserve(), "period {}: vintage reserves = reserve", p.id);
        }
        if !p.allocation.is_empty() {
            let a: i64 = p.allocation.iter().map(|s| s.credits).sum();
            assert_eq!(a, p.for_allocation(), "period {}: allocation = credits − reserve", p.id);
        }
        for s in &p.allocation {
            assert!(s.credits >= 0, "period {}: a share is never negative", p.id);
            assert!(!s.itmo || s.party == Party::JapanGovernment, "period {}: only Japan's credits are ITMOs", p.id);
        }
    }
    let allocated: i64 = i.allocation.iter().map(|s| s.credits).sum();
    assert_eq!(allocated, i.allocated, "allocated = the sum of the shares");
    let japan: i64 = i.allocation.iter().filter(|s| s.party == Party::JapanGovernment).map(|s| s.credits).sum();
    assert!(i.corresponding_adjustment <= japan, "ITMOs ≤ Japan's share");
    if let Some(l) = &c.ledger {
        assert_eq!(l.balance, l.deposited - l.cancelled, "ledger balance = deposited − cancelled");
        assert_eq!(l.deposited, i.reserve, "the ledger holds every reserve deposit");
        assert!(l.balance >= 0, "the reserve never goes negative");
    }
}

/// Load the project in `dir` and, when it loads, compute it and check every balance.
pub fn calc(dir: &Path) {
    if let Ok(c) = jcm::pipeline::compute(dir) {
        assert_conservation(&c.calc);
    }
}
