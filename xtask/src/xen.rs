//! `cargo xtask xen`: the Xen tree, the patch series and the hypervisor
//! build with the Rust mediator.
//!
//! The base is Debian bookworm's `xen` source package (Xen 4.17), fetched
//! with `apt-get source` through a project-private apt state in the cache
//! (apt checks the signatures of the archive and the hashes of the files),
//! or any tree given with `--xen-src DIR`. The series in patches/xen-4.17 is
//! applied to a copy under build/, the Rust workspace is linked into
//! xen/arch/arm/firmware/scmi-smc-rs (see `link_rust_sources`), and Xen's
//! own make builds everything.

use crate::target::{Mediator, Target, XenVersion};
use crate::util::{build_dir, cache_dir, output, project_root, run, step};
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// The patch series per base.
const SERIES_417: &str = "patches/xen-4.17";
const SERIES_422: &str = "patches/xen-4.22";

/// The patches of the 4.22 series that fix upstream Xen itself (the SMCCC
/// regression, the dom0less check, xl's arm_sci parser): what
/// `--mediator c` applies. The tools take the whole series.
const FIXES_422: usize = 3;

/// Upstream Xen 4.22.0, as the project's shared folder holds it (its README
/// gives the tag, the commit and this checksum).
const UPSTREAM_TARBALL: &str = "../shared/xen/xen-4.22.0.tar.xz";
const UPSTREAM_SHA256: &str = "525793b332ef7352d80339ee85c2b5697fa8a3b917aa7c7f41ffc599f5c9fdf4";
const UPSTREAM_DIR: &str = "xen-4.22.0";

/// Cross-build variables Xen's make expects for arm64.
pub const MAKE_VARS: &[&str] = &["XEN_TARGET_ARCH=arm64", "CROSS_COMPILE=aarch64-linux-gnu-"];

/// A built hypervisor.
#[derive(Clone)]
pub struct XenBuild {
    /// The `xen/` directory of the patched tree.
    pub hypervisor_dir: PathBuf,
}

impl XenBuild {
    /// The image to boot.
    pub fn image(&self) -> PathBuf {
        self.hypervisor_dir.join("xen")
    }
    /// The ELF with symbols.
    pub fn syms(&self) -> PathBuf {
        self.hypervisor_dir.join("xen-syms")
    }
    /// Upstream's C mediator, as built in a 4.22 tree with `--mediator c`.
    pub fn c_mediator_object(&self) -> PathBuf {
        self.hypervisor_dir.join("arch/arm/firmware/scmi-smc.o")
    }
    /// The relocatable object holding the whole Rust mediator as linked.
    pub fn rust_object(&self) -> PathBuf {
        self.hypervisor_dir
            .join("arch/arm/firmware/scmi-smc-rs/kconfig/scmi-smc-rs.o")
    }
}

/// Entry point of `cargo xtask xen [--xen V] [--mediator M] [--xen-src DIR]`.
pub fn command(args: &[String]) -> Result<()> {
    let (target, rest) = Target::from_args(args)?;
    let mut xen_src = None;
    let mut it = rest.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--xen-src" => {
                let dir = it.next().context("--xen-src needs a directory")?;
                xen_src = Some(PathBuf::from(dir));
            }
            other => bail!(
                "unknown option `{other}` (usage: cargo xtask xen [--xen 4.17|4.22] \
                 [--mediator rust|c|c-unpatched] [--xen-src DIR])"
            ),
        }
    }
    let build = build_from(target, xen_src.as_deref())?;
    println!("xen:      {}", build.image().display());
    println!("xen-syms: {}", build.syms().display());
    Ok(())
}

/// The default build: Debian's 4.17 with the Rust mediator.
pub fn build_default() -> Result<XenBuild> {
    build(Target::DEFAULT)
}

/// Builds `target` from its usual base (once per xtask run: the test
/// command asks for each build once per scenario).
pub fn build(target: Target) -> Result<XenBuild> {
    static DONE: Mutex<Vec<(Target, XenBuild)>> = Mutex::new(Vec::new());
    let mut done = DONE
        .lock()
        .map_err(|_| anyhow::anyhow!("a Xen build panicked"))?;
    if let Some((_, built)) = done.iter().find(|(t, _)| *t == target) {
        return Ok(built.clone());
    }
    let built = build_from(target, None)?;
    done.push((target, built.clone()));
    Ok(built)
}

/// Fetches the base if needed (or takes `xen_src`), applies the series the
/// target needs and builds Xen.
fn build_from(target: Target, xen_src: Option<&Path>) -> Result<XenBuild> {
    crate::setup::setup()?;
    let base = match xen_src {
        Some(dir) => dir
            .canonicalize()
            .with_context(|| format!("--xen-src {}", dir.display()))?,
        None => match target.xen {
            XenVersion::V417 => debian_source()?,
            XenVersion::V422 => upstream_source()?,
        },
    };
    if !base.join("xen/Makefile").exists() {
        bail!(
            "{} is not a Xen source tree (no xen/Makefile)",
            base.display()
        );
    }
    let tree = build_dir().join(tree_name(target));
    patch_copy(&base, &tree, &series_for(target)?)?;
    if target.mediator.is_rust() {
        link_rust_sources(&tree.join("xen/arch/arm/firmware/scmi-smc-rs"))?;
    }
    let hv = tree.join("xen");
    configure(&hv, target)?;
    step(&format!(
        "building Xen {} (arm64) with the {} mediator",
        target.name(),
        match target.mediator {
            Mediator::Rust => "Rust",
            Mediator::RustMultiAgent => "Rust (multi-agent)",
            Mediator::C => "C (fixed)",
            Mediator::CUnpatched => "C (unmodified)",
        }
    ));
    let jobs = std::thread::available_parallelism().map_or(2, |n| n.get());
    run(Command::new("make")
        .current_dir(&hv)
        .arg(format!("-j{jobs}"))
        .arg("-s")
        .args(MAKE_VARS))?;
    Ok(XenBuild { hypervisor_dir: hv })
}

/// The directory under build/ for a target's tree (4.17 keeps `xen`).
fn tree_name(target: Target) -> String {
    match target.xen {
        XenVersion::V417 => "xen".into(),
        XenVersion::V422 => format!("xen-{}", target.name()),
    }
}

/// The patches a target applies, in order.
pub(crate) fn series_for(target: Target) -> Result<Vec<PathBuf>> {
    let root = project_root();
    Ok(match (target.xen, target.mediator) {
        (XenVersion::V417, _) => read_series(&root.join(SERIES_417))?,
        (XenVersion::V422, Mediator::Rust | Mediator::RustMultiAgent) => {
            read_series(&root.join(SERIES_422))?
        }
        (XenVersion::V422, Mediator::C) => {
            let mut all = read_series(&root.join(SERIES_422))?;
            all.truncate(FIXES_422);
            all
        }
        (XenVersion::V422, Mediator::CUnpatched) => Vec::new(),
    })
}

/// Upstream Xen 4.22.0 from the shared folder, checked against its
/// published sha256 and unpacked once in the cache.
pub(crate) fn upstream_source() -> Result<PathBuf> {
    let root = cache_dir().join("upstream");
    let tree = root.join(UPSTREAM_DIR);
    let stamp = root.join(format!("{UPSTREAM_DIR}.unpacked"));
    if stamp.exists() && tree.join("xen/Makefile").exists() {
        return Ok(tree);
    }
    let tarball = project_root().join(UPSTREAM_TARBALL);
    if !tarball.exists() {
        bail!(
            "{} is missing: upstream Xen 4.22.0 comes from the shared folder \
             beside the project (or pass --xen-src DIR)",
            tarball.display()
        );
    }
    step("checking and unpacking upstream Xen 4.22.0");
    let sum = output(Command::new("sha256sum").arg(&tarball))?;
    if sum.split_whitespace().next() != Some(UPSTREAM_SHA256) {
        bail!(
            "{}: sha256 {} is not the published {UPSTREAM_SHA256}",
            tarball.display(),
            sum.split_whitespace().next().unwrap_or("?")
        );
    }
    if tree.exists() {
        fs::remove_dir_all(&tree)?;
    }
    fs::create_dir_all(&root)?;
    run(Command::new("tar")
        .arg("-xJf")
        .arg(&tarball)
        .arg("-C")
        .arg(&root))?;
    fs::write(&stamp, UPSTREAM_SHA256)?;
    Ok(tree)
}

/// Debian bookworm's Xen source, unpacked in the cache.
pub(crate) fn debian_source() -> Result<PathBuf> {
    let root = cache_dir().join("xen-src");
    if let Some(tree) = unpacked_tree(&root)? {
        return Ok(tree);
    }
    step("fetching Debian bookworm's xen source package (apt-get source)");
    let apt = cache_dir().join("apt-src");
    fs::create_dir_all(apt.join("lists/partial"))?;
    fs::create_dir_all(&root)?;
    let list = apt.join("sources.list");
    fs::write(
        &list,
        "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] \
         http://deb.debian.org/debian bookworm main\n",
    )?;
    let opts = [
        format!("-o=Dir::Etc::SourceList={}", list.display()),
        "-o=Dir::Etc::SourceParts=/dev/null".to_string(),
        format!("-o=Dir::State::Lists={}", apt.join("lists").display()),
        format!("-o=Dir::Cache={}", apt.join("cache").display()),
    ];
    run(Command::new("apt-get").args(&opts).args(["-q", "update"]))?;
    run(Command::new("apt-get")
        .current_dir(&root)
        .args(&opts)
        .args(["-q", "source", "xen"]))?;
    unpacked_tree(&root)?.context("apt-get source did not unpack a xen-4.17 tree")
}

fn unpacked_tree(root: &Path) -> Result<Option<PathBuf>> {
    if !root.exists() {
        return Ok(None);
    }
    for entry in fs::read_dir(root)? {
        let path = entry?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if path.is_dir() && name.starts_with("xen-4.17") && path.join("xen/Makefile").exists() {
            return Ok(Some(path));
        }
    }
    Ok(None)
}

/// Debian's Xen with the series applied in `build/<name>`, for builds
/// other than the hypervisor's (the tools); returns the tree and its
/// stamp, which names every patch with its hash.
pub fn patched_tree(name: &str) -> Result<(PathBuf, String)> {
    let tree = build_dir().join(name);
    let stamp = patch_copy(&debian_source()?, &tree, &series_for(Target::DEFAULT)?)?;
    Ok((tree, stamp))
}

/// Upstream 4.22 with the whole series in `build/<name>`, for the tools:
/// its libxl and xl already know `arm_sci`; the series makes xl refuse
/// malformed values and teaches libxl and xl the multi-agent type and its
/// agent id. The hypervisor patches in it do not touch tools/. Returns
/// the tree and its stamp.
pub fn upstream_tools_tree(name: &str) -> Result<(PathBuf, String)> {
    let tree = build_dir().join(name);
    let stamp = patch_copy(
        &upstream_source()?,
        &tree,
        &series_for(Target::UPSTREAM_RUST)?,
    )?;
    Ok((tree, stamp))
}

/// Makes `tree` a copy of `base` with `patches` applied, unless its stamp
/// says it already is; returns the stamp.
fn patch_copy(base: &Path, tree: &Path, patches: &[PathBuf]) -> Result<String> {
    let tree = tree.to_path_buf();
    let mut stamp = format!("base {}\n", base.display());
    for p in patches {
        let text = fs::read(p)?;
        stamp.push_str(&format!("{} {:016x}\n", p.display(), fnv1a(&text)));
    }
    let stamp_file = tree.join(".xtask-stamp");
    if fs::read_to_string(&stamp_file).ok().as_deref() != Some(stamp.as_str()) {
        step(&format!(
            "preparing {} from {} + {} patches",
            tree.display(),
            base.display(),
            patches.len()
        ));
        if tree.exists() {
            fs::remove_dir_all(&tree)?;
        }
        fs::create_dir_all(build_dir())?;
        run(Command::new("cp").arg("-a").arg(base).arg(&tree))?;
        for p in patches {
            run(Command::new("patch")
                .current_dir(&tree)
                .args(["-p1", "-s", "--no-backup-if-mismatch", "-i"])
                .arg(p))
            .with_context(|| format!("applying {}", p.display()))?;
        }
        fs::write(&stamp_file, &stamp)?;
    }
    Ok(stamp)
}

/// Top-level entries of the project that Xen's tree does not need.
const NOT_LINKED: &[&str] = &[".git", "build", "target", "logs", "kconfig"];

/// Makes `dir` the Rust workspace as Xen's build sees it: a symlink to
/// each top-level entry of the project, except `kconfig/`, which is a real
/// directory with links to its files. Xen builds in its source tree,
/// so its objects for that directory land there, in the Xen tree, and two
/// Xen trees built from one checkout never share an object.
fn link_rust_sources(dir: &Path) -> Result<()> {
    if dir.is_symlink() {
        fs::remove_file(dir)?;
    }
    fs::create_dir_all(dir.join("kconfig"))?;
    let root = project_root();
    for entry in fs::read_dir(&root)? {
        let name = entry?.file_name();
        if NOT_LINKED.iter().any(|n| name == *n) {
            continue;
        }
        relink(&root.join(&name), &dir.join(&name))?;
    }
    for file in ["Kconfig", "Kconfig.upstream", "Kconfig.options", "Makefile"] {
        relink(
            &root.join("kconfig").join(file),
            &dir.join("kconfig").join(file),
        )?;
    }
    Ok(())
}

fn relink(target: &Path, link: &Path) -> Result<()> {
    if fs::read_link(link).ok().as_deref() == Some(target) {
        return Ok(());
    }
    if link.is_symlink() || link.is_file() {
        fs::remove_file(link)?;
    }
    std::os::unix::fs::symlink(target, link).with_context(|| format!("linking {}", link.display()))
}

pub(crate) fn read_series(dir: &Path) -> Result<Vec<PathBuf>> {
    let text = fs::read_to_string(dir.join("series"))
        .with_context(|| format!("reading {}/series", dir.display()))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| dir.join(l))
        .collect())
}

/// Xen's defconfig plus the mediator's option; only done once per
/// prepared tree. Upstream's defconfig already chooses the C mediator.
fn configure(hv: &Path, target: Target) -> Result<()> {
    let config = hv.join(".config");
    let wanted: &[&str] = match (target.xen, target.mediator) {
        (XenVersion::V417, _) | (XenVersion::V422, Mediator::C | Mediator::CUnpatched) => {
            &["CONFIG_SCMI_SMC=y"]
        }
        (XenVersion::V422, Mediator::Rust) => &["CONFIG_SCMI_SMC_RS=y"],
        (XenVersion::V422, Mediator::RustMultiAgent) => {
            &["CONFIG_SCMI_SMC_RS=y", "CONFIG_SCMI_SMC_RS_MULTI_AGENT=y"]
        }
    };
    let has_all = |text: &str| wanted.iter().all(|w| text.lines().any(|l| l == *w));
    if fs::read_to_string(&config).is_ok_and(|c| has_all(&c)) {
        return Ok(());
    }
    let wanted_text = wanted.join(" ");
    step(&format!("configuring Xen: defconfig + {wanted_text}"));
    run(Command::new("make")
        .current_dir(hv)
        .arg("defconfig")
        .args(MAKE_VARS))?;
    let mut text = fs::read_to_string(&config)?;
    for line in wanted {
        text.push_str(line);
        text.push('\n');
    }
    fs::write(&config, text)?;
    run(Command::new("make")
        .current_dir(hv)
        .arg("olddefconfig")
        .args(MAKE_VARS))?;
    let text = fs::read_to_string(&config)?;
    if !has_all(&text) {
        bail!("Kconfig dropped some of {wanted_text}: is the series applied?");
    }
    Ok(())
}

/// A stable 64-bit hash for the stamp (no dependency needed for this).
fn fnv1a(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}
