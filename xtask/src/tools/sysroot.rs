//! Debian bookworm's arm64 libraries the tools build and run against.
//!
//! Bookworm, because its Xen is 4.17 too: these are the versions Debian
//! builds these very tools with. The packages are unpacked one by one into
//! one tree; apt verified each of them (see `qemu::apt`).

use crate::qemu::apt::{Repo, SYSTEM_KEYRING};
use crate::util::{cache_dir, run};
use anyhow::{Context, Result};
use std::fs;
use std::path::PathBuf;
use std::process::Command;

/// The multiarch triplet of Debian's arm64 library directories.
pub const TRIPLET: &str = "aarch64-linux-gnu";

/// What configure checks for (headers, link-time .so links) and what the
/// tools load at run time. glibc comes with them so that dom0 runs the C
/// library the sysroot describes; the cross compiler's own copy is only
/// linked against.
const PACKAGES: &[&str] = &[
    "libc6",
    "libgcc-s1",
    "libyajl2",
    "libyajl-dev",
    "libuuid1",
    "uuid-dev",
    "zlib1g",
    "zlib1g-dev",
    "libfdt1",
    "libfdt-dev",
    // configure insists on curses even when xentop is not built.
    "libncurses6",
    "libtinfo6",
    "libncurses-dev",
];

/// The merged tree of every package, created once.
pub fn sysroot() -> Result<PathBuf> {
    let dir = cache_dir().join("debian").join("bookworm-arm64-tools");
    let root = dir.join("sysroot");
    let stamp = root.join(".complete");
    let wanted = PACKAGES.join(" ");
    if fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) {
        return Ok(root);
    }
    let repo = Repo::new(dir.clone(), "bookworm", "arm64", SYSTEM_KEYRING.into());
    if root.exists() {
        fs::remove_dir_all(&root)?;
    }
    fs::create_dir_all(&root)?;
    for package in PACKAGES {
        let unpacked = repo.unpack(package)?;
        // cp -a keeps the -dev packages' relative .so symlinks intact.
        run(Command::new("cp")
            .arg("-a")
            .arg(format!("{}/.", unpacked.display()))
            .arg(&root))
        .with_context(|| format!("merging {package} into the sysroot"))?;
    }
    fs::remove_file(root.join(".unpacked")).ok();
    fs::write(&stamp, wanted)?;
    Ok(root)
}
