use super::*;
use crate::engine::number::dec;
use crate::methodology::bundled;

fn options(start: &str) -> Options {
    Options {
        from: None,
        id: "demo".into(),
        country: "TH".into(),
        methodology_ref: "JCM_TH_AM001".into(),
        start: start.parse().expect("date"),
        points: 2,
    }
}

#[test]
fn placeholders_stay_inside_the_bounds() {
    let b = |min: Option<&str>, max: Option<&str>| Bounds { min: min.map(dec), max: max.map(dec) };
    assert_eq!(placeholder(&b(None, None)), dec("1"));
    assert_eq!(placeholder(&b(Some("0"), None)), dec("1"));
    assert_eq!(placeholder(&b(Some("2.5"), None)), dec("2.5"));
    assert_eq!(placeholder(&b(Some("0"), Some("0.3"))), dec("0.3"));
    assert_eq!(example_value(&b(Some("0"), Some("1"))), dec("1"));
    assert_eq!(example_value(&b(None, None)), dec("100"));
}

#[test]
fn slugs_make_point_ids() {
    assert_eq!(slug("PV system"), "pv-system");
    assert_eq!(slug("  Chiller (R-32) "), "chiller-r-32");
    assert_eq!(slug("★"), "point");
}

#[test]
fn a_pv_methodology_gets_points_with_their_lookup_and_one_csv() {
    let m = bundled::get("JCM_TH_AM001").expect("bundled").expect("loads");
    let p = plan(&m, options("2025-04-01"));
    assert_eq!(p.crediting_end.to_string(), "2035-03-31", "ten years");
    assert_eq!(p.period_end.to_string(), "2025-12-31", "the first period ends with the calendar year");
    let ids: Vec<&str> = p.points.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids, ["pv-system-1", "pv-system-2"]);
    assert_eq!(p.points[0].lines[0].key, "connection");
    assert_eq!(p.points[0].lines[0].value, "\"national_grid\"", "the first key of the table, in file order");
    assert_eq!(p.csvs.len(), 1);
    assert_eq!(p.csvs[0].name, "monitoring.csv");
    assert_eq!(p.csvs[0].header(&m), "date,point,EG [MWh]");
    assert_eq!(
        example_rows(&p, &p.csvs[0]),
        [
            "2025-04-30,pv-system-1,100",
            "2025-04-30,pv-system-2,100",
            "2025-05-31,pv-system-1,100",
            "2025-05-31,pv-system-2,100",
            "2025-06-30,pv-system-1,100",
            "2025-06-30,pv-system-2,100"
        ]
    );
    let names: Vec<String> = files(&p).into_iter().map(|f| f.name).collect();
    assert_eq!(names, ["project.toml", "monitoring.csv", "README.md"]);
}

#[test]
fn readings_per_point_and_project_wide_readings_get_separate_files() {
    let m = bundled::get("X_MV_SMART_MINIGRID").expect("bundled").expect("loads");
    let p = plan(&m, options("2025-01-01"));
    let csvs: Vec<(String, String)> = p.csvs.iter().map(|c| (c.name.clone(), c.header(&m))).collect();
    assert_eq!(
        csvs,
        [
            ("monitoring-project.csv".to_string(), "date,EC_AUX [MWh]".to_string()),
            ("monitoring-pv-system.csv".to_string(), "date,point,EG_PV [MWh]".to_string())
        ]
    );
    let toml = toml_text::project_toml(&p);
    assert!(toml.contains("file = [\"monitoring-project.csv\", \"monitoring-pv-system.csv\"]"), "{toml}");
    assert!(toml.contains("#   EF_DG = 0.533 tCO2/MWh"), "defaults are shown: {toml}");
    assert!(!toml.contains("[values]\n"), "no empty [values] table: {toml}");
}
