//! Builds xl's `parse_arm_sci_config()` for the host, taken verbatim from
//! the patch in `patches/xen-4.17` that adds it: the tests and the fuzz
//! target exercise the code a reviewer reads, not a copy of it.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

/// The first line of the function in the patch (an added line).
const SIGNATURE: &str = "+static int parse_arm_sci_config(";

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let series = root.join("../../patches/xen-4.17");
    println!("cargo:rerun-if-changed={}", series.display());
    println!("cargo:rerun-if-changed=c");

    let (patch, text) = find_patch(&series);
    let function = extract(&text)
        .unwrap_or_else(|| panic!("{}: cannot find the whole function", patch.display()));
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out.join("parse_arm_sci_config.c"), function).expect("writing the extract");

    let mut build = cc::Build::new();
    build
        .file(root.join("c/harness.c"))
        .include(root.join("c"))
        .include(&out)
        .flag_if_supported("-Wall")
        .flag_if_supported("-Werror");
    // Under cargo fuzz, instrument the C code too: coverage guides the
    // fuzzer into it, and AddressSanitizer sees its memory errors.
    if env::var_os("CARGO_CFG_FUZZING").is_some() {
        build
            .compiler("clang")
            .flag("-fsanitize=address,fuzzer-no-link");
    }
    build.compile("xl_arm_sci");
}

/// The patch of the series that adds the function.
fn find_patch(series: &Path) -> (PathBuf, String) {
    let mut patches: Vec<PathBuf> = fs::read_dir(series)
        .unwrap_or_else(|e| panic!("{}: {e}", series.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "patch"))
        .collect();
    patches.sort();
    patches
        .into_iter()
        .find_map(|p| {
            let text = fs::read_to_string(&p).ok()?;
            text.contains(SIGNATURE).then_some((p, text))
        })
        .unwrap_or_else(|| panic!("no patch in {} adds {SIGNATURE}", series.display()))
}

/// The function with its leading comment: the added lines from the
/// comment just before the signature to the first closing brace in
/// column 0, without the diff's '+'.
fn extract(patch: &str) -> Option<String> {
    let lines: Vec<&str> = patch.lines().collect();
    let sig = lines.iter().position(|l| l.starts_with(SIGNATURE))?;
    let mut start = sig;
    while start > 0
        && ["+/*", "+ *"]
            .iter()
            .any(|p| lines[start - 1].starts_with(p))
    {
        start -= 1;
    }
    let end = sig + lines[sig..].iter().position(|l| *l == "+}")?;
    let mut body = String::new();
    for line in &lines[start..=end] {
        body.push_str(line.strip_prefix('+')?);
        body.push('\n');
    }
    Some(body)
}
