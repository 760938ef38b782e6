//! `cargo xtask setup`: installs what the project needs on a fresh Debian
//! bookworm machine. Each step is skipped when its result is already there,
//! so running it again costs a second.

use crate::util::{have, run, step};
use anyhow::Result;
use std::path::Path;
use std::process::Command;

/// Debian packages from bookworm itself.
const BOOKWORM_PACKAGES: &[&str] = &[
    "gcc-aarch64-linux-gnu",
    "binutils-aarch64-linux-gnu",
    "device-tree-compiler",
    "libclang-dev",
    "clang",
    "bison",
    "flex",
    "python3",
    "cpio",
    "xz-utils",
    "quilt",
    "patch",
    "dpkg-dev",
];

/// QEMU 10.0 comes from bookworm-backports (bookworm's 7.2 is too old for
/// some of what the platform checks).
const BACKPORTS_LIST: &str = "/etc/apt/sources.list.d/xen-scmi-backports.sources";
const BACKPORTS_ENTRY: &str = "Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
";

const RUST_TARGETS: &[&str] = &["aarch64-unknown-none-softfloat", "aarch64-unknown-none"];

/// Installs every tool the builds and tests use.
pub fn setup() -> Result<()> {
    let missing_tools = [
        "aarch64-linux-gnu-gcc",
        "dtc",
        "bison",
        "flex",
        "cpio",
        "clang",
        "quilt",
    ]
    .iter()
    .any(|t| !have(t));
    let missing_qemu = !have("qemu-system-aarch64");

    if missing_tools || missing_qemu {
        if !Path::new(BACKPORTS_LIST).exists() {
            step("adding a bookworm-backports entry for QEMU 10.0");
            std::fs::write(BACKPORTS_LIST, BACKPORTS_ENTRY)?;
        }
        step("apt-get update");
        run(Command::new("apt-get").args(["update", "-q"]))?;
    }
    if missing_tools {
        step("installing cross compiler, dtc, libclang, bison, flex");
        run(apt_install().args(BOOKWORM_PACKAGES))?;
    }
    if missing_qemu {
        step("installing qemu-system-arm from bookworm-backports");
        run(apt_install().args(["-t", "bookworm-backports", "qemu-system-arm"]))?;
    }

    let installed =
        crate::util::output(Command::new("rustup").args(["target", "list", "--installed"]))?;
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
