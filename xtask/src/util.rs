//! Small helpers shared by every xtask command: paths, running commands,
//! progress lines.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Root of the project (the workspace directory).
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// Cache for downloads and extracted sources, outside the repository.
/// `XEN_SCMI_CACHE` overrides the default `~/.cache/xen-scmi`.
pub fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("XEN_SCMI_CACHE") {
        return PathBuf::from(dir);
    }
    let home = std::env::var_os("HOME").unwrap_or_else(|| "/root".into());
    PathBuf::from(home).join(".cache").join("xen-scmi")
}

/// Build products that are not cargo's: Xen trees, images, DTBs.
/// `XEN_SCMI_BUILD` overrides the default `build/` (e.g. for a second,
/// independent run on the same checkout).
pub fn build_dir() -> PathBuf {
    std::env::var_os("XEN_SCMI_BUILD").map_or_else(|| project_root().join("build"), PathBuf::from)
}

/// Where console logs of QEMU runs and other long outputs are kept.
/// `XEN_SCMI_LOGS` overrides the default `logs/`.
pub fn logs_dir() -> PathBuf {
    std::env::var_os("XEN_SCMI_LOGS").map_or_else(|| project_root().join("logs"), PathBuf::from)
}

/// Prints one progress line, so a person sees which long step is running.
pub fn step(msg: &str) {
    eprintln!("==> {msg}");
}

/// Runs a command, failing with its command line if it does not exit 0.
pub fn run(cmd: &mut Command) -> Result<()> {
    let status = cmd
        .status()
        .with_context(|| format!("cannot start {cmd:?}"))?;
    if !status.success() {
        bail!("command failed ({status}): {cmd:?}");
    }
    Ok(())
}

/// Runs a command and returns its standard output as text.
pub fn output(cmd: &mut Command) -> Result<String> {
    let out = cmd
        .output()
        .with_context(|| format!("cannot start {cmd:?}"))?;
    if !out.status.success() {
        bail!(
            "command failed ({}): {cmd:?}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// True when a program is found on PATH.
pub fn have(program: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program} >/dev/null 2>&1"))
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// Compares two Debian version strings as dpkg does (epochs, tildes,
/// revisions), by asking dpkg itself.
pub fn debian_version_cmp(a: &str, b: &str) -> Result<std::cmp::Ordering> {
    let holds = |op: &str| -> Result<bool> {
        let status = Command::new("dpkg")
            .args(["--compare-versions", a, op, b])
            .status()
            .context("cannot start dpkg --compare-versions")?;
        Ok(status.success())
    };
    Ok(if holds("lt")? {
        std::cmp::Ordering::Less
    } else if holds("eq")? {
        std::cmp::Ordering::Equal
    } else {
        std::cmp::Ordering::Greater
    })
}

/// True when Debian version `version` is `minimum` or later.
pub fn debian_version_at_least(version: &str, minimum: &str) -> Result<bool> {
    Ok(debian_version_cmp(version, minimum)? != std::cmp::Ordering::Less)
}
