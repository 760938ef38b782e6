//! `cargo xtask setup`: installs what the project needs on a fresh Debian
//! bookworm machine. Every Debian package the builds, tests and demo use is
//! named here, and each one is checked on its own (with dpkg, not by looking
//! for a program), so a machine with half the set-up gets the rest and
//! nothing depends on what a machine happens to have. Running it again on a
//! complete machine costs a second.

use crate::util::{output, run, step};
use anyhow::{Context, Result};
use std::path::Path;
use std::process::Command;

/// Debian packages from bookworm itself, each with what needs it.
const BOOKWORM_PACKAGES: &[(&str, &str)] = &[
    (
        "gcc",
        "host C compiler: cc-built helpers, the tools' host programs",
    ),
    ("make", "Xen's and the tools' builds"),
    ("git", "the series command's scratch repository"),
    ("patch", "applying patches/ to a Xen tree"),
    ("quilt", "Debian's xen source package is a quilt series"),
    ("dpkg-dev", "apt-get source unpacks with dpkg-source"),
    ("xz-utils", "Debian source and Xen tarballs"),
    ("ca-certificates", "HTTPS to the package registries"),
    ("python3", "Xen's build scripts"),
    ("bison", "Xen's Kconfig"),
    ("flex", "Xen's Kconfig"),
    ("gcc-aarch64-linux-gnu", "the arm64 cross compiler"),
    (
        "binutils-aarch64-linux-gnu",
        "arm64 objdump, readelf, objcopy, as",
    ),
    (
        "libc6-dev-arm64-cross",
        "arm64 C library: the tools' configure links a test program",
    ),
    (
        "device-tree-compiler",
        "dtc for the QEMU platform's device trees",
    ),
    ("libclang-dev", "bindgen over Xen's headers"),
    ("clang", "bindgen's view of Xen's compiler flags"),
    ("cpio", "initramfs and Debian packages"),
    ("autoconf", "Debian's xen source ships no configure scripts"),
    (
        "autotools-dev",
        "config.guess/config.sub for the tools' configure",
    ),
    (
        "acpica-tools",
        "iasl: libxl embeds ACPI tables for arm64 guests",
    ),
    (
        "pkg-config",
        "the tools' configure finds the arm64 libraries",
    ),
    ("mmdebstrap", "cargo xtask fresh: a clean bookworm root"),
];

/// Packages from bookworm-backports: QEMU 10.0 (bookworm's 7.2 is too old
/// for some of what the platform checks). No NIC is used, so the boot ROM
/// package (ipxe-qemu) is not needed.
const BACKPORTS_PACKAGES: &[(&str, &str)] = &[("qemu-system-arm", "QEMU 10.0 for arm64")];

const BACKPORTS_LIST: &str = "/etc/apt/sources.list.d/xen-scmi-backports.sources";
const BACKPORTS_ENTRY: &str = "Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
";

/// The minimum QEMU version the platform was checked with.
const QEMU_MIN_VERSION: &str = "1:10.0";

const RUST_TARGETS: &[&str] = &[
    "aarch64-unknown-none-softfloat",
    "aarch64-unknown-none",
    // The AArch32 probe guest.
    "armv7a-none-eabi",
];

/// Installs every package and Rust target the builds and tests use.
pub fn setup() -> Result<()> {
    let bookworm = missing(BOOKWORM_PACKAGES)?;
    let mut backports = missing(BACKPORTS_PACKAGES)?;
    if backports.is_empty() && !qemu_is_recent()? {
        backports.push("qemu-system-arm");
    }
    if !bookworm.is_empty() || !backports.is_empty() {
        if !backports.is_empty() && !Path::new(BACKPORTS_LIST).exists() {
            step("adding a bookworm-backports entry for QEMU 10.0");
            std::fs::write(BACKPORTS_LIST, BACKPORTS_ENTRY)?;
        }
        step("apt-get update");
        run(Command::new("apt-get").args(["update", "-q"]))?;
    }
    if !bookworm.is_empty() {
        step(&format!("installing {}", bookworm.join(", ")));
        run(apt_install().args(&bookworm))?;
    }
    if !backports.is_empty() {
        step(&format!(
            "installing {} from bookworm-backports",
            backports.join(", ")
        ));
        run(apt_install()
            .args(["-t", "bookworm-backports"])
            .args(&backports))?;
    }

    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]))?;
    let wanted: Vec<&str> = RUST_TARGETS
        .iter()
        .copied()
        .filter(|t| !installed.lines().any(|l| l.trim() == *t))
        .collect();
    if !wanted.is_empty() {
        step("adding the bare-metal Rust targets");
        run(Command::new("rustup").args(["target", "add"]).args(&wanted))?;
    }
    Ok(())
}

/// The packages of `list` that dpkg does not report as installed.
fn missing(list: &[(&'static str, &str)]) -> Result<Vec<&'static str>> {
    let mut out = Vec::new();
    for (package, _why) in list {
        if !is_installed(package)? {
            out.push(*package);
        }
    }
    Ok(out)
}

fn is_installed(package: &str) -> Result<bool> {
    let out = Command::new("dpkg-query")
        .args(["-W", "-f=${db:Status-Status}", package])
        .output()
        .context("cannot start dpkg-query")?;
    Ok(out.status.success() && out.stdout == b"installed")
}

/// True when the installed qemu-system-arm is at least [`QEMU_MIN_VERSION`]
/// (bookworm's own 7.2 would pass a by-name check).
fn qemu_is_recent() -> Result<bool> {
    let version =
        output(Command::new("dpkg-query").args(["-W", "-f=${Version}", "qemu-system-arm"]))?;
    crate::util::debian_version_at_least(version.trim(), QEMU_MIN_VERSION)
}

fn apt_install() -> Command {
    let mut cmd = Command::new("apt-get");
    cmd.env("DEBIAN_FRONTEND", "noninteractive").args([
        "install",
        "-y",
        "-q",
        "--no-install-recommends",
    ]);
    cmd
}
