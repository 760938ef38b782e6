//! `cargo xtask fresh`: the README's two commands on a new machine, proven
//! here. A clean Debian bookworm root is made with mmdebstrap, holding only
//! packages a new machine of the project's kind has; the current commit is
//! cloned into it; `cargo xtask demo` and then `cargo xtask test` run inside
//! it, and their closing lines are printed with how long each took.
//!
//! The Rust toolchain is the host's, seen through an overlay so that the
//! root's `rustup target add` writes only into the root (the bare-metal
//! targets are removed there first, as a new machine does not have them);
//! cargo downloads go to a CARGO_HOME of the root's own, and the caches
//! (`~/.cache/xen-scmi`) start empty. Everything runs in a private mount
//! namespace, so the mounts vanish with it whatever happens.

use crate::util::{build_dir, cache_dir, output, project_root, run, step};
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// What a new machine of the project's kind has that the project may
/// lean on, from the workplace's list of its packages: a C toolchain, git,
/// Python, and the basics. Less than the real machine, never more, so a
/// step that works here cannot be relying on something a new machine lacks.
const BASE_PACKAGES: &[&str] = &[
    "ca-certificates",
    "gcc",
    "g++",
    "make",
    "git",
    "python3",
    "xz-utils",
    "curl",
    "file",
    "perl",
];

/// Targets the host's toolchain has that a new machine's does not.
const ADDED_TARGETS: &str = "aarch64-unknown-none-softfloat aarch64-unknown-none";

/// Runs inside `unshare --mount`: mounts what the root needs, then runs the
/// two commands in it. $1 root, $2 host RUSTUP_HOME, $3 host cargo bin dir,
/// $4 overlay work area, $5 shared/ (or empty), $6 log directory.
const INSIDE: &str = r#"set -eu
root=$1 rustup=$2 cargobin=$3 ov=$4 shared=$5 logs=$6
mount --rbind /dev "$root/dev"
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount -t tmpfs tmpfs "$root/tmp"
mkdir -p "$ov/upper" "$ov/work" "$root/root/.rustup" "$root/opt/cargo-bin"
mount -t overlay overlay -o "lowerdir=$rustup,upperdir=$ov/upper,workdir=$ov/work" "$root/root/.rustup"
mount --bind -o ro "$cargobin" "$root/opt/cargo-bin"
if [ -n "$shared" ]; then
    mkdir -p "$root/root/work/shared"
    mount --bind -o ro "$shared" "$root/root/work/shared"
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
# The machine's own certificate authorities (the workplace's network goes
# through them) are part of a new machine, not of any package.
if [ -d /usr/local/share/ca-certificates ]; then
    cp -a /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
    chroot "$root" update-ca-certificates >/dev/null
fi
in_root() {
    chroot "$root" /usr/bin/env -i HOME=/root CI=true TERM=dumb \
        RUSTUP_HOME=/root/.rustup CARGO_HOME=/root/.cargo \
        PATH=/root/.cargo/bin:/opt/cargo-bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        sh -c "cd /root/work/main && $1"
}
in_root "rustup target remove $ADDED_TARGETS >/dev/null 2>&1 || true"
status=0
start=$(date +%s)
in_root "cargo xtask demo" >"$logs/demo.log" 2>&1 || status=$?
echo "fresh: demo exit=$status seconds=$(( $(date +%s) - start ))" >"$logs/times"
start=$(date +%s)
tstatus=0
in_root "cargo xtask test" >"$logs/test.log" 2>&1 || tstatus=$?
echo "fresh: test exit=$tstatus seconds=$(( $(date +%s) - start ))" >>"$logs/times"
"#;

pub fn command() -> Result<()> {
    crate::setup::setup()?;
    let repo = project_root();
    let dirty = output(
        Command::new("git")
            .current_dir(&repo)
            .args(["status", "--porcelain"]),
    )?;
    if !dirty.trim().is_empty() {
        step("note: uncommitted changes are not part of the fresh run (it clones HEAD)");
    }
    let commit = output(
        Command::new("git")
            .current_dir(&repo)
            .args(["rev-parse", "HEAD"]),
    )?;
    let commit = commit.trim();

    let work = build_dir().join("fresh");
    let root = work.join("root");
    let logs = work.join("logs");
    if work.exists() {
        step("removing the previous fresh root");
        fs::remove_dir_all(&work)?;
    }
    fs::create_dir_all(&logs)?;
    unpack_base(&root)?;

    step(&format!("cloning {commit} into the root"));
    let clone = root.join("root/work/main");
    run(Command::new("git")
        .arg("clone")
        .arg("-q")
        .arg(&repo)
        .arg(&clone))?;
    run(Command::new("git")
        .current_dir(&clone)
        .args(["checkout", "-q", "--detach", commit]))?;

    let rustup_home = host_rustup_home();
    let cargo_bin = host_cargo_bin()?;
    let shared = repo
        .parent()
        .map(|p| p.join("shared"))
        .filter(|p| p.is_dir());
    let overlay = work.join("rustup-overlay");

    step("running `cargo xtask demo` and `cargo xtask test` in the clean root");
    let started = Instant::now();
    run(Command::new("unshare")
        .args([
            "--mount",
            "--propagation",
            "private",
            "--",
            "sh",
            "-c",
            INSIDE,
            "fresh",
        ])
        .arg(&root)
        .arg(&rustup_home)
        .arg(&cargo_bin)
        .arg(&overlay)
        .arg(shared.as_deref().unwrap_or(Path::new("")))
        .arg(&logs)
        .env("ADDED_TARGETS", ADDED_TARGETS))?;

    report(&logs, started.elapsed().as_secs())
}

/// Prints the demo's summary, the test command's last lines and the times.
fn report(logs: &Path, total: u64) -> Result<()> {
    let times = fs::read_to_string(logs.join("times")).unwrap_or_default();
    let demo = fs::read_to_string(logs.join("demo.log")).unwrap_or_default();
    let test = fs::read_to_string(logs.join("test.log")).unwrap_or_default();
    println!(
        "---- fresh root: cargo xtask demo (last lines; whole log {})",
        logs.join("demo.log").display()
    );
    print_tail(&demo, 25);
    println!(
        "---- fresh root: cargo xtask test (last lines; whole log {})",
        logs.join("test.log").display()
    );
    print_tail(&test, 40);
    println!("----");
    print!("{times}");
    println!("fresh: total {total} s (including the root and the clone)");
    let ok = times.lines().count() == 2 && times.lines().all(|l| l.contains(" exit=0 "));
    if !ok {
        bail!("the fresh root did not pass both commands");
    }
    Ok(())
}

fn print_tail(text: &str, n: usize) {
    let lines: Vec<&str> = text.lines().collect();
    for line in &lines[lines.len().saturating_sub(n)..] {
        println!("{line}");
    }
}

/// Makes (once, cached) a tarball of the base root and unpacks it.
fn unpack_base(root: &Path) -> Result<()> {
    let dir = cache_dir().join("fresh");
    fs::create_dir_all(&dir)?;
    let key = BASE_PACKAGES.join(",");
    let tarball = dir.join("bookworm-base.tar");
    let stamp = dir.join("bookworm-base.packages");
    if !tarball.exists() || fs::read_to_string(&stamp).ok().as_deref() != Some(key.as_str()) {
        step("making a clean bookworm root with mmdebstrap");
        let partial = dir.join("bookworm-base.tar.partial");
        run(Command::new("mmdebstrap")
            .args(["--quiet", "--variant=apt", "--mode=root", "--format=tar"])
            .arg(format!("--include={key}"))
            .arg("bookworm")
            .arg(&partial))
        .context("mmdebstrap could not make the base root")?;
        fs::rename(&partial, &tarball)?;
        fs::write(&stamp, &key)?;
    }
    fs::create_dir_all(root)?;
    run(Command::new("tar")
        .arg("-xf")
        .arg(&tarball)
        .arg("-C")
        .arg(root))
}

fn host_rustup_home() -> PathBuf {
    std::env::var_os("RUSTUP_HOME").map_or_else(|| home().join(".rustup"), PathBuf::from)
}

/// The directory holding the host's `cargo` and `rustup` proxies.
fn host_cargo_bin() -> Result<PathBuf> {
    let path = output(Command::new("sh").args(["-c", "command -v rustup"]))?;
    let path = PathBuf::from(path.trim());
    path.parent()
        .map(Path::to_path_buf)
        .context("cannot find the directory of rustup")
}

fn home() -> PathBuf {
    std::env::var_os("HOME").map_or_else(|| PathBuf::from("/root"), PathBuf::from)
}
