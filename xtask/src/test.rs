//! `cargo xtask test`: every test of the project, in one command.
//!
//! 1. host: rustfmt, clippy, the crates' unit and integration tests, and
//!    the policy over every board tree of Debian's arm64 kernel
//!    (`cargo xtask corpus`);
//! 2. fuzz: each fuzz target for a bounded time (when cargo-fuzz is there
//!    or can be installed);
//! 3. build: Xen 4.17 and 4.22 with the Rust mediator, the checks on
//!    xen-syms, the sizes against upstream's C mediator, and the patch
//!    series built after every patch (bisectable);
//! 4. system: the EL3 firmware smoke test and every QEMU scenario of the
//!    matrix (4.17, 4.22 with our mediator, 4.22 with upstream's C one).
//!
//! Every step runs even when an earlier one failed, so one run shows
//! everything that is broken; the last line counts them.

use crate::target::XenVersion;
use crate::util::{project_root, run, step};
use anyhow::Result;
use std::process::Command;
use std::time::Instant;

/// Options of `cargo xtask test`.
#[derive(clap::Args)]
pub struct Options {
    /// Skip the firmware smoke test and the QEMU scenarios (host and
    /// build steps only)
    #[arg(long)]
    no_qemu: bool,
    /// Seconds each fuzz target runs
    #[arg(long, value_name = "N", default_value_t = 20)]
    fuzz_seconds: u64,
}

/// Entry point.
pub fn command(opts: &Options) -> Result<()> {
    crate::setup::setup()?;

    let mut results: Vec<(String, Result<()>)> = Vec::new();
    let mut record = |name: &str, f: &mut dyn FnMut() -> Result<()>| {
        step(&format!("test step: {name}"));
        let start = Instant::now();
        let res = f();
        let mark = if res.is_ok() { "ok" } else { "FAILED" };
        eprintln!("==> {name}: {mark} ({:.0?})", start.elapsed());
        if let Err(err) = &res {
            eprintln!("    {err:#}");
        }
        results.push((name.to_string(), res));
    };

    record("rustfmt", &mut || {
        run(cargo().args(["fmt", "--all", "--", "--check"]))
    });
    record("clippy (host crates)", &mut || {
        run(cargo().args(["clippy", "--all-targets", "--", "-D", "warnings"]))
    });
    record("host tests", &mut || {
        run(cargo().args(["test", "--quiet"]))?;
        // Bare-metal crates whose logic also builds on the host.
        run(cargo().args(["test", "--quiet", "-p", "scmi-el3-firmware", "--lib"]))?;
        run(cargo().args(["test", "--quiet", "-p", "probe-guest"]))
    });
    record("real-board device trees (corpus)", &mut || {
        crate::corpus::command(&crate::corpus::Options::check())
    });
    for target in ["dt_shmem", "scmi_server", "xl_arm_sci"] {
        let secs = opts.fuzz_seconds;
        record(&format!("fuzz {target} ({secs} s)"), &mut || {
            fuzz(target, secs)
        });
    }
    let mut xen = None;
    record("Xen build with the Rust mediator", &mut || {
        xen = Some(crate::xen::build_default()?);
        Ok(())
    });
    record("build checks on xen-syms", &mut || match &xen {
        Some(build) => {
            crate::checks::check_build(build)?;
            crate::checks::size_report(build)
        }
        None => anyhow::bail!("no Xen build to check"),
    });
    record(
        "Xen 4.22 with the Rust mediator: build checks and sizes",
        &mut || {
            let build = crate::xen::build(crate::target::Target::UPSTREAM_RUST)?;
            crate::checks::check_build(&build)?;
            crate::sections::compare_upstream()
        },
    );
    record("patch series, built patch by patch", &mut || {
        crate::series::command(&crate::series::Options::check(XenVersion::V417))
    });
    record(
        "patch series against upstream 4.22, built patch by patch, then offline",
        &mut || crate::series::command(&crate::series::Options::check(XenVersion::V422)),
    );
    record("clippy (bare-metal crates)", &mut || match &xen {
        Some(build) => clippy_bare_metal(build),
        None => anyhow::bail!("no Xen tree to build the hypervisor crates against"),
    });
    record("rustdoc (warnings denied)", &mut || match &xen {
        Some(build) => rustdoc(build),
        None => anyhow::bail!("no Xen tree to document the hypervisor crates against"),
    });
    if !opts.no_qemu {
        record("firmware smoke test", &mut crate::firmware::smoke);
        for name in crate::qemu::scenario_names() {
            record(&format!("qemu {name}"), &mut || {
                crate::qemu::run_scenario(name)
            });
        }
    }

    let failed: Vec<&str> = results
        .iter()
        .filter(|(_, r)| r.is_err())
        .map(|(n, _)| n.as_str())
        .collect();
    let passed = results.len() - failed.len();
    if !failed.is_empty() {
        eprintln!("failed: {}", failed.join("; "));
    }
    println!("{passed} passed, {} failed", failed.len());
    if failed.is_empty() {
        Ok(())
    } else {
        anyhow::bail!("{} test step(s) failed", failed.len())
    }
}

/// Clippy over the crates that only build for the bare-metal targets: the
/// hypervisor side (against the Xen tree just built, then with multi-agent
/// SCMI against the 4.22 tree whose ABI has it), the firmware and the
/// probe guest (AArch64 and AArch32).
fn clippy_bare_metal(build: &crate::xen::XenBuild) -> Result<()> {
    let deny = ["--", "-D", "warnings"];
    let multi_agent = crate::xen::build(crate::target::Target::UPSTREAM_MULTI_AGENT)?;
    for (tree, features) in [
        (build, None),
        (&multi_agent, Some("scmi-smc-rs/multi-agent")),
    ] {
        let mut cmd = against(tree, cargo());
        cmd.args(["clippy", "--release", "--target", HYPERVISOR_TARGET])
            .args([
                "-p",
                "scmi-smc-rs",
                "-p",
                "xen-bindings",
                "-p",
                "scmi-el3-firmware",
            ]);
        if let Some(features) = features {
            cmd.args(["--features", features]);
        }
        run(cmd.args(deny))?;
    }
    run(cargo()
        .args(["clippy", "--release", "--target", "aarch64-unknown-none"])
        .args(["-p", "probe-guest"])
        .args(deny))?;
    run(cargo()
        .args(["clippy", "--release", "--target", crate::probe::TARGET32])
        .args(["-p", "probe-guest"])
        .args(deny))
}

/// The bare-metal target of the hypervisor crates.
const HYPERVISOR_TARGET: &str = "aarch64-unknown-none-softfloat";

/// `cmd` with the environment the hypervisor crates build in against the
/// configured Xen tree of `build`.
fn against(build: &crate::xen::XenBuild, mut cmd: Command) -> Command {
    cmd.env("XEN_SRC", &build.hypervisor_dir)
        .env("XEN_OBJ", &build.hypervisor_dir)
        .env("CC_aarch64_unknown_none_softfloat", "aarch64-linux-gnu-gcc");
    cmd
}

/// `cargo doc` with warnings denied: the host library crates, then the
/// hypervisor crates against the Xen tree just built, and with multi-agent
/// SCMI against the 4.22 tree that has it.
fn rustdoc(build: &crate::xen::XenBuild) -> Result<()> {
    let doc = || {
        let mut cmd = cargo();
        cmd.env("RUSTDOCFLAGS", "-D warnings")
            .args(["doc", "--no-deps", "--quiet"]);
        cmd
    };
    run(doc().args(["-p", "scmi_smc", "-p", "scmi-server", "-p", "fdt-reader"]))?;
    run(against(build, doc())
        .args(["--target", HYPERVISOR_TARGET])
        .args(["-p", "xen-bindings", "-p", "scmi-smc-rs"]))?;
    let multi_agent = crate::xen::build(crate::target::Target::UPSTREAM_MULTI_AGENT)?;
    run(against(&multi_agent, doc())
        .args(["--target", HYPERVISOR_TARGET])
        .args(["-p", "xen-bindings", "-p", "scmi-smc-rs"])
        .args(["--features", "scmi-smc-rs/multi-agent"]))
}

fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(project_root());
    cmd
}

/// Runs one fuzz target for `secs` seconds. cargo-fuzz needs nightly
/// flags; RUSTC_BOOTSTRAP lets the one stable toolchain accept them.
fn fuzz(target: &str, secs: u64) -> Result<()> {
    if !crate::util::have("cargo-fuzz") {
        step("installing cargo-fuzz");
        run(cargo().args(["install", "--locked", "cargo-fuzz"]))?;
    }
    // cargo-fuzz looks for fuzz/ beside the workspace's manifest unless
    // told where the fuzz crate is.
    run(cargo()
        .env("RUSTC_BOOTSTRAP", "1")
        .args(["fuzz", "run", "--fuzz-dir", "tests/fuzz", target, "--"])
        .arg(format!("-max_total_time={secs}"))
        .arg("-print_final_stats=1"))
}
