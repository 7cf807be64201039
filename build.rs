//! Embeds every `methodologies/*.toml` into the binary, so bundled methodologies are found
//! wherever `jcm` runs.

use std::fmt::Write;

fn main() {
    println!("cargo:rerun-if-changed=methodologies");
    let mut files: Vec<_> = std::fs::read_dir("methodologies")
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "toml")).collect())
        .unwrap_or_default();
    files.sort();
    let mut out = String::from("/// Bundled methodology files: (file name, text).\npub static BUNDLED: &[(&str, &str)] = &[\n");
    for p in &files {
        println!("cargo:rerun-if-changed={}", p.display());
        let abs = std::fs::canonicalize(p).expect("methodology path");
        let name = p.file_name().and_then(|n| n.to_str()).expect("utf-8 file name");
        writeln!(out, "    ({name:?}, include_str!({:?})),", abs.display().to_string()).expect("write");
    }
    out.push_str("];\n");
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("bundled.rs");
    std::fs::write(dest, out).expect("write bundled.rs");
}
