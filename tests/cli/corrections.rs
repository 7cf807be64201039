//! Meter corrections: applied exactly, in the conservative direction the methodology implies,
//! shown in the output; an explicit direction where the methodology cannot decide.

use super::case::jcm;

#[test]
fn the_corrected_example_computes_its_hand_checked_figures() {
    let r = jcm(&["calc", "examples/minigrid-meter-correction", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let p = &v["periods"][0];
    assert_eq!((p["RE"].as_str(), p["PE"].as_str(), p["ER"].as_str()), (Some("636.818273"), Some("13.700765"), Some("623.117508")));
    assert_eq!(p["credits"], 623);
    let c = v["corrections"].as_array().expect("corrections");
    assert_eq!((c[0]["factor"].as_str(), c[0]["why"].as_str(), c[0]["readings"].as_u64()), (Some("0.985"), Some("raises-er"), Some(6)));
    assert_eq!((c[1]["factor"].as_str(), c[1]["why"].as_str(), c[1]["readings"].as_u64()), (Some("1.02"), Some("lowers-er"), Some(6)));
}

/// A methodology where EG raises ER at one point and lowers it at the other: the direction of a
/// correction over both points is not one way, and only an explicit direction resolves it.
#[test]
fn a_direction_the_methodology_cannot_decide_must_be_given() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("jcm-corrections");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let methodology = "[methodology]\nid = \"T\"\nversion = \"1\"\n[indexes]\ni = \"meter\"\n[parameters.EG]\nunit = \"MWh\"\nkind = \"monitored\"\nindex = \"i\"\n\
        [parameters.K]\nunit = \"tCO2/MWh\"\nkind = \"project\"\nindex = \"i\"\n\
        [equations]\nRE = { expr = \"sum(i, EG[i] * K[i])\", unit = \"tCO2\" }\nPE = { expr = \"0\", unit = \"tCO2\" }\nER = { expr = \"RE - PE\", unit = \"tCO2\" }\n";
    std::fs::write(dir.join("m.toml"), methodology).expect("write");
    std::fs::write(dir.join("monitoring.csv"), "date,point,EG\n2021-06-30,A,100\n2021-06-30,B,10\n").expect("write");
    let project = |direction: &str| {
        format!(
            "[project]\nid = \"T\"\ncountry = \"TH\"\nmethodology = \"m.toml\"\ncrediting_period = {{ start = 2021-01-01, end = 2030-12-31 }}\n\
             [[points]]\nid = \"A\"\nK = 1\n[[points]]\nid = \"B\"\nK = -1\n[[periods]]\nid = \"MP1\"\nstart = 2021-01-01\nend = 2021-12-31\n\
             [monitoring]\nfile = \"monitoring.csv\"\n[allocation]\njapan_government = \"50%\"\nproject_participants = \"rest\"\n\
             [[corrections]]\nparameter = \"EG\"\nfrom = 2021-01-01\nto = 2021-12-31\nerror = \"10%\"\n{direction}"
        )
    };
    std::fs::write(dir.join("project.toml"), project("")).expect("write");
    let d = dir.to_str().expect("utf-8");
    let r = jcm(&["calc", d]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("error[JCM-E051]")
            && r.stderr.contains("raising EG raises ER in period MP1 at A but lowers ER in period MP1 at B"),
        "{}",
        r.stderr
    );
    std::fs::write(dir.join("project.toml"), project("direction = \"down\"\n")).expect("write");
    let r = jcm(&["calc", d, "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    // (100 × 0.9) × 1 + (10 × 0.9) × (−1) = 81
    assert_eq!(v["periods"][0]["ER"], "81");
    assert_eq!(v["corrections"][0]["why"], "explicit");
}
