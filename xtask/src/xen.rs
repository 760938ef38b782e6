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

use crate::util::{build_dir, cache_dir, project_root, run, step};
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The patch series for the supported base.
const SERIES_DIR: &str = "patches/xen-4.17";

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
    /// The relocatable object holding the whole Rust mediator as linked.
    pub fn rust_object(&self) -> PathBuf {
        self.hypervisor_dir
            .join("arch/arm/firmware/scmi-smc-rs/kconfig/scmi-smc-rs.o")
    }
}

/// Entry point of `cargo xtask xen [--xen-src DIR]`.
pub fn command(args: &[String]) -> Result<()> {
    let mut xen_src = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--xen-src" => {
                let dir = it.next().context("--xen-src needs a directory")?;
                xen_src = Some(PathBuf::from(dir));
            }
            other => bail!("unknown option `{other}` (usage: cargo xtask xen [--xen-src DIR])"),
        }
    }
    let build = build(xen_src.as_deref())?;
    println!("xen:      {}", build.image().display());
    println!("xen-syms: {}", build.syms().display());
    Ok(())
}

/// Fetches the base if needed, applies the series and builds Xen.
pub fn build(xen_src: Option<&Path>) -> Result<XenBuild> {
    // One xtask run (the test command, the demo) asks for the default
    // build once per scenario: build it once, then hand out the result.
    static DEFAULT: std::sync::OnceLock<XenBuild> = std::sync::OnceLock::new();
    if xen_src.is_none() {
        if let Some(done) = DEFAULT.get() {
            return Ok(done.clone());
        }
    }
    let built = build_uncached(xen_src)?;
    if xen_src.is_none() {
        let _ = DEFAULT.set(built.clone());
    }
    Ok(built)
}

fn build_uncached(xen_src: Option<&Path>) -> Result<XenBuild> {
    crate::setup::setup()?;
    let base = match xen_src {
        Some(dir) => dir
            .canonicalize()
            .with_context(|| format!("--xen-src {}", dir.display()))?,
        None => debian_source()?,
    };
    if !base.join("xen/Makefile").exists() {
        bail!(
            "{} is not a Xen source tree (no xen/Makefile)",
            base.display()
        );
    }
    let tree = prepare_tree(&base)?;
    let hv = tree.join("xen");
    configure(&hv)?;
    step("building Xen (arm64) with the Rust SCMI-SMC mediator");
    let jobs = std::thread::available_parallelism().map_or(2, |n| n.get());
    run(Command::new("make")
        .current_dir(&hv)
        .arg(format!("-j{jobs}"))
        .arg("-s")
        .args(MAKE_VARS))?;
    Ok(XenBuild { hypervisor_dir: hv })
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

/// A patched copy of `base` under build/, redone whenever the base or the
/// series changes (a stamp records both).
fn prepare_tree(base: &Path) -> Result<PathBuf> {
    let tree = build_dir().join("xen");
    patch_copy(base, &tree)?;
    link_rust_sources(&tree.join("xen/arch/arm/firmware/scmi-smc-rs"))?;
    Ok(tree)
}

/// Debian's Xen with the series applied in `build/<name>`, for builds
/// other than the hypervisor's (the tools); returns the tree and its
/// stamp, which names every patch with its hash.
pub fn patched_tree(name: &str) -> Result<(PathBuf, String)> {
    let tree = build_dir().join(name);
    let stamp = patch_copy(&debian_source()?, &tree)?;
    Ok((tree, stamp))
}

/// Makes `tree` a copy of `base` with the series applied, unless its stamp
/// says it already is; returns the stamp.
fn patch_copy(base: &Path, tree: &Path) -> Result<String> {
    let tree = tree.to_path_buf();
    let series = project_root().join(SERIES_DIR);
    let patches = read_series(&series)?;
    let mut stamp = format!("base {}\n", base.display());
    for p in &patches {
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
        for p in &patches {
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
/// directory with links to its two files. Xen builds in its source tree,
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
    for file in ["Kconfig", "Makefile"] {
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

/// Xen's defconfig plus the mediator; only done once per prepared tree.
fn configure(hv: &Path) -> Result<()> {
    let config = hv.join(".config");
    let wanted = "CONFIG_SCMI_SMC=y";
    if fs::read_to_string(&config).is_ok_and(|c| c.lines().any(|l| l == wanted)) {
        return Ok(());
    }
    step("configuring Xen: defconfig + CONFIG_SCMI_SMC=y");
    run(Command::new("make")
        .current_dir(hv)
        .arg("defconfig")
        .args(MAKE_VARS))?;
    let mut text = fs::read_to_string(&config)?;
    text.push_str(wanted);
    text.push('\n');
    fs::write(&config, text)?;
    run(Command::new("make")
        .current_dir(hv)
        .arg("olddefconfig")
        .args(MAKE_VARS))?;
    let text = fs::read_to_string(&config)?;
    if !text.lines().any(|l| l == wanted) {
        bail!("Kconfig dropped {wanted}: is the series applied?");
    }
    Ok(())
}

/// A stable 64-bit hash for the stamp (no dependency needed for this).
fn fnv1a(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}
