//! The methodology library through the binary: the published figures its examples reproduce,
//! `jcm methodologies`, `jcm explain`, ex-ante estimates, options, row equations and `past`.

use super::case::{self, jcm};
use serde_json::Value;
use std::path::PathBuf;

fn json(args: &[&str]) -> Value {
    let r = jcm(args);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    serde_json::from_str(&r.stdout).expect("json")
}

/// The value of `symbol` (at `point`) in an ex-ante JSON's `values`.
fn value_of<'a>(v: &'a Value, symbol: &str, point: Option<&str>) -> &'a str {
    v["values"]
        .as_array()
        .expect("values")
        .iter()
        .find(|x| x["symbol"] == symbol && point.is_none_or(|p| x["point"] == p))
        .and_then(|x| x["value"].as_str())
        .unwrap_or_else(|| panic!("no value of {symbol}"))
}

/// `round(x, places)` of a decimal written as text, half up, for comparing with published figures.
fn rounded(text: &str, places: u32) -> String {
    let d: rust_decimal::Decimal = text.parse().expect("decimal");
    d.round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero).to_string()
}

/// A scratch copy of an example, to change it in a test.
fn scratch(example: &str, name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("library").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    for e in std::fs::read_dir(case::root().join("examples").join(example)).expect("example") {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "toml" || x == "csv") {
            std::fs::copy(&p, dir.join(p.file_name().expect("name"))).expect("copy");
        }
    }
    dir
}

fn edit(path: &PathBuf, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replace(from, to)).expect("write");
}

/// Mongolia, 16.4 MW at Khushig Khundii: 23,134 MWh a year at 0.797 tCO2/MWh is 18,437.798 t,
/// 18,437 credits rounded down; the press release says 18,438, rounded to nearest.
#[test]
fn mongolian_pv_plant_reproduces_the_published_estimate() {
    let v = json(&["calc", "examples/mn-khushig-solar", "--ex-ante", "--format", "json"]);
    assert_eq!(v["estimate"]["RE"], "18437.798");
    assert_eq!(v["estimate"]["ER"], "18437.798");
    assert_eq!(v["estimate"]["credits"], 18437);
    assert_eq!(rounded(v["estimate"]["ER"].as_str().expect("ER"), 0), "18438", "the published figure, rounded to nearest");
    assert_eq!(value_of(&v, "EF_RE", Some("PV-PLANT")), "0.797");
}

/// Indonesia, frozen-food refrigerator PDD: COP 1.63 vs 1.32, 135 MWh a year: reference 167 MWh,
/// RE 135.70 (PDD: 136), PE 109.89, ER 25.81 → 25 tCO2 a year as the PDD states.
#[test]
fn indonesian_refrigerator_reproduces_the_pdd() {
    let v = json(&["calc", "examples/id-frozen-food-refrigerator", "--ex-ante", "--format", "json"]);
    assert_eq!(rounded(v["estimate"]["RE"].as_str().expect("RE"), 2), "135.70");
    assert_eq!(rounded(v["estimate"]["RE"].as_str().expect("RE"), 0), "136");
    assert_eq!(v["estimate"]["PE"], "109.89");
    assert_eq!(rounded(v["estimate"]["ER"].as_str().expect("ER"), 2), "25.81");
    assert_eq!(v["estimate"]["credits"], 25);
    assert_eq!(rounded(value_of(&v, "EC_RE", None), 0), "167");
    assert_eq!(value_of(&v, "COP_RE", None), "1.32");
    assert_eq!(value_of(&v, "COP_PJ", Some("REF-IQF")), "1.63");
}

/// Addu City smart micro-grid: 1,066 kL of diesel saved a year (12.5%).
#[test]
fn addu_fuel_saving_reproduces_the_published_diesel_saving() {
    let v = json(&["calc", "examples/mv-addu-diesel-saving", "--ex-ante", "--format", "json"]);
    assert_eq!(value_of(&v, "FC_SAVED", None), "1066");
    assert_eq!(value_of(&v, "FC_BL", None), "8528", "1,066 kL is 12.5% of the baseline fuel");
    assert_eq!(v["estimate"]["ER"], "2812.023786");
    assert_eq!(v["estimate"]["credits"], 2812);
}

/// ID009's monitoring sheet, 2017: 347.2 MWh for the chiller; the grid import only makes sense in kWh.
#[test]
fn id009_readings_are_used_as_published() {
    let v = json(&["calc", "examples/id-chiller", "--format", "json"]);
    assert_eq!(v["periods"][0]["PE"], "282.6208", "347.2 MWh × 0.814");
    assert_eq!(v["periods"][0]["credits"], 35);
}

#[test]
fn methodologies_lists_at_least_twenty_in_twelve_families() {
    let v = json(&["methodologies", "--format", "json"]);
    let ms = v["methodologies"].as_array().expect("list");
    assert!(ms.len() >= 20);
    let families: std::collections::BTreeSet<&str> = ms.iter().filter_map(|m| m["family"].as_str()).collect();
    assert!(families.len() >= 12, "{families:?}");
    let removals: Vec<&str> = ms.iter().filter(|m| m["mitigation"] == "removal").filter_map(|m| m["id"].as_str()).collect();
    assert_eq!(removals, ["X_PH_AR", "X_VN_BIOCHAR"]);
    for m in ms {
        assert!(m["mitigation"] == "reduction" || m["mitigation"] == "removal");
        assert!(m["fidelity"] == "transcribed" || m["fidelity"] == "illustrative");
        assert!(m["source"].as_str().is_some_and(|s| s.contains("http")));
    }
    let table = jcm(&["methodologies"]);
    assert_eq!(table.code, 0);
    assert!(table.stdout.contains("JCM_VN_AM004") && table.stdout.contains("waste-methane"));
    let csv = jcm(&["methodologies", "--format", "csv"]);
    assert!(csv.stdout.starts_with(
        "id,version,title,family,countries,fidelity,source,values,values_published,values_assumed,mitigation
"
    ));
    assert_eq!(csv.stdout.lines().count(), ms.len() + 1);
}

/// Every value a bundled methodology fixes says whether it is published or assumed, and a
/// published one where; `jcm methodologies` counts them in every format.
#[test]
fn every_bundled_value_states_its_provenance() {
    let v = json(&["methodologies", "--format", "json"]);
    let ms = v["methodologies"].as_array().expect("list");
    let count = |id: &str| {
        let m = ms.iter().find(|m| m["id"] == id).unwrap_or_else(|| panic!("{id}"));
        (case::int(&m["values"]["published"]), case::int(&m["values"]["assumed"]), case::int(&m["values"]["total"]))
    };
    assert_eq!(count("JCM_MN_AM003"), (3, 0, 3));
    assert_eq!(count("JCM_ID_AM017"), (24, 1, 25));
    assert_eq!(count("JCM_ID_AM003"), (2, 0, 2));
    assert_eq!(count("JCM_TH_AM001"), (0, 2, 2));
    for m in ms {
        let id = m["id"].as_str().expect("id");
        let e = json(&["explain", id, "--format", "json"]);
        for p in e["parameters"].as_array().expect("parameters") {
            for val in p["values"].as_array().into_iter().flatten() {
                let status = val["status"].as_str().unwrap_or_else(|| panic!("{id} {} {val}: no status", p["name"]));
                assert!(status == "published" || status == "assumed", "{id}: {status}");
                if status == "published" {
                    assert!(val["source"].as_str().is_some_and(|s| !s.is_empty()), "{id} {}: published without a source", p["name"]);
                }
            }
        }
        let (published, assumed, total) = count(id);
        assert_eq!(published + assumed, total, "{id}: every value states its status");
    }
    let table = jcm(&["methodologies"]).stdout;
    assert!(table.contains("Values published") && table.contains("24 of 25"), "{table}");
    let csv = jcm(&["methodologies", "--format", "csv"]).stdout;
    assert!(csv.lines().any(|l| l.starts_with("JCM_MN_AM003,") && l.ends_with(",3,3,0,reduction")), "{csv}");
    // The trace says where a fixed value used in a period was published.
    let t = json(&["calc", "examples/id-solar-battery", "--explain", "--format", "json"]);
    let ef = t["trace"][0]["inputs"].as_array().expect("inputs").iter().find(|i| i["symbol"] == "EF_RE").expect("EF_RE");
    assert_eq!(ef["values"][0]["provenance"]["status"], "published");
    assert!(ef["values"][0]["provenance"]["source"].as_str().expect("source").contains("docslib.org/doc/5422543"));
    assert_eq!(ef["values"][1]["provenance"]["status"], "assumed");
}

#[test]
fn explain_reads_like_a_lesson() {
    let r = jcm(&["explain", "JCM_ID_AM017"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for part in [
        "JCM_ID_AM017 version 1.0",
        "Fidelity: illustrative",
        "Source: https://www.jcm.go.jp/id-jp/methodologies/78",
        "Options (the project chooses one in [values])",
        "'pv_charged'",
        "EG_PV[i] [MWh]",
        "monitoring option C: the participants' own meters",
        "picked by the point attribute `connection`: jamali_case1 = 0.619, jamali_case2 = 0.533, sumatra_case1 = 0.458",
        "captive_diesel: assumed: the most efficient diesel generator",
        "the other values, published: JCM Indonesia, Additional information on calculating the emission factors",
        "Values: 24 of 25 values published (1 assumed)",
        "EG_RE[i] = if(calculation == 'after_battery', EG_PV[i],",
        "[MWh]",
    ] {
        assert!(r.stdout.contains(part), "missing {part:?} in:\n{}", r.stdout);
    }
    let kh = jcm(&["explain", "JCM_KH_AM002"]).stdout;
    assert!(kh.contains("RE_d[i] = EG[i] * EF_RE  [tCO2] (for every monitoring row, summed over the period)"), "{kh}");
    assert!(kh.contains("picked per reading by `day_category`: grid = 0.5, diesel = 0.533"), "{kh}");
    let v = json(&["explain", "methodologies/JCM_VN_AM004.toml", "--format", "json"]);
    assert_eq!(v["methodology"]["id"], "JCM_VN_AM004");
    let decay = v["equations"].as_array().expect("equations").iter().find(|e| e["name"] == "W_DECAY").expect("W_DECAY");
    assert_eq!(decay["expr"], "past(x, W[x] * exp(-k * age(x)) * (1 - exp(-k)))");
    assert_eq!(decay["unit"], "t");
    let unknown = jcm(&["explain", "JCM_MN_AM03"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("did you mean `JCM_MN_AM003`?"), "{}", unknown.stderr);
}

/// A project at the PDD stage has no periods, monitoring or allocation: `calc` says to use
/// `--ex-ante`, which works; every ex-ante format renders.
#[test]
fn a_pdd_stage_project_is_estimated_ex_ante() {
    let r = jcm(&["calc", "examples/mn-khushig-solar"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("jcm calc --ex-ante"), "{}", r.stderr);
    let csv = jcm(&["calc", "examples/mn-khushig-solar", "examples/id-frozen-food-refrigerator", "--ex-ante", "--format", "csv"]);
    assert_eq!(
        csv.stdout,
        "project,methodology,basis,RE,PE,ER,credits\nMN-KHUSHIG,JCM_MN_AM003,one year,18437.798,0,18437.798,18437\nID-FROZEN-FOOD,JCM_ID_AM003,one year,135.6975,109.89,25.8075,25\n"
    );
    let many = json(&["calc", "examples/mn-khushig-solar", "examples/kh-school-solar", "--ex-ante", "--format", "json"]);
    assert_eq!(many["projects"].as_array().map(Vec::len), Some(2));
}

/// A folder of projects gives the `{"projects": [...]}` shape whatever it holds, as `calc` does
/// without `--ex-ante`: a script need not count the projects to read the output.
#[test]
fn ex_ante_of_a_folder_of_one_project_keeps_the_many_shape() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("library").join("ex-ante-folder-of-one");
    let _ = std::fs::remove_dir_all(&dir);
    let one = scratch("mn-khushig-solar", "ex-ante-folder-of-one/mn");
    assert!(one.starts_with(&dir));
    let v = json(&["calc", dir.to_str().expect("path"), "--ex-ante", "--format", "json"]);
    assert_eq!(v["projects"].as_array().map(Vec::len), Some(1), "{v}");
    let single = json(&["calc", one.to_str().expect("path"), "--ex-ante", "--format", "json"]);
    assert_eq!(single["project"]["id"], "MN-KHUSHIG", "a project folder gives its own document");
}

#[test]
fn a_missing_estimate_is_named_with_its_point() {
    let dir = scratch("id-solar-battery", "estimate-missing");
    edit(&dir.join("project.toml"), "EG_PV = 205\n", "");
    let r = jcm(&["calc", dir.to_str().expect("path"), "--ex-ante"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("error[JCM-E082]: the estimate has no value of EG_PV at point PV-WAREHOUSE"), "{}", r.stderr);
    assert!(r.stderr.contains("[estimate.points.PV-WAREHOUSE]"), "{}", r.stderr);
    let dir = scratch("mn-khushig-solar", "estimate-unknown");
    edit(&dir.join("project.toml"), "EG = 23134", "EGG = 23134");
    let r = jcm(&["calc", dir.to_str().expect("path"), "--ex-ante"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("error[JCM-E082]: `EGG` is not a monitored parameter of JCM_MN_AM003"), "{}", r.stderr);
    assert!(r.stderr.contains("project.toml:19:7"), "{}", r.stderr);
    let dir = scratch("mn-khushig-solar", "estimate-none");
    edit(&dir.join("project.toml"), "[estimate]\nEG = 23134", "");
    let r = jcm(&["calc", dir.to_str().expect("path"), "--ex-ante"]);
    assert!(r.stderr.contains("error[JCM-E082]: the project has no [estimate]"), "{}", r.stderr);
}

/// With the option that meters after the battery, the battery columns are not needed at all.
#[test]
fn the_chosen_option_decides_what_is_monitored() {
    let dir = scratch("id-solar-battery", "option-after-battery");
    edit(&dir.join("project.toml"), "calculation = \"pv_charged\"", "calculation = \"after_battery\"");
    let csv = std::fs::read_to_string(dir.join("monitoring.csv")).expect("csv");
    let only_pv: String = csv.lines().map(|l| l.split(',').take(3).collect::<Vec<_>>().join(",") + "\n").collect();
    std::fs::write(dir.join("monitoring.csv"), only_pv).expect("write");
    let v = json(&["calc", dir.to_str().expect("path"), "--format", "json"]);
    // 672.892 × 0.619 (Jamali, Case 1) + 201.8676 × 0.533
    assert_eq!(v["periods"][0]["RE"], "524.1155788");
    edit(&dir.join("project.toml"), "calculation = \"after_battery\"", "calculation = \"grid_charged\"");
    let r = jcm(&["calc", dir.to_str().expect("path")]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no monitoring file has a column for EC_BAT"), "{}", r.stderr);
    assert!(!r.stderr.contains("ED_BAT"), "grid_charged does not read the discharge: {}", r.stderr);
    edit(&dir.join("project.toml"), "calculation = \"grid_charged\"", "calculation = \"battery\"");
    let r = jcm(&["calc", dir.to_str().expect("path")]);
    assert!(r.stderr.contains("error[JCM-E081]: option `calculation` = \"battery\" is not one of its choices"), "{}", r.stderr);
}

/// A day's category must be one of the methodology's words; a row equation needs all its
/// readings in one file.
#[test]
fn row_readings_are_checked_where_they_are() {
    let dir = scratch("kh-school-solar", "category-typo");
    edit(&dir.join("monitoring.csv"), "2023-03-07,PV-ROOF,937.5,diesel", "2023-03-07,PV-ROOF,937.5,disel");
    let r = jcm(&["calc", dir.to_str().expect("path")]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("error[JCM-E081]: day_category: `disel` is not one of its categories"), "{}", r.stderr);
    assert!(r.stderr.contains("monitoring.csv:67:26"), "{}", r.stderr);
    let dir = scratch("kh-school-solar", "category-split");
    let csv = std::fs::read_to_string(dir.join("monitoring.csv")).expect("csv");
    let no_category: String = csv.lines().map(|l| l.rsplit_once(',').map_or(l, |(a, _)| a).to_string() + "\n").collect();
    std::fs::write(dir.join("monitoring.csv"), no_category).expect("write");
    let r = jcm(&["calc", dir.to_str().expect("path")]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("row equation RE_d reads day_category from the same row, but this file has no column for it"),
        "{}",
        r.stderr
    );
}

/// `past` steps by year: a half-year period is refused; the history is read.
#[test]
fn history_needs_yearly_steps() {
    let dir = scratch("vn-market-biogas", "history-half-year");
    edit(
        &dir.join("project.toml"),
        "id = \"MP3\"\nstart = 2023-01-01\nend = 2023-12-31",
        "id = \"MP3\"\nstart = 2023-01-01\nend = 2023-06-30",
    );
    let r = jcm(&["calc", dir.to_str().expect("path")]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("error[JCM-E083]: monitoring period MP3 (2023-01-01 to 2023-06-30) is not one year long"), "{}", r.stderr);
    // Without the 2021 waste, 2022 and 2023 lose its decay.
    let dir = scratch("vn-market-biogas", "history-none");
    edit(&dir.join("project.toml"), "[[history]]\nstart = 2021-01-01\nend = 2021-12-31\nW = 10420", "");
    let without = json(&["calc", dir.to_str().expect("path"), "--format", "json"]);
    let with = json(&["calc", "examples/vn-market-biogas", "--format", "json"]);
    let re = |v: &Value, k: usize| v["periods"][k]["RE"].as_str().expect("RE").parse::<rust_decimal::Decimal>().expect("decimal");
    assert!(re(&with, 0) > re(&without, 0) && re(&with, 1) > re(&without, 1));
    let v = json(&["calc", "examples/vn-market-biogas", "--ex-ante", "--format", "json"]);
    assert_eq!(v["estimate"]["years"].as_array().map(Vec::len), Some(10));
    assert_eq!(v["estimate"]["total_credits"], 73892);
}

/// A load-time warning (an overridden default) reaches the ex-ante JSON's warnings, as for `calc`.
#[test]
fn ex_ante_json_lists_load_warnings() {
    let dir = scratch("id-frozen-food-refrigerator", "override-warning");
    edit(&dir.join("project.toml"), "[[points]]", "[values]\nEF_elec = 0.8\n\n[[points]]");
    let r = jcm(&["calc", dir.to_str().expect("path"), "--ex-ante", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).expect("json");
    let warnings = v["warnings"].as_array().expect("warnings");
    assert!(warnings.iter().any(|w| w.as_str().is_some_and(|w| w.starts_with("JCM-W003"))), "{warnings:?}");
    assert!(r.stderr.contains("warning[JCM-W003]"), "{}", r.stderr);
}

/// Every bundled methodology explains itself to a student: a description, a source address,
/// and a description for every parameter and equation; the new families' published values carry
/// their source.
#[test]
fn every_bundled_methodology_explains_every_symbol() {
    let v = json(&["methodologies", "--format", "json"]);
    for m in v["methodologies"].as_array().expect("list") {
        let id = m["id"].as_str().expect("id");
        let e = json(&["explain", id, "--format", "json"]);
        assert!(e["description"].as_str().is_some_and(|d| d.len() > 200), "{id}: a description that teaches");
        for s in e["parameters"].as_array().expect("parameters").iter().chain(e["equations"].as_array().expect("equations")) {
            assert!(s["description"].as_str().is_some_and(|d| !d.is_empty()), "{id}: {} has no description", s["name"]);
        }
    }
    for (id, part) in [
        ("X_TH_FLUOROCARBON", "published: Montreal Protocol, approved destruction processes"),
        ("X_PH_RICE_AWD", "picked per reading by `regime`: continuously_flooded = 1, single_drainage = 0.71, multiple_drainage = 0.55"),
        (
            "X_VN_BIOCHAR",
            "RE_b[k] = M_BC[k] * F_C[k] * F_PERM[k] * 44 [tCO2/t] / 12  [tCO2] (for every monitoring row, summed over the period)",
        ),
        ("JCM_PH_AM001", "Source: https://www.jcm.go.jp/ph-jp/methodologies/110"),
        ("JCM_TH_AM016", "Source: https://www.jcm.go.jp/th-jp/methodologies/130"),
        ("X_ID_PEATLAND", "EF_OX [tCO2/ha/cm]"),
    ] {
        let r = jcm(&["explain", id]);
        assert_eq!(r.code, 0, "{id}: {}", r.stderr);
        assert!(r.stdout.contains(part), "{id}: missing {part:?} in:\n{}", r.stdout);
    }
}

/// (credits, Japan's credits) of a one-period example's JSON.
fn issued(v: &Value) -> (i64, i64) {
    let japan = v["issuance"]["allocation"].as_array().expect("allocation").iter().find(|a| a["party"] == "japan_government");
    (case::int(&v["issuance"]["credits"]), case::int(&japan.expect("japan")["credits"]))
}

/// The four published issuances: the examples reproduce the published credits and Japan's
/// share by an allocation rule, not by notified amounts.
#[test]
fn published_issuances_are_reproduced_by_their_allocation_rule() {
    for (example, credits, japan) in [
        ("examples/vn-hotel-inverter-ac", 189, 95),
        ("examples/mn-darkhan-solar", 8947, 6263),
        ("examples/mn-solar-60-percent", 35419, 21251),
        ("examples/kh-ispp-school-solar", 181, 92),
    ] {
        let v = json(&["calc", example, "--format", "json"]);
        assert_eq!(issued(&v), (credits, japan), "{example}");
        let text = std::fs::read_to_string(case::root().join(example).join("project.toml")).expect("project");
        assert!(!text.contains("[[allocation.notified]]"), "{example} must reproduce the split by a rule");
    }
    // Cambodia: 92 comes from rounding per calendar-year vintage (27, 103 and 51 credits); once
    // per period it would be 91.
    let v = json(&["calc", "examples/kh-ispp-school-solar", "--format", "json"]);
    let vintages: Vec<i64> = v["periods"][0]["vintages"].as_array().expect("vintages").iter().map(|x| case::int(&x["credits"])).collect();
    assert_eq!(vintages, vec![27, 103, 51]);
    let dir = scratch("kh-ispp-school-solar", "ispp-per-period");
    edit(&dir.join("project.toml"), "per = \"vintage\"", "per = \"period\"");
    assert_eq!(issued(&json(&["calc", dir.to_str().expect("path"), "--format", "json"])), (181, 91));
    // Mongolia at 60%: Japan's share was rounded down; rounded up it would be 21,252.
    let dir = scratch("mn-solar-60-percent", "sixty-ceil");
    edit(&dir.join("project.toml"), "rounding = \"floor-to-participants\"", "rounding = \"japan-ceil\"");
    assert_eq!(issued(&json(&["calc", dir.to_str().expect("path"), "--format", "json"])), (35419, 21252));
    // Darkhan at 70%: rounded down it would be 6,262.
    let dir = scratch("mn-darkhan-solar", "seventy-floor");
    edit(&dir.join("project.toml"), "rounding = \"japan-ceil\"", "rounding = \"floor-to-participants\"");
    assert_eq!(issued(&json(&["calc", dir.to_str().expect("path"), "--format", "json"])), (8947, 6262));
}
