//! The expression parser: never panics, and what the pretty-printer (`jcm explain`) prints
//! parses back to the same tree.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else { return };
    let Ok(e) = jcm::engine::expr::parser::parse(src) else { return };
    let shown = e.pretty();
    let again = jcm::engine::expr::parser::parse(&shown).unwrap_or_else(|err| panic!("`{shown}` does not parse back: {err}"));
    assert_eq!(again.to_string(), e.to_string(), "`{src}` printed as `{shown}`");
});
