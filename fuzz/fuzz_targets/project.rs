//! The project loader, as `jcm check` runs it: any project.toml is a project or diagnostics.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static DIR: OnceLock<std::path::PathBuf> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    if jcm_fuzz::escapes(data) {
        return;
    }
    let dir = DIR.get_or_init(|| jcm_fuzz::scratch("project"));
    jcm_fuzz::put(dir, "project.toml", data);
    let _ = jcm::pipeline::files::project_all(dir);
    let _ = jcm::pipeline::files::project_ex_ante(dir);
});
