//! The reversal buffer (`[buffer]`) and removal methodologies through the binary: the same
//! conservation rules as the CCS reserve (credits = buffer + allocation; ledger balance =
//! deposited − cancelled; due = cancelled + shortfall), losses settled in date order, a shortfall
//! that exits 1, and removals shown as removals.

use super::case::{self, golden, int, jcm, json};
use std::path::Path;

fn sum(v: &serde_json::Value, key: &str) -> i64 {
    v.as_array().expect("array").iter().map(|x| int(&x[key])).sum()
}

/// Every project with a [buffer] (the bundled examples and the shortfall fixture).
const BUFFERED: [&str; 4] =
    ["examples/id-peat-rewetting", "examples/kh-redd-forest", "examples/ph-reforestation", "tests/fixtures/buffer-shortfall"];

#[test]
fn buffer_conserves_credits_like_the_ccs_reserve() {
    for d in BUFFERED {
        let r = jcm(&["calc", d, "--format", "json"]);
        assert!(r.code == 0 || r.code == 1, "{d}: {}", r.stderr);
        let v = json(&r.stdout);
        let rate: rust_decimal::Decimal = v["settings"]["buffer"]["rate"].as_str().expect("rate").parse().expect("decimal");
        let mut deposits = 0;
        for p in v["periods"].as_array().expect("periods") {
            let (credits, reserve) = (int(&p["credits"]), int(&p["reserve"]));
            let exact = rate * rust_decimal::Decimal::from(credits);
            let rounded = if v["settings"]["buffer"]["rounding"] == "floor" { exact.floor() } else { exact.ceil() };
            assert_eq!(rust_decimal::Decimal::from(reserve), rounded, "{d}: buffer = rate × credits, rounded as set");
            assert_eq!(int(&p["for_allocation"]), credits - reserve, "{d}");
            assert_eq!(sum(&p["allocation"], "credits"), credits - reserve, "{d}: the allocation shares credits − buffer");
            assert_eq!(sum(&p["vintages"], "credits"), credits, "{d}");
            assert_eq!(sum(&p["vintages"], "reserve"), reserve, "{d}: the vintages' parts add up to the deposit");
            deposits += reserve;
        }
        let (iss, l) = (&v["issuance"], &v["reserve_ledger"]);
        assert_eq!(int(&iss["credits"]), int(&iss["reserve"]) + sum(&iss["allocation"], "credits"), "{d}: credits = buffer + allocated");
        assert_eq!((int(&iss["reserve"]), int(&l["deposited"])), (deposits, deposits), "{d}");
        assert_eq!(int(&l["balance"]), int(&l["deposited"]) - int(&l["cancelled"]), "{d}: balance = deposited − cancelled");
        let mut balance = 0;
        let mut shortfall = 0;
        for e in l["entries"].as_array().expect("entries") {
            if e["kind"] == "deposit" {
                balance += int(&e["credits"]);
            } else {
                assert_eq!(int(&e["due"]), int(&e["cancelled"]) + int(&e["shortfall"]), "{d}: due = cancelled + shortfall");
                assert!(int(&e["cancelled"]) <= balance, "{d}: a loss is covered only by what was deposited before it");
                balance -= int(&e["cancelled"]);
                shortfall += int(&e["shortfall"]);
            }
            assert_eq!(int(&e["balance"]), balance, "{d}: the running balance");
        }
        assert_eq!(int(&l["shortfall"]), shortfall, "{d}");
        assert_eq!(r.code, i32::from(shortfall > 0), "{d}: a shortfall, and only a shortfall, exits 1");
    }
}

/// ph-reforestation, by hand: MP1 12,903 credits → 20% ceil 2,581; MP2 14,118 → 2,824; MP3's stock
/// fell (fire, typhoon): net removals −3,080.78 → 0 credits and a reversal of 3,081 credits on
/// 2025-12-31; the loss recorded on 2026-04-02 (310.6 t) → 311. Balance 5,405 − 3,392 = 2,013.
#[test]
fn negative_net_removals_are_settled_from_the_buffer_in_date_order() {
    let r = jcm(&["calc", "examples/ph-reforestation", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("period MP3: net removals are negative"), "{}", r.stderr);
    let v = json(&r.stdout);
    assert_eq!(v["project"]["mitigation"], "removal");
    let reserves: Vec<i64> = v["periods"].as_array().expect("periods").iter().map(|p| int(&p["reserve"])).collect();
    assert_eq!(reserves, [2581, 2824, 0]);
    let l = &v["reserve_ledger"];
    let kinds: Vec<(&str, &str)> = l["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| (e["kind"].as_str().expect("kind"), e["period"].as_str().or(e["date"].as_str()).expect("label")))
        .collect();
    assert_eq!(kinds, [("deposit", "MP1"), ("deposit", "MP2"), ("reversal", "MP3"), ("deposit", "MP3"), ("reversal", "2026-04-02")]);
    assert_eq!(l["entries"][2]["date"], "2025-12-31");
    assert_eq!((int(&l["entries"][2]["due"]), int(&l["entries"][4]["due"])), (3081, 311));
    assert_eq!((int(&l["deposited"]), int(&l["cancelled"]), int(&l["balance"]), int(&l["shortfall"])), (5405, 3392, 2013, 0));
    assert_eq!(l["entries"][4]["lost"], "310.6");
}

/// tests/fixtures/buffer-shortfall: MP1 230 credits → floor(10%) = 23 in the buffer; MP2's stock
/// fell by 3 t/ha on 10 ha: net removals −76.21…, 77 credits due (ceil), 23 there: shortfall 54.
#[test]
fn a_buffer_shortfall_is_shown_and_exits_1() {
    let dir = Path::new("tests/fixtures/buffer-shortfall");
    let r = jcm(&["calc", "tests/fixtures/buffer-shortfall"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    golden(&dir.join("expected.txt"), &r.stdout);
    golden(&dir.join("expected.stderr"), &r.stderr);
    let l = &json(&jcm(&["calc", "tests/fixtures/buffer-shortfall", "--format", "json"]).stdout)["reserve_ledger"];
    assert_eq!((int(&l["deposited"]), int(&l["cancelled"]), int(&l["balance"]), int(&l["shortfall"])), (23, 23, 0, 54));
    let c = jcm(&["check", "tests/fixtures/buffer-shortfall"]);
    assert_eq!(c.code, 1);
    assert!(c.stderr.contains("[JCM-E073]"), "{}", c.stderr);
}

/// A removal methodology says so everywhere; a reduction project's JSON has no `mitigation` key
/// and its table keeps the words of reductions. The CSV fills the buffer in `reserve`.
#[test]
fn removals_are_shown_as_removals() {
    let table = jcm(&["calc", "examples/vn-rice-husk-biochar"]).stdout;
    assert!(table.contains("(removals)") && table.contains("Net removals per monitoring period"), "{table}");
    let hydro = jcm(&["calc", "examples/ph-run-of-river-hydro", "--format", "json"]);
    assert!(json(&hydro.stdout)["project"].get("mitigation").is_none());
    assert!(jcm(&["calc", "examples/ph-run-of-river-hydro"]).stdout.contains("Emission reductions per monitoring period"));
    let explain = jcm(&["explain", "X_PH_AR"]).stdout;
    assert!(explain.contains("Mitigation: removal (a removal methodology: RE is the CO2 the project removes"), "{explain}");
    let csv = jcm(&["calc", "examples/kh-redd-forest", "--format", "csv"]).stdout;
    let header: Vec<&str> = csv.lines().next().expect("header").split(',').collect();
    let col = header.iter().position(|h| *h == "reserve").expect("reserve column");
    let reserves: Vec<&str> = csv.lines().skip(1).map(|l| l.split(',').nth(col).expect("cell")).collect();
    assert_eq!(reserves, ["7706", "8695"]);
}

/// Both kinds of buffer diagnostic, and [buffer] beside [ccs].
#[test]
fn buffer_settings_are_checked() {
    let both = case::root().join("target/buffer-and-ccs");
    let _ = std::fs::remove_dir_all(&both);
    std::fs::create_dir_all(&both).expect("dir");
    for f in ["project.toml", "monitoring.csv"] {
        std::fs::copy(case::root().join("tests/fixtures/ccs-shortfall").join(f), both.join(f)).expect("copy");
    }
    let mut toml = std::fs::read_to_string(both.join("project.toml")).expect("project");
    toml.push_str("\n[buffer]\nrate = \"5%\"\n");
    std::fs::write(both.join("project.toml"), toml).expect("write");
    let r = jcm(&["check", both.to_str().expect("utf-8")]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("[JCM-E074]") && r.stderr.contains("both [ccs] and [buffer]"), "{}", r.stderr);
}
