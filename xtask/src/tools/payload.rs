//! The files dom0 needs from the tools build: the daemons, xl, and every
//! shared library they load (found through their DT_NEEDED entries, so
//! nothing is guessed), the dynamic loader, and the kernel modules of
//! Xen's device drivers that Debian's kernel does not build in.

use super::sysroot::{sysroot, TRIPLET};
use crate::target::XenVersion;
use crate::util::output;
use anyhow::{bail, Context, Result};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One file for dom0's initramfs.
pub struct File {
    /// Path inside the initramfs, without a leading slash.
    pub path: String,
    pub mode: u32,
    pub data: Vec<u8>,
}

/// Programs dom0 runs, relative to the staging directory.
const PROGRAMS: &[&str] = &[
    "usr/sbin/xl",
    "usr/sbin/xenstored",
    "usr/sbin/xenconsoled",
    "usr/lib/xen/bin/xen-init-dom0",
    // The SMP scenarios tell libxl what a dom0less domain is before they
    // unpause it (see xl_scripts::SMP_AGENTS).
    "usr/bin/xenstore-write",
];

/// Libraries loaded with dlopen, which DT_NEEDED does not show: glibc
/// needs libgcc_s for pthread_cancel (xl aborts without it).
const DLOPENED: &[&str] = &["libgcc_s.so.1"];

/// Where the loader looks: PT_INTERP of every arm64 Debian binary.
const LOADER: &str = "lib/ld-linux-aarch64.so.1";

/// Xen's drivers that Debian builds as modules, in load order (xenfs
/// depends on privcmd).
const MODULES: &[&str] = &["xen-privcmd", "xen-evtchn", "xen-gntdev", "xenfs/xenfs"];

/// Everything, built first if needed, from the tools of `xen`.
pub fn payload(xen: XenVersion) -> Result<Vec<File>> {
    let stage = super::build(xen)?;
    let sysroot = sysroot()?;
    let lib_dirs = [
        stage.join("usr/lib"),
        sysroot.join(format!("lib/{TRIPLET}")),
        sysroot.join(format!("usr/lib/{TRIPLET}")),
    ];
    let mut files = Vec::new();
    let mut wanted: Vec<PathBuf> = Vec::new();
    for program in PROGRAMS {
        let path = stage.join(program);
        files.push(read(&path, program, 0o755)?);
        wanted.push(path);
    }
    // A walk over DT_NEEDED, from the programs and from what glibc loads
    // with dlopen; every library lands in /usr/lib/<triplet>, a directory
    // the loader searches without any configuration.
    let mut seen = BTreeSet::new();
    let mut pending: Vec<String> = DLOPENED.iter().map(|s| (*s).to_owned()).collect();
    while let Some(elf) = wanted.pop() {
        pending.extend(needed(&elf)?);
        for soname in pending.drain(..) {
            if !seen.insert(soname.clone()) {
                continue;
            }
            let found = lib_dirs
                .iter()
                .map(|d| d.join(&soname))
                .find(|p| p.exists())
                .with_context(|| format!("{soname} (needed by {}) not found", elf.display()))?;
            files.push(read(&found, &format!("usr/lib/{TRIPLET}/{soname}"), 0o755)?);
            wanted.push(found);
        }
    }
    files.push(read(&sysroot.join(LOADER), LOADER, 0o755)?);
    files.extend(modules()?);
    Ok(files)
}

/// The DT_NEEDED sonames of an ELF file.
fn needed(elf: &Path) -> Result<Vec<String>> {
    let text = output(
        Command::new("aarch64-linux-gnu-readelf")
            .arg("-dW")
            .arg(elf),
    )?;
    Ok(text
        .lines()
        .filter(|l| l.contains("(NEEDED)"))
        .filter_map(|l| l.split('[').nth(1)?.split(']').next())
        .map(str::to_owned)
        .collect())
}

/// Reads a file, following symlinks (a soname link becomes a plain file).
fn read(path: &Path, name: &str, mode: u32) -> Result<File> {
    Ok(File {
        path: name.to_owned(),
        mode,
        data: fs::read(path).with_context(|| format!("cannot read {}", path.display()))?,
    })
}

/// The modules, decompressed on the host: busybox's insmod then needs no
/// xz support. They go to `/lib/modules/<name>.ko`, flat.
fn modules() -> Result<Vec<File>> {
    // The kernel Image is <package root>/boot/vmlinuz-<version>.
    let image = crate::qemu::packages::kernel()?;
    let kernel = image
        .parent()
        .and_then(Path::parent)
        .context("the kernel image is not in <root>/boot")?;
    let base = fs::read_dir(kernel.join("usr/lib/modules"))?
        .flatten()
        .map(|e| e.path())
        .next()
        .context("the kernel package has no usr/lib/modules/<version>")?
        .join("kernel/drivers/xen");
    let mut files = Vec::new();
    for module in MODULES {
        let xz = base.join(format!("{module}.ko.xz"));
        let out = Command::new("xz")
            .arg("-dc")
            .arg(&xz)
            .output()
            .context("cannot run xz")?;
        if !out.status.success() {
            bail!("xz could not decompress {}", xz.display());
        }
        let name = module.rsplit('/').next().unwrap_or(module);
        files.push(File {
            path: format!("lib/modules/{name}.ko"),
            mode: 0o644,
            data: out.stdout,
        });
    }
    Ok(files)
}
