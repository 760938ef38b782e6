//! What a scenario is (plain data), and how one is turned into files,
//! a QEMU command line, a run and a verdict.

use super::dtb;
use super::dts::{Additions, Domain, Module, ModuleKind};
use super::expect::{self, Expect};
use super::init;
use super::initramfs;
use super::layout::{self, Placer, DTB_ADDR, XEN_ENTRY};
use super::machine::{self, Boot, Machine};
use super::packages;
use super::runner;
use crate::util::{build_dir, logs_dir, step};
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where an image comes from.
#[derive(Clone, Copy, Debug)]
pub enum Image {
    /// Debian trixie's prebuilt Xen 4.20 (C SCMI forwarding, dom0 only).
    DebianXen420,
    /// Debian trixie's arm64 Linux kernel.
    DebianKernel,
    /// Produced by other xtask code (the patched Xen, a probe guest...).
    #[allow(dead_code)] // used by the scenarios on the project's own Xen
    Built(fn() -> Result<PathBuf>),
}

impl Image {
    fn path(self) -> Result<PathBuf> {
        match self {
            Image::DebianXen420 => packages::xen_4_20(),
            Image::DebianKernel => packages::kernel(),
            Image::Built(build) => build(),
        }
    }
}

/// A Linux (or bare-metal) guest: its kernel, command line and, for Linux,
/// the body of the busybox /init script (`None`: no initramfs at all).
#[derive(Clone, Copy, Debug)]
pub struct Guest {
    pub kernel: Image,
    pub bootargs: &'static str,
    pub init: Option<&'static str>,
}

/// A domain that Xen creates at boot from the DT (dom0less).
#[derive(Clone, Copy, Debug)]
pub struct DomU {
    /// Node name under /chosen, e.g. "domU1".
    pub name: &'static str,
    pub memory_mib: u64,
    pub cpus: u32,
    pub guest: Guest,
    /// Dts source of a partial device tree (passthrough), if any.
    pub partial_dt: Option<&'static str>,
    /// Extra property lines for the domain node, e.g.
    /// `xen,sci_type = "scmi_smc";`.
    pub properties: &'static [&'static str],
}

/// One QEMU system scenario. See `scenarios.rs` for the list.
#[derive(Clone, Copy, Debug)]
pub struct Scenario {
    pub name: &'static str,
    pub about: &'static str,
    pub xen: Image,
    /// Appended to the common Xen command line.
    pub xen_args: &'static str,
    pub cpus: u32,
    pub dom0: Guest,
    pub domus: &'static [DomU],
    /// Dts source appended after everything else (may re-open any node).
    pub dt_extra: &'static str,
    pub expect: Expect,
    pub timeout: Duration,
}

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

/// Xen options every scenario shares: the PL011 console, all log levels
/// (the assertions read them), dom0's memory, and no boot-time scrubbing,
/// which only costs emulated time here.
const XEN_COMMON_ARGS: &str =
    "console=dtuart dtuart=serial0 dom0_mem=512M loglvl=all guest_loglvl=all bootscrub=0";

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
        boot,
        icount: options.icount,
    };

    step(&format!("{}: preparing images", scenario.name));
    let xen = scenario.xen.path()?;
    layout::check_xen_size(fs::metadata(&xen)?.len())?;
    let mut placer = Placer::default();
    let mut loads: Vec<(PathBuf, u64)> = Vec::new();
    let dom0_modules = guest_modules(&scenario.dom0, &work.join("dom0"), &mut placer, &mut loads)?;
    let mut domains = Vec::new();
    for domu in scenario.domus {
        domains.push(domain(
            domu,
            &work.join(domu.name),
            &mut placer,
            &mut loads,
        )?);
    }
    let additions = Additions {
        cpus: scenario.cpus,
        xen_bootargs: format!("{XEN_COMMON_ARGS} {}", scenario.xen_args)
            .trim()
            .to_owned(),
        dom0_modules,
        domains,
        extra: scenario.dt_extra.to_owned(),
    };
    let dtb_size = dtb::build(&machine, &additions, &work)?;
    layout::check_dtb_size(dtb_size)?;
    let dtb = work.join("system.dtb");

    let mut args = machine.args();
    match machine.boot {
        Boot::Firmware(_) => {
            args.extend(machine::loader(&xen, XEN_ENTRY));
            args.extend(machine::loader(&dtb, DTB_ADDR));
        }
        Boot::QemuPsci => {
            args.extend(["-kernel".into(), xen.display().to_string()]);
            args.extend(["-dtb".into(), dtb.display().to_string()]);
        }
    }
    for (file, addr) in &loads {
        args.extend(machine::loader(file, *addr));
    }
    fs::write(work.join("qemu-args.txt"), args.join("\n"))?;

    let log = logs_dir().join(format!("{}.log", scenario.name));
    step(&format!(
        "{}: booting (log: {})",
        scenario.name,
        log.display()
    ));
    let outcome = runner::run(&args, &log, scenario.timeout, options.echo)?;
    let failures = expect::check(&scenario.expect, &outcome);
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

/// Places a guest's kernel and (if it has an init script) its initramfs.
fn guest_modules(
    guest: &Guest,
    dir: &Path,
    placer: &mut Placer,
    loads: &mut Vec<(PathBuf, u64)>,
) -> Result<Vec<Module>> {
    let kernel = guest.kernel.path()?;
    let mut modules = vec![place(
        &kernel,
        ModuleKind::Kernel,
        Some(guest.bootargs.to_owned()),
        placer,
        loads,
    )?];
    if let Some(body) = guest.init {
        let cpio = dir.join("initramfs.cpio");
        initramfs::build(&packages::busybox()?, &init::script(body), &cpio)?;
        modules.push(place(&cpio, ModuleKind::Ramdisk, None, placer, loads)?);
    }
    Ok(modules)
}

fn domain(
    domu: &DomU,
    dir: &Path,
    placer: &mut Placer,
    loads: &mut Vec<(PathBuf, u64)>,
) -> Result<Domain> {
    let mut modules = guest_modules(&domu.guest, dir, placer, loads)?;
    if let Some(source) = domu.partial_dt {
        let dtb = compile_partial_dt(source, dir)?;
        modules.push(place(&dtb, ModuleKind::DeviceTree, None, placer, loads)?);
    }
    Ok(Domain {
        name: domu.name.to_owned(),
        memory_kib: domu.memory_mib * 1024,
        cpus: domu.cpus,
        properties: domu.properties.iter().map(|p| (*p).to_owned()).collect(),
        modules,
    })
}

fn compile_partial_dt(source: &str, dir: &Path) -> Result<PathBuf> {
    fs::create_dir_all(dir)?;
    let dts = dir.join("partial.dts");
    let dtb = dir.join("partial.dtb");
    fs::write(&dts, source)?;
    crate::util::run(
        std::process::Command::new("dtc")
            .args(["-q", "-I", "dts", "-O", "dtb", "-o"])
            .arg(&dtb)
            .arg(&dts),
    )?;
    Ok(dtb)
}

fn place(
    file: &Path,
    kind: ModuleKind,
    bootargs: Option<String>,
    placer: &mut Placer,
    loads: &mut Vec<(PathBuf, u64)>,
) -> Result<Module> {
    let size = fs::metadata(file)
        .with_context(|| format!("cannot read {}", file.display()))?
        .len();
    let addr = placer.place(size)?;
    loads.push((file.to_path_buf(), addr));
    Ok(Module {
        kind,
        addr,
        size,
        bootargs,
    })
}
