//! The Debian trixie arm64 binaries the scenarios boot: the kernel that
//! becomes dom0, a static busybox for the initramfs, and Xen 4.20.

use super::apt::{Repo, SYSTEM_KEYRING};
use crate::util::{cache_dir, step};
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::{Path, PathBuf};

const SUITE: &str = "trixie";
const ARCH: &str = "arm64";
const KERNEL_META: &str = "linux-image-arm64";
const BUSYBOX: &str = "busybox-static";
const XEN: &str = "xen-hypervisor-4.20-arm64";

fn state_dir() -> PathBuf {
    cache_dir().join("debian")
}

/// The trixie repository, verified with the system keyring when that knows
/// trixie's keys, otherwise with a keyring that is itself verified (below).
fn trixie() -> Result<Repo> {
    let dir = state_dir().join(format!("{SUITE}-{ARCH}"));
    let fallback = fallback_keyring_path();
    let keyring = if fallback.exists() {
        fallback
    } else {
        PathBuf::from(SYSTEM_KEYRING)
    };
    Ok(Repo::new(dir, SUITE, ARCH, keyring))
}

fn fallback_keyring_path() -> PathBuf {
    state_dir()
        .join("bookworm-keyring")
        .join("root/debian-archive-keyring/usr/share/keyrings/debian-archive-keyring.gpg")
}

/// An older host keyring may predate trixie. Bookworm's own, current
/// `debian-archive-keyring` package carries trixie's keys and is signed by
/// bookworm's keys, which every bookworm host trusts: fetching it through a
/// bookworm repository verified by the host keyring keeps the chain intact.
fn fetch_fallback_keyring() -> Result<()> {
    step("the host keyring cannot verify trixie: fetching bookworm's current keyring");
    let repo = Repo::new(
        state_dir().join("bookworm-keyring"),
        "bookworm",
        ARCH,
        PathBuf::from(SYSTEM_KEYRING),
    );
    repo.update()?;
    repo.unpack("debian-archive-keyring")?;
    if !fallback_keyring_path().exists() {
        bail!("bookworm's debian-archive-keyring has no debian-archive-keyring.gpg");
    }
    Ok(())
}

/// Unpacks one trixie package, switching keyring once if needed.
fn unpack(package: &str) -> Result<PathBuf> {
    match trixie()?.unpack(package) {
        Ok(root) => Ok(root),
        Err(err) if !fallback_keyring_path().exists() && is_signature_error(&err) => {
            fetch_fallback_keyring()?;
            trixie()?.update()?;
            trixie()?.unpack(package)
        }
        Err(err) => Err(err),
    }
}

fn is_signature_error(err: &anyhow::Error) -> bool {
    format!("{err:#}").contains("signature")
}

/// Debian's arm64 kernel `Image` (the metapackage resolved to the real one).
pub fn kernel() -> Result<PathBuf> {
    let root = kernel_package()?;
    let image = single_file(&root.join("boot"), "vmlinuz-")?;
    check_kernel_config(&root)?;
    Ok(image)
}

/// Where the kernel package the scenarios boot is unpacked (downloaded and
/// verified by apt the first time): its `boot/`, and `usr/lib/linux-image-*/`
/// with the board device trees.
pub fn kernel_package() -> Result<PathBuf> {
    Ok(match existing_root(KERNEL_META) {
        Some(root) => root,
        None => {
            let real = trixie()
                .and_then(|r| r.dependency(KERNEL_META, "linux-image-"))
                .or_else(|err| {
                    if is_signature_error(&err) && !fallback_keyring_path().exists() {
                        fetch_fallback_keyring()?;
                        trixie()?.dependency(KERNEL_META, "linux-image-")
                    } else {
                        Err(err)
                    }
                })?;
            let root = unpack(&real)?;
            // Remember the resolution, so a rerun needs neither the lists nor
            // the network.
            fs::write(meta_link(KERNEL_META), root.as_os_str().as_encoded_bytes())?;
            root
        }
    })
}

fn meta_link(meta: &str) -> PathBuf {
    state_dir().join(format!("{meta}.resolved"))
}

fn existing_root(meta: &str) -> Option<PathBuf> {
    let text = fs::read_to_string(meta_link(meta)).ok()?;
    let root = PathBuf::from(text.trim());
    root.join(".unpacked").exists().then_some(root)
}

/// The scenarios rely on these being built in: the initramfs has no modules.
fn check_kernel_config(root: &Path) -> Result<()> {
    let config = single_file(&root.join("boot"), "config-")?;
    let text = fs::read_to_string(&config)?;
    let missing: Vec<&str> = [
        "CONFIG_ARM_SCMI_PROTOCOL",
        "CONFIG_ARM_SCMI_TRANSPORT_SMC",
        "CONFIG_COMMON_CLK_SCMI",
        "CONFIG_RESET_SCMI",
        "CONFIG_XEN",
        "CONFIG_HVC_XEN",
        "CONFIG_DEVTMPFS",
        "CONFIG_DEBUG_FS",
    ]
    .into_iter()
    .filter(|opt| !text.lines().any(|l| l == format!("{opt}=y")))
    .collect();
    if !missing.is_empty() {
        bail!("{} lacks built-in {}", config.display(), missing.join(", "));
    }
    Ok(())
}

/// The static arm64 busybox binary.
pub fn busybox() -> Result<PathBuf> {
    let path = unpack(BUSYBOX)?.join("usr/bin/busybox");
    if !path.exists() {
        bail!("{BUSYBOX} has no usr/bin/busybox");
    }
    Ok(path)
}

/// Debian's Xen 4.20 for arm64. `/boot/xen-4.20-arm64` is a raw arm64 Image
/// (with the Linux-style header), which the firmware enters like a kernel.
pub fn xen_4_20() -> Result<PathBuf> {
    let path = unpack(XEN)?.join("boot/xen-4.20-arm64");
    if !path.exists() {
        bail!("{XEN} has no boot/xen-4.20-arm64");
    }
    Ok(path)
}

/// The one file in `dir` whose name starts with `prefix`.
fn single_file(dir: &Path, prefix: &str) -> Result<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .collect();
    found.sort();
    match found.len() {
        1 => Ok(found.remove(0)),
        n => bail!("expected one {prefix}* in {}, found {n}", dir.display()),
    }
}
