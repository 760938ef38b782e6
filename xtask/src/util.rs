//! Small helpers shared by every xtask command: paths, running commands,
//! progress lines.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Root of the project (the workspace directory), found when xtask runs.
///
/// Not `env!("CARGO_MANIFEST_DIR")`: that is the directory the binary was
/// compiled in, and cargo does not rebuild a copied or moved checkout's
/// xtask, so every path would still point at the old place.
pub fn project_root() -> PathBuf {
    match find_project_root() {
        Ok(root) => root.to_path_buf(),
        Err(err) => {
            eprintln!("xtask: error: {err}");
            std::process::exit(1);
        }
    }
}

/// The root, looked for once: where `cargo run` says xtask's manifest is,
/// else above the running binary (`target/<profile>/xtask`), else above
/// the current directory. A candidate counts only if it holds the
/// workspace's manifest and xtask's.
pub fn find_project_root() -> Result<&'static Path> {
    static ROOT: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let found = ROOT.get_or_init(|| {
        let from_cargo = std::env::var_os("CARGO_MANIFEST_DIR")
            .map(PathBuf::from)
            .and_then(|xtask| xtask.parent().map(Path::to_path_buf));
        let from_exe = std::env::current_exe().ok();
        let from_cwd = std::env::current_dir().ok();
        from_cargo
            .filter(|dir| is_project_root(dir))
            .or_else(|| from_exe.as_deref().and_then(root_above))
            .or_else(|| from_cwd.as_deref().and_then(root_above))
            .ok_or_else(|| {
                "cannot find the project's root: run xtask as `cargo xtask ...` inside the \
                 checkout (the root is the directory whose Cargo.toml has the [workspace] \
                 and an xtask/ member)"
                    .to_string()
            })
    });
    found.as_deref().map_err(|msg| anyhow::anyhow!("{msg}"))
}

/// The nearest directory at or above `start` that is the project's root.
fn root_above(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| is_project_root(dir))
        .map(Path::to_path_buf)
}

fn is_project_root(dir: &Path) -> bool {
    dir.join("xtask/Cargo.toml").is_file()
        && std::fs::read_to_string(dir.join("Cargo.toml"))
            .is_ok_and(|manifest| manifest.lines().any(|l| l.trim() == "[workspace]"))
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
