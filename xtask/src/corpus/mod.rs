//! `cargo xtask corpus`: the policy over every board device tree Debian's
//! arm64 kernel package ships (the package the scenarios boot), each
//! result checked against an independent reading of the same blob.
//!
//! For each `.dtb` under `usr/lib/linux-image-*/`:
//!
//! 1. the policy runs as Xen would on the hardware domain's tree
//!    ([`policy`]): the probe, then every node asked about in document
//!    order in each mode (dom0 owns SCMI; passthrough; multi-agent), a
//!    node left out taking its subtree with it;
//! 2. dtoolkit reads the blob and [`reading`] works out from the DT
//!    specification which nodes must be left out, which frames granted
//!    and what is wrong ([`expect`]);
//! 3. any difference is a mismatch, one line per tree, and fails the
//!    command.
//!
//! The boards with SCMI are tabled in `docs/boards.md`, which
//! `--write-docs` writes and the plain command checks.

mod boards;
pub(crate) mod expect;
mod policy;
pub(crate) mod reading;
#[cfg(test)]
mod tests;

use crate::util::{project_root, step};
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Options of `cargo xtask corpus`.
#[derive(clap::Args)]
pub struct Options {
    /// Write the table of boards to docs/boards.md instead of checking it
    #[arg(long)]
    write_docs: bool,
}

impl Options {
    /// The plain check, as the test command runs it.
    pub fn check() -> Self {
        Options { write_docs: false }
    }
}

/// Where the table of boards is kept.
const BOARDS_DOC: &str = "docs/boards.md";

/// Entry point.
pub fn command(opts: &Options) -> Result<()> {
    let start = Instant::now();
    let package = crate::qemu::packages::kernel_package()?;
    let (version, dir) = dtb_dir(&package)?;
    let blobs = dtbs(&dir)?;
    step(&format!(
        "corpus: {} device trees of linux-image-{version}",
        blobs.len()
    ));
    let mut reports = Vec::with_capacity(blobs.len());
    for rel in &blobs {
        let blob = fs::read(dir.join(rel)).with_context(|| format!("reading {rel}"))?;
        reports.push(boards::examine(rel, &blob));
    }
    let summary = boards::Summary::of(&reports);
    summary.print();
    for report in &reports {
        for line in &report.mismatches {
            eprintln!("MISMATCH {}: {line}", report.file);
        }
    }
    let doc = boards::render(&version, &reports, &summary);
    let doc_path = project_root().join(BOARDS_DOC);
    let doc_result = if opts.write_docs {
        fs::write(&doc_path, &doc).with_context(|| format!("writing {BOARDS_DOC}"))?;
        println!("corpus: wrote {BOARDS_DOC}");
        Ok(())
    } else {
        check_doc(&doc_path, &doc)
    };
    println!("corpus: {:.1?}", start.elapsed());
    if summary.mismatched_trees > 0 {
        bail!(
            "{} of {} trees: the policy and the independent reading differ",
            summary.mismatched_trees,
            summary.trees
        );
    }
    doc_result
}

/// `usr/lib/linux-image-<version>` in the unpacked package.
pub(crate) fn dtb_dir(package: &Path) -> Result<(String, PathBuf)> {
    let lib = package.join("usr/lib");
    let mut found: Vec<(String, PathBuf)> = fs::read_dir(&lib)
        .with_context(|| format!("cannot read {}", lib.display()))?
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let version = name.strip_prefix("linux-image-")?.to_string();
            Some((version, entry.path()))
        })
        .collect();
    match found.len() {
        1 => Ok(found.remove(0)),
        n => bail!("expected one linux-image-* in {}, found {n}", lib.display()),
    }
}

/// Every `.dtb` below `dir`, as sorted paths relative to it.
fn dtbs(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(here) = pending.pop() {
        for entry in fs::read_dir(&here).with_context(|| format!("reading {}", here.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "dtb") {
                let rel = path.strip_prefix(dir).unwrap_or(&path);
                out.push(rel.to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    if out.is_empty() {
        bail!("no .dtb below {}", dir.display());
    }
    Ok(out)
}

/// The committed table against the one just made. The package version
/// line is left out of the comparison: Debian replaces the kernel with
/// each point release, and only a change in the trees themselves should
/// fail the check.
fn check_doc(path: &Path, made: &str) -> Result<()> {
    let committed = fs::read_to_string(path).unwrap_or_default();
    let body = |text: &str| -> Vec<String> {
        text.lines()
            .map(|l| {
                if l.starts_with(boards::VERSION_LINE) {
                    boards::VERSION_LINE.to_owned()
                } else {
                    l.to_owned()
                }
            })
            .collect()
    };
    let (old, new) = (body(&committed), body(made));
    if old == new {
        println!("corpus: {BOARDS_DOC} is up to date");
        return Ok(());
    }
    let first = old
        .iter()
        .zip(&new)
        .position(|(a, b)| a != b)
        .unwrap_or(old.len().min(new.len()));
    bail!(
        "{BOARDS_DOC} is out of date (first difference at line {}: committed {:?}, now {:?}); \
         run `cargo xtask corpus --write-docs` and commit it",
        first + 1,
        old.get(first).map_or("(end)", String::as_str),
        new.get(first).map_or("(end)", String::as_str)
    )
}
