//! A whole `calc`: the input is a project.toml, a line `#---`, then its monitoring.csv. Every
//! successful calculation keeps every balance (credits = reserve + allocation, vintages =
//! credits, ITMOs ≤ Japan's share, ledger balance = deposited − cancelled).
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static DIR: OnceLock<std::path::PathBuf> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let sep = b"\n#---\n";
    let (toml, csv) = match data.windows(sep.len()).position(|w| w == sep) {
        Some(i) => (&data[..i], &data[i + sep.len()..]),
        None => (data, &b""[..]),
    };
    if jcm_fuzz::escapes(toml) {
        return;
    }
    let dir = DIR.get_or_init(|| jcm_fuzz::scratch("calc"));
    jcm_fuzz::put(dir, "project.toml", toml);
    jcm_fuzz::put(dir, "monitoring.csv", csv);
    jcm_fuzz::calc(dir);
});
