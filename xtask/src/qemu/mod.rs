//! QEMU system scenarios: Xen on our EL3 firmware, with Debian guests.
//!
//! Module map:
//! - `apt`, `packages`: Debian arm64 binaries through a private apt state
//! - `initramfs`, `init`: the busybox initramfs and its /init scripts
//! - `layout`: the memory map shared with the firmware
//! - `dts`, `dtb`: QEMU's device tree plus ours (PSCI, SCMI, /chosen)
//! - `machine`, `runner`: the QEMU command line, a run with a deadline
//! - `expect`: checks on the console log and the firmware's counters
//! - `scenario`, `scenarios`: the scenario type and the list of scenarios
//! - `matrix`: each scenario on the Xen builds it runs on (4.17, 4.22)
//! - `partial_dt`: the SCMI nodes of a driver domain's partial device tree
//! - `prepare`, `execute`: a scenario turned into files and a QEMU run
//! - `scenarios_xl`, `xl_files`, `xl_scripts`: the toolstack scenarios

pub(crate) mod apt;
mod dtb;
mod dts;
mod execute;
mod expect;
mod init;
mod initramfs;
mod layout;
mod machine;
mod matrix;
pub(crate) mod packages;
mod partial_dt;
mod prepare;
mod runner;
mod scenario;
mod scenarios;
mod scenarios_agents;
mod scenarios_dt;
mod scenarios_xl;
mod xl_files;
mod xl_scripts;

use anyhow::{bail, Context, Result};
use execute::RunOptions;
use std::sync::OnceLock;
use std::time::Duration;

const USAGE: &str = "usage: cargo xtask qemu <list | all | SCENARIO...> [--xen 4.17|4.22] \
                     [--mediator rust|c|c-unpatched] [--quiet] [--icount] [--qemu-psci] \
                     [--firmware FW.BIN] [--timeout SECONDS]";

/// `cargo xtask qemu <args>`.
pub fn run(args: &[String]) -> Result<()> {
    let (target, args) = crate::target::Target::from_args(args)?;
    let mut options = RunOptions {
        echo: true,
        ..RunOptions::default()
    };
    let mut timeout = None;
    let mut names = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--quiet" | "-q" => options.echo = false,
            "--icount" => options.icount = true,
            "--qemu-psci" => options.qemu_psci = true,
            "--firmware" => {
                let path = iter.next().context("--firmware needs a path")?;
                options.firmware = Some(path.into());
            }
            "--timeout" => {
                let secs: u64 = iter
                    .next()
                    .context("--timeout needs a value")?
                    .parse()
                    .context("--timeout takes whole seconds")?;
                timeout = Some(Duration::from_secs(secs));
            }
            "list" => {
                for s in matrix::all() {
                    println!("{:<20} {}", s.name, s.about);
                }
                return Ok(());
            }
            "all" => names.extend(scenario_names().iter().map(|n| n.to_string())),
            flag if flag.starts_with('-') => bail!("unknown option {flag}\n{USAGE}"),
            // `--xen 4.22 hwdom` is `hwdom@4.22`.
            name if target == crate::target::Target::DEFAULT || name.contains('@') => {
                names.push(name.to_string())
            }
            name => names.push(format!("{name}@{}", target.name())),
        }
    }
    if names.is_empty() {
        bail!("no scenario given\n{USAGE}");
    }
    // Run them all, then report: one failure should not hide the others.
    let mut failed = Vec::new();
    for name in &names {
        let mut scenario = *find(name)?;
        if let Some(timeout) = timeout {
            scenario.timeout = timeout;
        }
        if let Err(err) = execute::run(&scenario, &options) {
            eprintln!("xtask: {err:#}");
            failed.push(name.as_str());
        }
    }
    if !failed.is_empty() {
        bail!("failed scenario(s): {}", failed.join(", "));
    }
    Ok(())
}

/// Runs one scenario quietly (for `cargo xtask test`); the error lists the
/// failed checks and the log path.
pub fn run_scenario(name: &str) -> Result<()> {
    execute::run(find(name)?, &RunOptions::default())
}

/// The names of all scenarios, in the order they should run.
pub fn scenario_names() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| matrix::all().iter().map(|s| s.name).collect())
}

/// The scenario vocabulary, for scenarios built elsewhere (`cargo xtask
/// bench`).
pub(crate) use expect::{Count, Counter, Expect};
pub(crate) use partial_dt::DOM0LESS as DOM0LESS_PARTIAL_DT;
pub(crate) use scenario::{DomU, Guest, Image, Scenario};

/// Runs a scenario built elsewhere under `-icount shift=0`, quietly; its
/// console is kept in `logs/<name>.log` and QEMU's arguments in
/// `build/qemu/<name>/qemu-args.txt`.
pub(crate) fn run_icount(scenario: &Scenario) -> Result<()> {
    let options = RunOptions {
        icount: true,
        ..RunOptions::default()
    };
    execute::run(scenario, &options)
}

fn find(name: &str) -> Result<&'static scenario::Scenario> {
    matrix::all()
        .iter()
        .find(|s| s.name == name)
        .with_context(|| format!("no scenario named {name:?} (see `cargo xtask qemu list`)"))
}
