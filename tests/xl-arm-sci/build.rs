//! Builds xl's `parse_arm_sci_config()` for the host, taken verbatim from
//! the patches: the 4.17 one from the patch in `patches/xen-4.17` that adds
//! it, the 4.22 one as the `patches/xen-4.22` series leaves upstream's
//! function. The tests and the fuzz target exercise the code a reviewer
//! reads, not a copy of it.

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

    build_422(root, &out);

    let mut build = cc::Build::new();
    build
        .file(root.join("c/harness.c"))
        .file(root.join("c/harness_422.c"))
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

/// The 4.22 function's first line. Upstream 4.22 has the function
/// already; the series rewrites it in place, so here it is a context line
/// of one patch and changed by later ones.
const SIGNATURE_422: &str =
    "static int parse_arm_sci_config(XLU_Config *cfg, libxl_arm_sci *arm_sci,";

/// The file of the series that holds it.
const FILE_422: &str = "tools/xl/xl_parse.c";

/// `parse_arm_sci_config()` as the whole 4.22 series leaves it: the hunk
/// of xl_parse.c that shows the function whole (its post-image, context
/// and added lines) is the starting text; every later hunk of the file
/// that falls into it is applied on top, after checking that its context
/// and removed lines are exactly what the text has there.
fn build_422(root: &Path, out: &Path) {
    let dir = root.join("../../patches/xen-4.22");
    println!("cargo:rerun-if-changed={}", dir.display());
    let series = fs::read_to_string(dir.join("series"))
        .unwrap_or_else(|e| panic!("{}/series: {e}", dir.display()));
    // The text and the line number of its first line in the file.
    let mut text: Option<(usize, Vec<String>)> = None;
    for name in series.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let path = dir.join(name);
        let patch = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let hunks = hunks(&patch, FILE_422);
        match &mut text {
            None => {
                text = hunks
                    .into_iter()
                    .find(|h| h.new.iter().any(|l| l == SIGNATURE_422))
                    .map(|h| (h.new_start, h.new));
            }
            Some((start, lines)) => apply(&path, start, lines, hunks),
        }
    }
    let (_, lines) =
        text.unwrap_or_else(|| panic!("no patch in {} shows {SIGNATURE_422}", dir.display()));
    let function = whole_function(&lines, SIGNATURE_422).unwrap_or_else(|| {
        panic!(
            "{}: the series does not show the whole function",
            dir.display()
        )
    });
    fs::write(out.join("parse_arm_sci_config_422.c"), function).expect("writing the extract");
}

/// One hunk: where it starts in the file before and after the patch, and
/// its lines before (context and removed) and after (context and added).
struct Hunk {
    old_start: usize,
    old: Vec<String>,
    new_start: usize,
    new: Vec<String>,
}

/// The hunks of `file` in a mail-formatted patch, in order.
fn hunks(patch: &str, file: &str) -> Vec<Hunk> {
    let header = format!("diff --git a/{file} b/{file}");
    let mut found = Vec::new();
    let mut in_file = false;
    let mut lines = patch.lines();
    while let Some(line) = lines.next() {
        if line.starts_with("diff --git ") {
            in_file = line == header;
            continue;
        }
        let Some(range) = line.strip_prefix("@@ -").filter(|_| in_file) else {
            continue;
        };
        let (old_start, old_len, new_start, new_len) =
            hunk_range(range).unwrap_or_else(|| panic!("bad hunk header {line:?}"));
        let mut hunk = Hunk {
            old_start,
            old: Vec::new(),
            new_start,
            new: Vec::new(),
        };
        while hunk.old.len() < old_len || hunk.new.len() < new_len {
            let line = lines.next().expect("the patch ends inside a hunk");
            // An empty line is a blank context line whose space was lost.
            let (tag, body) = line.split_at(line.len().min(1));
            match tag {
                " " | "" => {
                    hunk.old.push(body.to_string());
                    hunk.new.push(body.to_string());
                }
                "-" => hunk.old.push(body.to_string()),
                "+" => hunk.new.push(body.to_string()),
                "\\" => {}
                _ => panic!("unexpected line in a hunk: {line:?}"),
            }
        }
        found.push(hunk);
    }
    found
}

/// "a,b +c,d @@ ..." (after "@@ -"): start and length before and after.
fn hunk_range(range: &str) -> Option<(usize, usize, usize, usize)> {
    let (old, rest) = range.split_once(" +")?;
    let (new, _) = rest.split_once(" @@")?;
    let part = |s: &str| -> Option<(usize, usize)> {
        match s.split_once(',') {
            Some((start, len)) => Some((start.parse().ok()?, len.parse().ok()?)),
            None => Some((s.parse().ok()?, 1)),
        }
    };
    let (old_start, old_len) = part(old)?;
    let (new_start, new_len) = part(new)?;
    Some((old_start, old_len, new_start, new_len))
}

/// Applies one patch's hunks of the file to `lines`, the file's lines from
/// line `start` on. Hunks before the text move it; hunks after it do not
/// matter; a hunk that is partly in it cannot be followed and stops the
/// build.
fn apply(patch: &Path, start: &mut usize, lines: &mut Vec<String>, hunks: Vec<Hunk>) {
    let end = *start + lines.len();
    let mut shift: isize = 0;
    // Bottom up, so the positions of the hunks not yet applied still hold.
    for h in hunks.into_iter().rev() {
        let (first, last) = (h.old_start, h.old_start + h.old.len());
        if last <= *start {
            shift += h.new.len() as isize - h.old.len() as isize;
        } else if first >= end {
            continue;
        } else if first >= *start && last <= end && !h.old.is_empty() {
            let at = first - *start;
            assert!(
                lines[at..at + h.old.len()] == h.old[..],
                "{}: a hunk at line {first} does not match the function as the patches before it leave it",
                patch.display()
            );
            lines.splice(at..at + h.old.len(), h.new);
        } else {
            panic!(
                "{}: a hunk at line {first} straddles the function's text",
                patch.display()
            );
        }
    }
    *start = start
        .checked_add_signed(shift)
        .expect("a line number below 1");
}

/// The function in `lines`: from the comment just before `signature` to
/// the first closing brace in column 0.
fn whole_function(lines: &[String], signature: &str) -> Option<String> {
    let sig = lines.iter().position(|l| l == signature)?;
    let mut start = sig;
    while start > 0 && ["/*", " *"].iter().any(|p| lines[start - 1].starts_with(p)) {
        start -= 1;
    }
    let end = sig + lines[sig..].iter().position(|l| l == "}")?;
    let mut body = String::new();
    for line in &lines[start..=end] {
        body.push_str(line);
        body.push('\n');
    }
    Some(body)
}
