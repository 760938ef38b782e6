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
mod smccc;

use crate::target::XenVersion;
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
    /// What every build of the series adds to the defconfig (Kconfig
    /// drops what the tree does not know yet): Rust support and `symbol`.
    pub config: &'static [&'static str],
    /// The subject of the patch that adds the alias of the option, last
    /// and on its own (the mediator's commits leave the alias out).
    alias: Option<&'static str>,
    /// Other entries of the SCI driver choice that build the Rust
    /// mediator: the last commit is also built with each, in place of
    /// `symbol`.
    alternatives: &'static [&'static str],
    /// Files of the project's crate directories this series leaves out.
    left_out: &'static [&'static str],
    /// The message of the build-glue commit.
    glue: &'static str,
    /// The cover letter's subject and text.
    cover: (&'static str, &'static str),
    /// A directory whose patches replace those of `patches` with the same
    /// file name (what differs on staging).
    overrides: Option<&'static str>,
    /// The upstream tree (`None`: Debian's 4.17).
    upstream: Option<&'static crate::xen::Tarball>,
}

impl Base {
    fn for_xen(xen: SeriesBase) -> Base {
        match xen {
            SeriesBase::V417 => Base {
                patches: "patches/xen-4.17",
                work: "series",
                symbol: "CONFIG_SCMI_SMC",
                config: &["CONFIG_UNSUPPORTED=y", "CONFIG_RUST=y", "CONFIG_SCMI_SMC=y"],
                alias: None,
                alternatives: &[],
                left_out: &[],
                glue: messages::GLUE_417,
                cover: (messages::SUBJECT_417, messages::BLURB_417),
                overrides: None,
                upstream: None,
            },
            // Upstream has the mediators' entries in the firmware Kconfig;
            // kconfig/Kconfig is 4.17's and has no place there.
            SeriesBase::V422 => Base {
                patches: "patches/xen-4.22",
                work: "series-4.22",
                symbol: "CONFIG_SCMI_SMC_RS",
                config: crate::xen::RUST_422,
                alias: Some(
                    "xen/arm: firmware: accept dom0_scmi_smc_passthrough in the Rust mediator",
                ),
                alternatives: &["CONFIG_SCMI_SMC_RS_MA"],
                left_out: &["kconfig/Kconfig"],
                glue: messages::GLUE_422,
                cover: (messages::SUBJECT_422, messages::BLURB_422),
                overrides: None,
                upstream: Some(&crate::xen::UPSTREAM_422),
            },
            // The 4.22 series, but for the CHANGELOG patch: staging already
            // has the 4.23 section the 4.22 one opens.
            SeriesBase::Staging => Base {
                work: "series-staging",
                overrides: Some("patches/xen-staging"),
                upstream: Some(&crate::xen::UPSTREAM_STAGING),
                ..Base::for_xen(SeriesBase::V422)
            },
        }
    }
}

/// The base of a series.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SeriesBase {
    /// Debian's Xen 4.17 with our backport of the SCI layer.
    #[value(name = "4.17")]
    V417,
    /// Upstream 4.22.0.
    #[value(name = "4.22")]
    V422,
    /// Upstream's development branch (../shared/xen/xen-staging-*.tar.xz).
    Staging,
}

impl From<XenVersion> for SeriesBase {
    fn from(xen: XenVersion) -> Self {
        match xen {
            XenVersion::V417 => SeriesBase::V417,
            XenVersion::V422 => SeriesBase::V422,
        }
    }
}

/// Options of `cargo xtask series`.
#[derive(clap::Args)]
pub struct Options {
    /// The base: Debian's Xen 4.17, or upstream 4.22.0 or staging (the
    /// series for xen-devel)
    #[arg(long, value_name = "VERSION", default_value = "4.17")]
    xen: SeriesBase,
    /// Only the SMCCC fix, as one patch with its notes (4.22 or staging);
    /// with --check, build the tree without and with it, show the code
    /// at each smc, and on 4.22 boot hwdom@4.22-c on the fixed build
    #[arg(long)]
    smccc_fix: bool,
    /// Build after every patch, then once more offline from vendored
    /// crates with an empty CARGO_HOME (and with each mediator option)
    #[arg(long)]
    check: bool,
    /// The base tree to start from instead of the usual one
    #[arg(long, value_name = "DIR")]
    xen_src: Option<PathBuf>,
    /// Where the patches go (default: the work directory's patches/)
    #[arg(short = 'o', value_name = "DIR")]
    out: Option<PathBuf>,
}

impl Options {
    /// `--check` on the usual base of `xen`, as the test command runs it.
    pub fn check(xen: XenVersion) -> Self {
        Options {
            xen: xen.into(),
            smccc_fix: false,
            check: true,
            xen_src: None,
            out: None,
        }
    }
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
    /// The alias patch: its documentation, with the alias put back into
    /// the mediator's sources.
    Alias(PathBuf),
}

/// Entry point.
pub fn command(opts: &Options) -> Result<()> {
    crate::setup::setup()?;
    let base_tree = match &opts.xen_src {
        Some(dir) => dir
            .canonicalize()
            .with_context(|| format!("--xen-src {}", dir.display()))?,
        None => match Base::for_xen(opts.xen).upstream {
            None => crate::xen::debian_source()?,
            Some(tarball) => crate::xen::unpacked(tarball)?,
        },
    };
    if !base_tree.join("xen/Makefile").exists() {
        bail!(
            "{} is not a Xen source tree (no xen/Makefile)",
            base_tree.display()
        );
    }
    let base = Base::for_xen(opts.xen);
    if opts.smccc_fix {
        let Some(upstream) = base.upstream else {
            bail!("--smccc-fix is a fix to upstream Xen: use --xen 4.22 or --xen staging");
        };
        let work = build_dir().join(format!("{}-smccc-fix", base.work));
        let out = opts.out.clone().unwrap_or_else(|| work.join("patches"));
        let boot = (opts.xen == SeriesBase::V422).then_some("hwdom@4.22-c");
        return smccc::command(&base_tree, &work, &out, upstream, opts.check, boot);
    }
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
        .then(|| check::Checker::new(&work, &tree, base.symbol, base.config));
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
        // the single-agent mediator.
        c.check_offline(&work)?;
        for entry in base.alternatives {
            c.check_alternative(entry)?;
        }
    }

    fs::create_dir_all(&out)?;
    for entry in fs::read_dir(&out)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "patch") {
            fs::remove_file(path)?;
        }
    }
    // The upstream series asks a question before it asks for a merge.
    let prefix = base.upstream.map(|_| "RFC PATCH");
    git::format_patch(&tree, &out, base.upstream.map(|t| t.commit), prefix)?;
    messages::write_cover_letter(&out, base.cover)?;
    println!("series: {total} patches in {}", out.display());
    if let Some(c) = checker {
        c.report()?;
    }
    Ok(())
}

/// The patches of the base's series in order, with the crate commits
/// placed right before the patch that hooks `scmi-smc-rs/` into the build.
fn plan(base: &Base) -> Result<Vec<Step>> {
    let dir = project_root().join(base.patches);
    let mut patches = crate::xen::read_series(&dir)?;
    if let Some(overrides) = base.overrides {
        let overrides = project_root().join(overrides);
        for p in &mut patches {
            let other = overrides.join(p.file_name().unwrap_or_default());
            if other.exists() {
                *p = other;
            }
        }
    }
    let mut steps = Vec::new();
    let mut glue_seen = false;
    for p in patches {
        let text = fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))?;
        let subject = crate::xen::patch_subject(&text);
        if base.alias.is_some() && subject.as_deref() == base.alias {
            steps.push(Step::Alias(p));
            continue;
        }
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
    if let Some(alias) = base.alias {
        if !matches!(steps.last(), Some(Step::Alias(_))) {
            bail!("the last patch of {} must be {alias:?}", base.patches);
        }
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
            if base.alias.is_some() {
                crates::strip_alias(tree)?;
            }
            git::amend_all(tree, RS_DIR, base.glue)?;
            Ok(check::Extra::None)
        }
        Step::Alias(p) => {
            git::am(tree, p)?;
            let paths = crates::restore_alias(tree)?;
            git::amend_paths(tree, &paths)?;
            Ok(check::Extra::None)
        }
    }
}
