//! `cargo xtask series [--check] [--xen-src DIR] [-o DIR]`: the work as a
//! `git format-patch` series a Xen reviewer can read and apply.
//!
//! In this repository the Rust crates live at the top level and Xen reaches
//! them through a symlink (see `xen.rs`). Upstream has no room for a
//! symlink: in the series the crates are ordinary files under
//! `xen/arch/arm/firmware/scmi-smc-rs/`, added one layer per patch (policy,
//! bindings, then the C-ABI layer with the build glue), between the C
//! patches of `patches/xen-4.17` that come before and after the build glue.
//!
//! The series is built as real commits in a scratch git repository under
//! `build/series/xen` and written out with `git format-patch`. With
//! `--check` every commit is built right after it is made (hypervisor,
//! defconfig plus `CONFIG_SCMI_SMC=y` once the option exists), so each
//! prefix of the series is known to build: the series is bisectable.

mod check;
mod crates;
mod git;
mod messages;

use crate::util::{build_dir, project_root, step};
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::{Path, PathBuf};

/// Where the crates live in the Xen tree.
pub const RS_DIR: &str = "xen/arch/arm/firmware/scmi-smc-rs";

/// Options of the command.
struct Options {
    check: bool,
    xen_src: Option<PathBuf>,
    out: PathBuf,
}

/// One commit of the series, in order.
enum Step {
    /// A patch of patches/xen-4.17, applied as it is.
    Patch(PathBuf),
    /// A crate commit made here (policy, bindings).
    Crate(crates::Layer),
    /// The build-glue patch of patches/xen-4.17, completed with the C-ABI
    /// crate and the kbuild fragment it refers to.
    Glue(PathBuf),
}

/// Entry point.
pub fn command(args: &[String]) -> Result<()> {
    let opts = parse(args)?;
    crate::setup::setup()?;
    let base = match &opts.xen_src {
        Some(dir) => dir
            .canonicalize()
            .with_context(|| format!("--xen-src {}", dir.display()))?,
        None => crate::xen::debian_source()?,
    };
    if !base.join("xen/Makefile").exists() {
        bail!(
            "{} is not a Xen source tree (no xen/Makefile)",
            base.display()
        );
    }
    let steps = plan()?;
    let work = build_dir().join("series");
    let tree = work.join("xen");
    step(&format!(
        "series: fresh git tree {} from {}",
        tree.display(),
        base.display()
    ));
    git::init_from(&base, &tree)?;

    let mut checker = opts.check.then(|| check::Checker::new(&work, &tree));
    let total = steps.len();
    for (n, s) in steps.iter().enumerate() {
        let extra = apply(&tree, s)?;
        let subject = git::head_subject(&tree)?;
        println!("[{}/{total}] {subject}", n + 1);
        if let Some(c) = checker.as_mut() {
            c.check(n + 1, &subject, extra)?;
        }
    }

    fs::create_dir_all(&opts.out)?;
    for entry in fs::read_dir(&opts.out)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "patch") {
            fs::remove_file(path)?;
        }
    }
    git::format_patch(&tree, &opts.out)?;
    messages::write_cover_letter(&opts.out)?;
    println!("series: {total} patches in {}", opts.out.display());
    if let Some(c) = checker {
        c.report()?;
    }
    Ok(())
}

fn parse(args: &[String]) -> Result<Options> {
    let mut opts = Options {
        check: false,
        xen_src: None,
        out: build_dir().join("series/patches"),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--check" => opts.check = true,
            "--xen-src" => opts.xen_src = Some(it.next().context("--xen-src needs a directory")?.into()),
            "-o" => opts.out = it.next().context("-o needs a directory")?.into(),
            other => bail!(
                "unknown option `{other}` (usage: cargo xtask series [--check] [--xen-src DIR] [-o DIR])"
            ),
        }
    }
    Ok(opts)
}

/// The patches of the project's series in order, with the crate commits
/// placed right before the patch that hooks `scmi-smc-rs/` into the build.
fn plan() -> Result<Vec<Step>> {
    let dir = project_root().join("patches/xen-4.17");
    let patches = crate::xen::read_series(&dir)?;
    let mut steps = Vec::new();
    let mut glue_seen = false;
    for p in patches {
        let text = fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))?;
        if !glue_seen && text.contains("scmi-smc-rs/") {
            glue_seen = true;
            steps.push(Step::Crate(crates::Layer::Policy));
            steps.push(Step::Crate(crates::Layer::Bindings));
            steps.push(Step::Glue(p));
        } else {
            steps.push(Step::Patch(p));
        }
    }
    if !glue_seen {
        bail!("no patch in patches/xen-4.17 hooks scmi-smc-rs/ into Xen's build");
    }
    Ok(steps)
}

/// Makes one commit; returns what the checker should run besides Xen.
fn apply(tree: &Path, s: &Step) -> Result<check::Extra> {
    match s {
        Step::Patch(p) => {
            git::am(tree, p)?;
            Ok(check::Extra::None)
        }
        Step::Crate(layer) => {
            crates::add_layer(tree, *layer)?;
            git::commit_all(tree, RS_DIR, messages::for_layer(*layer))?;
            Ok(match layer {
                crates::Layer::Policy => check::Extra::HostTests,
                crates::Layer::Bindings => check::Extra::Bindings,
                crates::Layer::Ffi => check::Extra::None,
            })
        }
        Step::Glue(p) => {
            git::am(tree, p)?;
            crates::add_layer(tree, crates::Layer::Ffi)?;
            git::amend_all(tree, RS_DIR, messages::GLUE)?;
            Ok(check::Extra::None)
        }
    }
}
