//! `cargo xtask <command>`: the project's automation.
//!
//! Commands:
//!   setup              install toolchains and packages (idempotent)
//!   xen [--xen-src D]  fetch Debian's Xen 4.17, apply patches/, build with the Rust mediator
//!   check-build        checks on the linked xen-syms (tables, no fmt/panic, no FP/SIMD)
//!   size               size report of the Rust part linked into xen-syms
//!   firmware [--smoke] build the EL3 test firmware for QEMU (--smoke: boot it once)
//!   probe              build the probe guest Image (checked position independent)
//!   tools              cross-build the arm64 Xen tools (xl, libxl, xenstored) for dom0
//!   qemu <scenario>    boot a QEMU scenario and check its log
//!   series [--xen 4.22] [--check]
//!                      the work as a format-patch series against Xen 4.17, or upstream
//!                      4.22.0 (--check: build each patch, then once offline)
//!   test               every test: host, build checks, QEMU scenarios
//!   demo               set up, build and run the passthrough scenario
//!   bench [--runs R]   SCMI round-trip costs under icount: Rust mediator vs C, sizes
//!   fresh              demo + test in a clean bookworm root from a clone of HEAD

mod bench;
mod checks;
mod demo;
mod disasm;
mod firmware;
mod fresh;
mod probe;
mod qemu;
mod sections;
mod series;
mod setup;
mod target;
mod test;
mod tools;
mod util;
mod xen;

use anyhow::{bail, Result};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(err) = dispatch(&args) {
        eprintln!("xtask: error: {err:#}");
        std::process::exit(1);
    }
}

fn dispatch(args: &[String]) -> Result<()> {
    let Some((cmd, rest)) = args.split_first() else {
        usage();
        bail!("no command given");
    };
    match cmd.as_str() {
        "setup" => setup::setup(),
        "xen" => xen::command(rest),
        "check-build" => checks::check_build(&xen::build(target::Target::from_args(rest)?.0)?),
        "size" => size(rest),
        "firmware" if rest.iter().any(|a| a == "--smoke") => firmware::smoke(),
        "firmware" => {
            let bin = firmware::build()?;
            println!("firmware: {}", bin.display());
            Ok(())
        }
        "probe" => {
            let image = probe::build()?;
            println!("probe guest: {}", image.display());
            Ok(())
        }
        "tools" => {
            let stage = tools::build(target::Target::from_args(rest)?.0.xen)?;
            println!("tools: {}", stage.display());
            Ok(())
        }
        "qemu" => qemu::run(rest),
        "series" => series::command(rest),
        "test" => test::command(rest),
        "demo" => demo::command(rest),
        "bench" => bench::command(rest),
        "fresh" => fresh::command(rest),
        "help" | "--help" | "-h" => {
            usage();
            Ok(())
        }
        other => {
            usage();
            bail!("unknown command `{other}`")
        }
    }
}

/// `cargo xtask size [--xen V]`: the Rust part as linked; on 4.22, side by
/// side with upstream's C mediator.
fn size(args: &[String]) -> Result<()> {
    let (target, _) = target::Target::from_args(args)?;
    checks::size_report(&xen::build(target)?)?;
    if target.xen == target::XenVersion::V422 {
        sections::compare_upstream()?;
    }
    Ok(())
}

fn usage() {
    eprintln!("usage: cargo xtask <setup|xen|size|firmware|qemu|test|demo|bench|fresh> [options]");
}
