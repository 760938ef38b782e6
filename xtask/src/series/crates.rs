//! The Rust crates as files of the Xen tree: each layer copies the files
//! git tracks for its crates into `scmi-smc-rs/`, and rewrites the small
//! workspace around them so that every commit is a complete cargo
//! workspace with a lock file.

use super::RS_DIR;
use crate::util::{output, project_root, run};
use anyhow::{Context, Result};
use std::fs;
use std::path::Path;
use std::process::Command;

/// The layers of the mediator, in the order the series adds them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layer {
    /// `scmi_smc`: the pure policy.
    Policy,
    /// `xen-bindings`: bindgen over the tree, layout assertions.
    Bindings,
    /// The root package (its manifest, `build.rs` and `ffi/`: the C ABI)
    /// and the kbuild files of `kconfig/` that build and link it.
    Ffi,
}

impl Layer {
    /// Directories of the project copied by this layer.
    fn dirs(self) -> &'static [&'static str] {
        match self {
            Layer::Policy => &["scmi_smc"],
            Layer::Bindings => &["xen-bindings"],
            Layer::Ffi => &["build.rs", "ffi"],
        }
    }

    /// Workspace members once this layer is in.
    fn members(self) -> &'static [&'static str] {
        match self {
            Layer::Policy => &["scmi_smc"],
            Layer::Bindings => &["scmi_smc", "xen-bindings"],
            Layer::Ffi => &[".", "scmi_smc", "xen-bindings"],
        }
    }
}

/// Copies the layer's crates into the tree, except the files named in
/// `left_out`, and rewrites the workspace.
pub fn add_layer(tree: &Path, layer: Layer, left_out: &[&str]) -> Result<()> {
    let dest = tree.join(RS_DIR);
    for dir in layer.dirs() {
        copy_tracked(dir, &dest, left_out)?;
    }
    if layer == Layer::Ffi {
        for (from, to) in crate::xen::KBUILD_FILES {
            if !left_out.contains(from) {
                copy_file(from, &dest.join(to))?;
            }
        }
    }
    fs::write(dest.join("Cargo.toml"), workspace_manifest(layer)?)?;
    fs::copy(project_root().join("Cargo.lock"), dest.join("Cargo.lock"))?;
    // Re-resolving only the workspace members against the project's lock
    // keeps every version and drops the packages this smaller workspace
    // does not use. (`cargo metadata` would also want the sources of
    // other platforms' dependencies, which an offline cache lacks.)
    run(Command::new(cargo())
        .args([
            "update",
            "--workspace",
            "--offline",
            "--quiet",
            "--manifest-path",
        ])
        .arg(dest.join("Cargo.toml")))
    .context("pruning the workspace's Cargo.lock")
}

/// Copies the project's file `rel` to `to`.
pub fn copy_file(rel: &str, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::copy(project_root().join(rel), to).with_context(|| format!("copying {rel}"))?;
    Ok(())
}

/// The files the alias `dom0_scmi_smc_passthrough` lives in, and the text
/// the series takes out of each until its last patch, which adds the
/// alias on its own so that a reviewer can drop it.
pub const ALIAS: &[(&str, &str, &str)] = &[
    (
        "ffi/params.rs",
        "

/// The documented alias, the name the option first had; both set the same
/// flag.
#[used]
#[link_section = \".init.setup\"]
static PARAM_DOM0_SCMI_SMC_PASSTHROUGH: BoolParam =
    BoolParam::new(boot_cstr!(\"dom0_scmi_smc_passthrough\"), &PASSTHROUGH);",
        "",
    ),
    (
        "ffi/state.rs",
        "`scmi-smc-passthrough` (alias `dom0_scmi_smc_passthrough`): a driver",
        "`scmi-smc-passthrough`: a driver",
    ),
];

/// Takes the alias out of the tree's copies of the [`ALIAS`] files; fails
/// when a file no longer has the text, so that the series cannot silently
/// keep the alias in the mediator's patch.
pub fn strip_alias(tree: &Path) -> Result<()> {
    for (rel, with, without) in ALIAS {
        let path = tree.join(RS_DIR).join(rel);
        let text = fs::read_to_string(&path)?;
        if text.matches(with).count() != 1 {
            anyhow::bail!(
                "{rel} no longer has the alias text the series takes out (ALIAS in \
                 xtask/src/series/crates.rs)"
            );
        }
        fs::write(&path, text.replace(with, without))?;
    }
    Ok(())
}

/// Puts the project's [`ALIAS`] files back, alias included.
pub fn restore_alias(tree: &Path) -> Result<Vec<String>> {
    let mut paths = Vec::new();
    for (rel, _, _) in ALIAS {
        copy_file(rel, &tree.join(RS_DIR).join(rel))?;
        paths.push(format!("{RS_DIR}/{rel}"));
    }
    Ok(paths)
}

/// The cargo that runs xtask.
pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// Copies the files git tracks under `dir` (never build products), except
/// those in `left_out`.
fn copy_tracked(dir: &str, dest: &Path, left_out: &[&str]) -> Result<()> {
    let root = project_root();
    let list = output(
        Command::new("git")
            .current_dir(&root)
            .args(["ls-files", "-z", "--", dir]),
    )?;
    for rel in list
        .split('\0')
        .filter(|s| !s.is_empty() && !left_out.contains(s))
    {
        let to = dest.join(rel);
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::copy(root.join(rel), &to).with_context(|| format!("copying {rel}"))?;
    }
    Ok(())
}

/// The workspace manifest: with the root package's section once the
/// layer has it, then the members, then the project's shared package
/// fields and release profile, all taken from the project's own manifest
/// so the two cannot drift apart.
fn workspace_manifest(layer: Layer) -> Result<String> {
    let project = fs::read_to_string(project_root().join("Cargo.toml"))?;
    let section = |name: &str| {
        project
            .find(name)
            .with_context(|| format!("the project's Cargo.toml has no {name}"))
    };
    let workspace = section("[workspace]")?;
    let shared = &project[section("[workspace.package]")?..];
    let package = match layer {
        Layer::Ffi => &project[..workspace],
        Layer::Policy | Layer::Bindings => {
            "# The Rust SCMI-SMC mediator, so far its building blocks; the\n\
             # package Xen links comes with the kbuild glue.\n\n"
        }
    };
    let list: Vec<String> = layer
        .members()
        .iter()
        .map(|m| format!("    \"{m}\","))
        .collect();
    Ok(format!(
        "{package}[workspace]\nresolver = \"2\"\nmembers = [\n{}\n]\n\n{shared}",
        list.join("\n")
    ))
}
