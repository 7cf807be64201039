//! The monitoring reader: a fixed project (two points, a unit conversion, a row equation's
//! inputs) reads a fuzzed CSV; every successful calculation keeps every balance.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static DIR: OnceLock<std::path::PathBuf> = OnceLock::new();

const PROJECT: &str = r#"[project]
id = "FUZZ"
title = "Fuzz target"
country = "TH"
methodology = "JCM_TH_AM001"
crediting_period = { start = 2021-01-01, end = 2030-12-31 }

[[points]]
id = "PV1"
connection = "national_grid"

[[points]]
id = "PV2"
connection = "national_grid"

[[periods]]
id = "MP1"
start = 2021-01-01
end = 2021-12-31

[[periods]]
id = "MP2"
start = 2022-01-01
end = 2023-06-30

[monitoring]
file = "monitoring.csv"

[allocation]
rounding = "japan-ceil"
japan_government = "50%"
project_participants = "rest"

[article6]
authorized = true

"#;

fuzz_target!(|data: &[u8]| {
    let dir = DIR.get_or_init(|| {
        let d = jcm_fuzz::scratch("monitoring");
        jcm_fuzz::put(&d, "project.toml", PROJECT.as_bytes());
        d
    });
    jcm_fuzz::put(dir, "monitoring.csv", data);
    jcm_fuzz::calc(dir);
});
