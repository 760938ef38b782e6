//! Configure, build and install the dom0 tools into a staging directory.
//!
//! Only the directories dom0 needs are built (the libraries, xenstored,
//! xenconsoled, xl and the dom0 helpers): no QEMU, stubdoms, OCaml, Python,
//! Go or documentation, which keeps a cold build to a few minutes on two
//! cores. The result is cached: a stamp records the series (via the tree's
//! own stamp) and the sysroot's packages, and a rerun with both unchanged
//! costs nothing.

use super::sysroot::{sysroot, TRIPLET};
use crate::target::XenVersion;
use crate::util::{build_dir, run, step};
use anyhow::{Context, Result};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Tool directories built and installed, in dependency order. `include`
/// and `libs` before anything that links them; `helpers` has
/// xen-init-dom0, which writes dom0's own xenstore entries. Xen 4.18 moved
/// the xenstore daemon to `tools/xenstored` and its command-line clients
/// (xenstore-write and friends) to `tools/xs-clients`; 4.17's
/// `tools/xenstore` installs both.
fn subdirs(xen: XenVersion) -> &'static [&'static str] {
    match xen {
        XenVersion::V417 => &[
            "tools/include",
            "tools/libs",
            "tools/xenstore",
            "tools/console",
            "tools/xl",
            "tools/helpers",
        ],
        XenVersion::V422 => &[
            "tools/include",
            "tools/libs",
            "tools/xenstored",
            "tools/xs-clients",
            "tools/console",
            "tools/xl",
            "tools/helpers",
        ],
    }
}

/// Everything that is not the plain dom0 tools, switched off.
const CONFIGURE_ARGS: &[&str] = &[
    "--build=x86_64-linux-gnu",
    "--host=aarch64-linux-gnu",
    "--prefix=/usr",
    "--disable-xen",
    "--enable-tools",
    "--disable-stubdom",
    "--disable-docs",
    "--disable-ocamltools",
    "--disable-golang",
    "--disable-monitors",
    "--disable-xsmpolicy",
    "--disable-seabios",
    "--disable-ipxe",
    "--disable-rombios",
    "--disable-qemu-traditional",
    "--disable-pvshim",
    "--disable-systemd",
    "--disable-9pfs",
    // Never built here; naming one keeps configure from planning qemu-xen.
    "--with-system-qemu=/usr/bin/qemu-system-i386",
];

/// Builds (if needed) and returns the staging directory, laid out like
/// dom0's root file system: the tools of Debian's 4.17 with our series
/// (whose xl learns `arm_sci` from it), or upstream 4.22's, which have
/// `arm_sci` already, with the 4.22 series (xl's strict parser, the
/// multi-agent type and agent id).
pub fn build(xen: XenVersion) -> Result<PathBuf> {
    let (tree, series) = match xen {
        XenVersion::V417 => crate::xen::patched_tree("xen-tools")?,
        XenVersion::V422 => crate::xen::upstream_tools_tree("xen-tools-4.22")?,
    };
    let sysroot = sysroot()?;
    let stage = build_dir().join(match xen {
        XenVersion::V417 => "xen-tools-stage",
        XenVersion::V422 => "xen-tools-stage-4.22",
    });
    let stamp_file = stage.join(".xtask-stamp");
    let stamp = format!(
        "{series}sysroot {}\nsubdirs {}\n",
        sysroot.display(),
        subdirs(xen).join(" ")
    );
    if fs::read_to_string(&stamp_file).ok().as_deref() == Some(stamp.as_str()) {
        return Ok(stage);
    }
    // autoconf, autotools-dev and acpica-tools come from setup.
    crate::setup::setup()?;
    step("building the Xen tools for arm64 (libxl, xl, xenstored, xenconsoled)");
    configure(&tree, &sysroot)?;
    if stage.exists() {
        fs::remove_dir_all(&stage)?;
    }
    let jobs = std::thread::available_parallelism().map_or(2, |n| n.get());
    for dir in subdirs(xen) {
        run(make(&tree, &sysroot)
            .arg(format!("-j{jobs}"))
            .args(["-C", dir, "install"])
            .arg(format!("DESTDIR={}", stage.display())))
        .with_context(|| format!("building {dir}"))?;
    }
    fs::write(&stamp_file, stamp)?;
    Ok(stage)
}

fn configure(tree: &Path, sysroot: &Path) -> Result<()> {
    let (includes, libs) = search_paths(sysroot);
    if !tree.join("configure").exists() {
        run(Command::new("sh").arg("./autogen.sh").current_dir(tree))
            .context("generating the configure scripts")?;
        for file in ["config.guess", "config.sub"] {
            fs::copy(Path::new("/usr/share/misc").join(file), tree.join(file))?;
        }
    }
    run(Command::new("./configure")
        .current_dir(tree)
        .args(CONFIGURE_ARGS)
        .arg(format!("APPEND_INCLUDES={includes}"))
        .arg(format!("APPEND_LIB={libs}"))
        .env("LDFLAGS", rpath_link(sysroot))
        .envs(pkg_config_env(sysroot))
        .stdout(std::process::Stdio::null()))
    .context("configuring the Xen tools")
}

/// make with the cross compiler and the sysroot's libraries.
fn make(tree: &Path, sysroot: &Path) -> Command {
    let mut cmd = Command::new("make");
    cmd.current_dir(tree)
        .arg("-s")
        .args(crate::xen::MAKE_VARS)
        // From the environment, so that Config.mk's `+=` adds its -L.
        .env("APPEND_LDFLAGS", rpath_link(sysroot))
        .envs(pkg_config_env(sysroot));
    cmd
}

/// configure's APPEND_LIB only gives -L; -rpath-link lets the linker also
/// follow a library's own dependencies (libncurses -> libtinfo) there.
fn rpath_link(sysroot: &Path) -> String {
    let (_, libs) = search_paths(sysroot);
    libs.split(' ')
        .map(|l| format!("-Wl,-rpath-link,{l}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Header and library directories of the sysroot, space separated.
fn search_paths(sysroot: &Path) -> (String, String) {
    let s = sysroot.display();
    (
        format!("{s}/usr/include {s}/usr/include/{TRIPLET}"),
        format!("{s}/usr/lib/{TRIPLET} {s}/lib/{TRIPLET}"),
    )
}

/// pkg-config must describe the arm64 sysroot, never the host.
fn pkg_config_env(sysroot: &Path) -> [(&'static str, String); 2] {
    [
        (
            "PKG_CONFIG_LIBDIR",
            format!("{}/usr/lib/{TRIPLET}/pkgconfig", sysroot.display()),
        ),
        ("PKG_CONFIG_SYSROOT_DIR", sysroot.display().to_string()),
    ]
}
