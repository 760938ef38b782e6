//! Runs one scenario: firmware choice, preparation, the QEMU run, and the
//! verdict on its log.

use super::expect;
use super::machine::{Boot, Machine};
use super::prepare;
use super::runner;
use super::scenario::Scenario;
use crate::util::{build_dir, logs_dir, step};
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::PathBuf;

/// Options of one run that are not part of the scenario.
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// Copy the console to stderr while it runs.
    pub echo: bool,
    /// `-icount shift=0`.
    pub icount: bool,
    /// Use QEMU's PSCI and loader instead of the firmware (no SCMI).
    pub qemu_psci: bool,
    /// A firmware binary to use instead of building the project's.
    pub firmware: Option<PathBuf>,
}

/// Prepares the images, runs QEMU and checks the log. Every unmet
/// expectation is printed; the error says how many and where the log is.
pub fn run(scenario: &Scenario, options: &RunOptions) -> Result<()> {
    let work = build_dir().join("qemu").join(scenario.name);
    fs::create_dir_all(&work)?;
    let boot = match (&options.firmware, options.qemu_psci) {
        (_, true) => Boot::QemuPsci,
        (Some(fw), false) => Boot::Firmware(fw.clone()),
        (None, false) => {
            Boot::Firmware(crate::firmware::build().context("the scenario needs the EL3 firmware")?)
        }
    };
    let machine = Machine {
        cpus: scenario.cpus,
        smmu: scenario.smmu,
        boot,
        icount: options.icount,
    };

    let args = prepare::command_line(scenario, &machine, &work)?;

    let log = logs_dir().join(format!("{}.log", scenario.name));
    step(&format!(
        "{}: booting (log: {})",
        scenario.name,
        log.display()
    ));
    let outcome = runner::run(
        &args,
        &log,
        scenario.timeout,
        options.echo,
        scenario.replies,
    )?;
    let failures = expect::check(&scenario.expect, &outcome);
    for count in expect::line_counts(&scenario.expect, &outcome.console) {
        step(&format!("{}: {count}", scenario.name));
    }
    if failures.is_empty() {
        step(&format!(
            "{}: passed in {:.1} s",
            scenario.name,
            outcome.elapsed.as_secs_f64()
        ));
        return Ok(());
    }
    for failure in &failures {
        eprintln!("{}: FAILED: {failure}", scenario.name);
    }
    bail!(
        "scenario {} failed {} check(s) after {:.1} s; log: {}",
        scenario.name,
        failures.len(),
        outcome.elapsed.as_secs_f64(),
        log.display()
    )
}
