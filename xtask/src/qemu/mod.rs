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
//! - `scenarios_load`: a flood of refused calls, AArch32 guests
//! - `scenarios_faults`: a firmware that misbehaves on Base messages
//! - `boards`, `scenarios_boards`: real boards' SCMI layouts, read from
//!   Debian's board trees
//! - `scenarios_smp`: SMP under churn (two-vCPU owners, xl create/destroy)

pub(crate) mod apt;
mod boards;
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
#[macro_use]
mod scenarios_agents;
mod scenarios_boards;
mod scenarios_dt;
mod scenarios_dtdev;
mod scenarios_faults;
mod scenarios_load;
mod scenarios_smp;
mod scenarios_xl;
mod xl_files;
mod xl_scripts;

use anyhow::{bail, Context, Result};
use execute::RunOptions;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

/// Options of `cargo xtask qemu`.
#[derive(clap::Args)]
pub struct Args {
    /// `list` (the scenarios and what each shows), `all`, or scenario
    /// names; with `--xen`/`--mediator`, NAME means NAME@<that build>
    #[arg(required = true, value_name = "SCENARIO")]
    names: Vec<String>,
    #[command(flatten)]
    target: crate::target::TargetArgs,
    /// Do not copy the console to the terminal (the log is kept anyway)
    #[arg(short, long)]
    quiet: bool,
    /// Run under `-icount shift=0`
    #[arg(long)]
    icount: bool,
    /// Boot with QEMU's own PSCI and loader instead of the EL3 firmware
    /// (no SCMI)
    #[arg(long)]
    qemu_psci: bool,
    /// A firmware binary to boot instead of building the project's
    #[arg(long, value_name = "FW.BIN")]
    firmware: Option<PathBuf>,
    /// Deadline of each scenario instead of its own
    #[arg(long, value_name = "SECONDS")]
    timeout: Option<u64>,
}

/// `cargo xtask qemu <args>`.
pub fn run(args: Args) -> Result<()> {
    let target = args.target.target()?;
    if args.names.iter().any(|n| n == "list") {
        for s in matrix::all() {
            println!("{:<20} {}", s.name, s.about);
        }
        return Ok(());
    }
    let options = RunOptions {
        echo: !args.quiet,
        icount: args.icount,
        qemu_psci: args.qemu_psci,
        firmware: args.firmware,
    };
    let timeout = args.timeout.map(Duration::from_secs);
    let mut names = Vec::new();
    for name in args.names {
        match name.as_str() {
            "all" => names.extend(scenario_names().iter().map(|n| n.to_string())),
            // `--xen 4.22 hwdom` is `hwdom@4.22`.
            _ if target == crate::target::Target::DEFAULT || name.contains('@') => names.push(name),
            _ => names.push(format!("{name}@{}", target.name())),
        }
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

/// Runs the scenario `name` quietly with `xen` booted in place of its own
/// build, under the name `name+suffix` (its log is
/// `logs/<name>+<suffix>.log`): the same expectations, another hypervisor.
pub fn run_scenario_on(name: &str, xen: PathBuf, suffix: &str) -> Result<()> {
    let mut scenario = *find(name)?;
    scenario.name = Box::leak(format!("{name}+{suffix}").into_boxed_str());
    scenario.xen = Image::File(Box::leak(xen.into_boxed_path()));
    execute::run(&scenario, &RunOptions::default())
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
pub(crate) use partial_dt::{DOM0LESS_AGENT_2, DOM0LESS_AGENT_3, DOM0LESS_AGENT_4};
pub(crate) use scenario::{DomU, Guest, Image, Scenario};
pub(crate) use scenarios_agents::HOST_AGENT_CHANNELS;

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
