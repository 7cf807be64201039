//! The methodology loader: any text is a methodology or a list of diagnostics, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = jcm::methodology::load::load(jcm::diag::Source::new("fuzz.toml", text));
});
