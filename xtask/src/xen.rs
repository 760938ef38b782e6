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
/// regression, xl's arm_sci parser): what
/// `--mediator c` applies. They are named by subject, so the series can be
/// renumbered, reordered or grown without the C build taking another
/// patch; the tools take the whole series.
const C_FIXES_422: [&str; 2] = [
    "xen/arm: smccc: evaluate every argument before binding the registers",
    "tools/xl: refuse malformed arm_sci settings",
];

/// An upstream Xen tree as the project's shared folder holds it: a `git
/// archive` tarball, its published sha256 (the folder's README gives the
/// commit and the checksum), the directory it unpacks to and the commit.
pub struct Tarball {
    path: &'static str,
    sha256: &'static str,
    dir: &'static str,
    /// The upstream commit the tarball was made from.
    pub commit: &'static str,
}

/// Upstream Xen 4.22.0 (tag RELEASE-4.22.0).
pub const UPSTREAM_422: Tarball = Tarball {
    path: "../shared/xen/xen-4.22.0.tar.xz",
    sha256: "525793b332ef7352d80339ee85c2b5697fa8a3b917aa7c7f41ffc599f5c9fdf4",
    dir: "xen-4.22.0",
    commit: "d45d5687f1441495f4ee20d5e9940066c5fa5beb",
};

/// Upstream's development branch (staging) after 4.22.0: what a reviewer
/// applies new work to. Only `series --xen staging` uses it.
pub const UPSTREAM_STAGING: Tarball = Tarball {
    path: "../shared/xen/xen-staging-c447b7308b.tar.xz",
    sha256: "e2ad5c8a9b3903c9e3198c3681c0d32bb78ab254cb4b62f3a159b33f7b6532f4",
    dir: "xen-staging-c447b7308b",
    commit: "c447b7308b1330ec6dcfef37220736c28f41daa0",
};

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
            .join("arch/arm/firmware/scmi-smc-rs/scmi-smc-rs.o")
    }
}

/// Entry point of `cargo xtask xen [--xen V] [--mediator M] [--xen-src DIR]`.
pub fn command(target: Target, xen_src: Option<&Path>) -> Result<()> {
    let build = build_from(target, xen_src)?;
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
    if target.mediator.is_rust() {
        fetch_crates()?;
    }
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
        (XenVersion::V422, Mediator::C) => c_fixes(&read_series(&root.join(SERIES_422))?)?,
        (XenVersion::V422, Mediator::CUnpatched) => Vec::new(),
    })
}

/// The patches of `series` (in its order) whose subjects are
/// [`C_FIXES_422`], each found exactly once. A patch that says it fixes an
/// upstream commit (a `Fixes:` trailer) must be one of them, so a new fix
/// cannot be left out of the C mediator's build unnoticed.
fn c_fixes(series: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut picked = Vec::new();
    let mut found = [0usize; C_FIXES_422.len()];
    for patch in series {
        let text =
            fs::read_to_string(patch).with_context(|| format!("reading {}", patch.display()))?;
        let subject = patch_subject(&text)
            .with_context(|| format!("{} has no Subject: line", patch.display()))?;
        match C_FIXES_422.iter().position(|s| *s == subject) {
            Some(i) => {
                found[i] += 1;
                picked.push(patch.clone());
            }
            None if has_fixes_trailer(&text) => bail!(
                "{} fixes upstream Xen (it has a Fixes: trailer) but is not among the \
                 patches the C mediator's build applies (C_FIXES_422 in xtask/src/xen.rs)",
                patch.display()
            ),
            None => {}
        }
    }
    for (subject, n) in C_FIXES_422.iter().zip(found) {
        if n != 1 {
            bail!(
                "{n} patches of {SERIES_422} have the subject {subject:?}; the C mediator's \
                 build applies it and needs exactly one (C_FIXES_422 in xtask/src/xen.rs)"
            );
        }
    }
    Ok(picked)
}

/// The SMCCC fix of the 4.22 series (the first of [`C_FIXES_422`]), which
/// goes upstream on its own: `series --smccc-fix`.
pub(crate) fn smccc_fix() -> Result<PathBuf> {
    let series = read_series(&project_root().join(SERIES_422))?;
    let fixes = c_fixes(&series)?;
    for patch in fixes {
        let text = fs::read_to_string(&patch)?;
        if patch_subject(&text).as_deref() == Some(C_FIXES_422[0]) {
            return Ok(patch);
        }
    }
    bail!(
        "no patch of {SERIES_422} is the SMCCC fix {:?}",
        C_FIXES_422[0]
    )
}

/// The subject of a `git format-patch` file: the `Subject:` header with its
/// folded lines joined and the `[PATCH n/m]` tag taken off.
pub(crate) fn patch_subject(text: &str) -> Option<String> {
    let mut header = text.lines().take_while(|l| !l.is_empty());
    let mut subject = header
        .by_ref()
        .find_map(|l| l.strip_prefix("Subject:"))?
        .trim()
        .to_string();
    for folded in header.take_while(|l| l.starts_with([' ', '\t'])) {
        subject.push(' ');
        subject.push_str(folded.trim());
    }
    if subject.starts_with('[') {
        if let Some((_, rest)) = subject.split_once("] ") {
            subject = rest.to_string();
        }
    }
    Some(subject)
}

/// Whether a patch's message (above its `---`) has a `Fixes:` trailer.
fn has_fixes_trailer(text: &str) -> bool {
    text.lines()
        .take_while(|l| *l != "---")
        .any(|l| l.starts_with("Fixes: "))
}

/// Upstream Xen 4.22.0 from the shared folder, checked against its
/// published sha256 and unpacked once in the cache.
pub(crate) fn upstream_source() -> Result<PathBuf> {
    unpacked(&UPSTREAM_422)
}

/// `tarball`, checked against its published sha256 and unpacked once in
/// the cache.
pub(crate) fn unpacked(tarball: &Tarball) -> Result<PathBuf> {
    let root = cache_dir().join("upstream");
    let tree = root.join(tarball.dir);
    let stamp = root.join(format!("{}.unpacked", tarball.dir));
    if stamp.exists() && tree.join("xen/Makefile").exists() {
        return Ok(tree);
    }
    let path = project_root().join(tarball.path);
    if !path.exists() {
        bail!(
            "{} is missing: upstream Xen comes from the shared folder beside the \
             project (or pass --xen-src DIR)",
            path.display()
        );
    }
    step(&format!("checking and unpacking {}", tarball.path));
    let sum = output(Command::new("sha256sum").arg(&path))?;
    if sum.split_whitespace().next() != Some(tarball.sha256) {
        bail!(
            "{}: sha256 {} is not the published {}",
            path.display(),
            sum.split_whitespace().next().unwrap_or("?"),
            tarball.sha256
        );
    }
    if tree.exists() {
        fs::remove_dir_all(&tree)?;
    }
    fs::create_dir_all(&root)?;
    run(Command::new("tar")
        .arg("-xJf")
        .arg(&path)
        .arg("-C")
        .arg(&root))?;
    fs::write(&stamp, tarball.sha256)?;
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

/// The kbuild files of `kconfig/` and where Xen's tree has them: the
/// Makefile and its layout script at the root of the workspace (the
/// directory Xen's firmware Makefile descends into), the Kconfig files
/// under `kconfig/`, where the patches source them.
pub(crate) const KBUILD_FILES: &[(&str, &str)] = &[
    ("kconfig/Makefile", "Makefile"),
    ("kconfig/init-sections.py", "init-sections.py"),
    ("kconfig/Kconfig", "kconfig/Kconfig"),
];

/// Makes `dir` the Rust workspace as Xen's build sees it: a real directory
/// with a symlink to each top-level entry of the project, and to each
/// kbuild file of `kconfig/` where [`KBUILD_FILES`] puts it. Xen builds in
/// its source tree, so its objects for that directory land there, in the
/// Xen tree, and two Xen trees built from one checkout never share an
/// object.
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
    for (from, to) in KBUILD_FILES {
        relink(&root.join(from), &dir.join(to))?;
    }
    // Kconfig.upstream was the 4.22 entry before it moved into the
    // firmware Kconfig: a tree prepared before then may still link it.
    let _ = fs::remove_file(dir.join("kconfig/Kconfig.upstream"));
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
        (XenVersion::V417, _) => &["CONFIG_UNSUPPORTED=y", "CONFIG_RUST=y", "CONFIG_SCMI_SMC=y"],
        (XenVersion::V422, Mediator::C | Mediator::CUnpatched) => &["CONFIG_SCMI_SMC=y"],
        (XenVersion::V422, Mediator::Rust) => RUST_422,
        (XenVersion::V422, Mediator::RustMultiAgent) => RUST_MA_422,
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
        // Without the Rust tools Kconfig drops CONFIG_RUST: say why.
        let why = Command::new("make")
            .current_dir(hv)
            .arg("rustavailable")
            .args(MAKE_VARS)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stderr).trim().to_string())
            .unwrap_or_default();
        bail!("Kconfig dropped some of {wanted_text}: is the series applied? {why}");
    }
    Ok(())
}

/// What 4.22 is configured with for the Rust mediator (Rust support is
/// UNSUPPORTED, the mediator needs it).
pub(crate) const RUST_422: &[&str] = &[
    "CONFIG_UNSUPPORTED=y",
    "CONFIG_RUST=y",
    "CONFIG_SCMI_SMC_RS=y",
];

/// What 4.22 is configured with for the multi-agent Rust mediator: its own
/// entry of the SCI driver choice, in place of `CONFIG_SCMI_SMC_RS`; and
/// the SMMUv3 driver (behind EXPERT), because xl's `dtdev` needs Xen to
/// have an IOMMU and QEMU's virt machine offers only that one (xl-dtdev).
/// On a machine without an SMMU the driver finds nothing and Xen runs
/// without an IOMMU, as the other scenarios do.
pub(crate) const RUST_MA_422: &[&str] = &[
    "CONFIG_UNSUPPORTED=y",
    "CONFIG_RUST=y",
    "CONFIG_SCMI_SMC_RS_MA=y",
    "CONFIG_EXPERT=y",
    "CONFIG_ARM_SMMU_V3=y",
];

/// Xen's make runs cargo offline: fetch the workspace's locked crates into
/// cargo's cache first (the network is used here, never during make).
/// Only what the Rust target and the build host need: offline first, so
/// that a machine whose cache already has them never asks the network.
fn fetch_crates() -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let host = crate::util::output(Command::new("rustc").arg("-vV"))?
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        .context("rustc -vV names no host")?;
    let fetch = |offline: bool| {
        let mut cmd = Command::new(&cargo);
        cmd.args(["fetch", "--locked", "--quiet"])
            .args([
                "--target",
                "aarch64-unknown-none-softfloat",
                "--target",
                &host,
            ])
            .arg("--manifest-path")
            .arg(project_root().join("Cargo.toml"));
        if offline {
            cmd.arg("--offline").stderr(std::process::Stdio::null());
        }
        cmd.status()
    };
    if fetch(true).is_ok_and(|s| s.success()) {
        return Ok(());
    }
    match fetch(false) {
        Ok(s) if s.success() => Ok(()),
        _ => bail!("cargo fetch of the workspace's crates failed (Xen's make runs cargo offline)"),
    }
}

/// A stable 64-bit hash for the stamp (no dependency needed for this).
fn fnv1a(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_unfolded_and_untagged() {
        let patch = "From 1d5b Mon Sep 17 00:00:00 2001\n\
                     From: A <a@example.org>\n\
                     Subject: [PATCH 1/9] xen/arm: smccc: evaluate every argument before\n \
                     binding the registers\n\
                     \n\
                     Body.\n";
        assert_eq!(patch_subject(patch).as_deref(), Some(C_FIXES_422[0]));
        assert_eq!(
            patch_subject("Subject: [PATCH] xen: a\n\nb\n").as_deref(),
            Some("xen: a")
        );
        assert_eq!(patch_subject("From: x\n\nSubject: in the body\n"), None);
    }

    #[test]
    fn fixes_trailers_count_above_the_diffstat_only() {
        assert!(has_fixes_trailer(
            "Subject: a\n\nb\n\nFixes: 67bcf5eae709 (\"x\")\n---\n"
        ));
        assert!(!has_fixes_trailer(
            "Subject: a\n\nb\n---\n+Fixes: not a trailer\n"
        ));
    }

    #[test]
    fn the_c_build_takes_the_fixes_of_the_series() {
        let series = read_series(&project_root().join(SERIES_422)).unwrap();
        let picked = c_fixes(&series).unwrap();
        assert_eq!(picked.len(), C_FIXES_422.len());
        for patch in &picked {
            let text = fs::read_to_string(patch).unwrap();
            let subject = patch_subject(&text).unwrap();
            assert!(C_FIXES_422.contains(&subject.as_str()), "{subject}");
        }
    }
}
