//! `cargo xtask series [--xen 4.17|4.22] [--check] [--xen-src DIR] [-o DIR]`:
//! the work as a `git format-patch` series a Xen reviewer can read and
//! apply.
//!
//! In this repository the Rust crates live at the top level and Xen reaches
//! them through a symlink (see `xen.rs`). Upstream has no room for a
//! symlink: in the series the crates are ordinary files under
//! `xen/arch/arm/firmware/scmi-smc-rs/`, added one layer per patch (policy,
//! bindings, then the C-ABI layer with the build glue), between the C
//! patches that come before and after the build glue.
//!
//! Two bases (see [`Base`]): Debian's Xen 4.17 with patches/xen-4.17 (the
//! default), and with `--xen 4.22` upstream Xen 4.22.0 with
//! patches/xen-4.22: its two fixes to upstream's C code, the crates, the
//! Kconfig choice that offers the Rust mediator next to scmi-smc.c, and
//! the documentation.
//!
//! The series is built as real commits in a scratch git repository under
//! `build/series/xen` (`build/series-4.22/xen`) and written out with
//! `git format-patch`. With `--check` every commit is built right after it
//! is made (hypervisor, defconfig plus the mediator's option once it
//! exists), so each prefix of the series is known to build: the series is
//! bisectable. After the last commit `--check` also builds the hypervisor
//! once more the way a distribution would, offline: crates vendored with
//! `cargo vendor`, an empty `CARGO_HOME`, no network.

mod check;
mod crates;
mod git;
mod messages;

use crate::target::{Mediator, Target, XenVersion};
use crate::util::{build_dir, project_root, step};
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::{Path, PathBuf};

/// Where the crates live in the Xen tree.
pub const RS_DIR: &str = "xen/arch/arm/firmware/scmi-smc-rs";

/// What differs between the series against 4.17 and against 4.22.
pub struct Base {
    /// The patches of the project for this base, in `series` order.
    patches: &'static str,
    /// The work directory under build/.
    work: &'static str,
    /// The Kconfig symbol that builds the Rust mediator.
    pub symbol: &'static str,
    /// Options of the mediator that the last commit is also built with,
    /// each on top of `symbol`.
    options: &'static [&'static str],
    /// Files of the project's crate directories this series leaves out.
    left_out: &'static [&'static str],
    /// The message of the build-glue commit.
    glue: &'static str,
    /// The cover letter's subject and text.
    cover: (&'static str, &'static str),
}

impl Base {
    fn for_xen(xen: XenVersion) -> Base {
        match xen {
            XenVersion::V417 => Base {
                patches: "patches/xen-4.17",
                work: "series",
                symbol: "CONFIG_SCMI_SMC",
                options: &[],
                left_out: &[],
                glue: messages::GLUE_417,
                cover: (messages::SUBJECT_417, messages::BLURB_417),
            },
            // Upstream sources kconfig/Kconfig.upstream from its choice;
            // kconfig/Kconfig is 4.17's entry and has no place there.
            XenVersion::V422 => Base {
                patches: "patches/xen-4.22",
                work: "series-4.22",
                symbol: "CONFIG_SCMI_SMC_RS",
                options: &["CONFIG_SCMI_SMC_RS_MULTI_AGENT"],
                left_out: &["kconfig/Kconfig"],
                glue: messages::GLUE_422,
                cover: (messages::SUBJECT_422, messages::BLURB_422),
            },
        }
    }
}

/// Options of the command.
struct Options {
    xen: XenVersion,
    check: bool,
    xen_src: Option<PathBuf>,
    out: Option<PathBuf>,
}

/// One commit of the series, in order.
enum Step {
    /// A patch of the base's patch directory, applied as it is.
    Patch(PathBuf),
    /// A crate commit made here (policy, bindings).
    Crate(crates::Layer),
    /// The build-glue patch of the base's patch directory, completed with
    /// the C-ABI crate and the kbuild fragment it refers to.
    Glue(PathBuf),
}

/// Entry point.
pub fn command(args: &[String]) -> Result<()> {
    let opts = parse(args)?;
    crate::setup::setup()?;
    let base_tree = match &opts.xen_src {
        Some(dir) => dir
            .canonicalize()
            .with_context(|| format!("--xen-src {}", dir.display()))?,
        None => match opts.xen {
            XenVersion::V417 => crate::xen::debian_source()?,
            XenVersion::V422 => crate::xen::upstream_source()?,
        },
    };
    if !base_tree.join("xen/Makefile").exists() {
        bail!(
            "{} is not a Xen source tree (no xen/Makefile)",
            base_tree.display()
        );
    }
    let base = Base::for_xen(opts.xen);
    let steps = plan(&base)?;
    let work = build_dir().join(base.work);
    let out = opts.out.clone().unwrap_or_else(|| work.join("patches"));
    let tree = work.join("xen");
    step(&format!(
        "series: fresh git tree {} from {}",
        tree.display(),
        base_tree.display()
    ));
    git::init_from(&base_tree, &tree)?;

    let mut checker = opts
        .check
        .then(|| check::Checker::new(&work, &tree, base.symbol));
    let total = steps.len();
    for (n, s) in steps.iter().enumerate() {
        let extra = apply(&tree, &base, s)?;
        let subject = git::head_subject(&tree)?;
        println!("[{}/{total}] {subject}", n + 1);
        if let Some(c) = checker.as_mut() {
            c.check(n + 1, &subject, extra)?;
        }
    }
    if let Some(c) = checker.as_mut() {
        // Offline first: it builds the configuration the last step left,
        // the mediator without options.
        c.check_offline(&work)?;
        for option in base.options {
            c.check_option(option)?;
        }
    }

    fs::create_dir_all(&out)?;
    for entry in fs::read_dir(&out)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "patch") {
            fs::remove_file(path)?;
        }
    }
    git::format_patch(&tree, &out)?;
    messages::write_cover_letter(&out, base.cover)?;
    println!("series: {total} patches in {}", out.display());
    if let Some(c) = checker {
        c.report()?;
    }
    Ok(())
}

const USAGE: &str =
    "usage: cargo xtask series [--xen 4.17|4.22] [--check] [--xen-src DIR] [-o DIR]";

fn parse(args: &[String]) -> Result<Options> {
    let (target, rest) = Target::from_args(args)?;
    if target.mediator != Mediator::Rust {
        bail!("the series adds the Rust mediator: --mediator takes only `rust` here ({USAGE})");
    }
    let mut opts = Options {
        xen: target.xen,
        check: false,
        xen_src: None,
        out: None,
    };
    let mut it = rest.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--check" => opts.check = true,
            "--xen-src" => {
                opts.xen_src = Some(it.next().context("--xen-src needs a directory")?.into())
            }
            "-o" => opts.out = Some(it.next().context("-o needs a directory")?.into()),
            other => bail!("unknown option `{other}` ({USAGE})"),
        }
    }
    Ok(opts)
}

/// The patches of the base's series in order, with the crate commits
/// placed right before the patch that hooks `scmi-smc-rs/` into the build.
fn plan(base: &Base) -> Result<Vec<Step>> {
    let dir = project_root().join(base.patches);
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
        bail!(
            "no patch in {} hooks scmi-smc-rs/ into Xen's build",
            base.patches
        );
    }
    Ok(steps)
}

/// Makes one commit; returns what the checker should run besides Xen.
fn apply(tree: &Path, base: &Base, s: &Step) -> Result<check::Extra> {
    match s {
        Step::Patch(p) => {
            git::am(tree, p)?;
            Ok(check::Extra::None)
        }
        Step::Crate(layer) => {
            crates::add_layer(tree, *layer, base.left_out)?;
            git::commit_all(tree, RS_DIR, messages::for_layer(*layer, base.glue))?;
            Ok(match layer {
                crates::Layer::Policy => check::Extra::HostTests,
                crates::Layer::Bindings => check::Extra::Bindings,
                crates::Layer::Ffi => check::Extra::None,
            })
        }
        Step::Glue(p) => {
            git::am(tree, p)?;
            crates::add_layer(tree, crates::Layer::Ffi, base.left_out)?;
            git::amend_all(tree, RS_DIR, base.glue)?;
            Ok(check::Extra::None)
        }
    }
}
