//! Turns a scenario into files and a QEMU command line: the guests'
//! images and initramfs placed in memory, the DTB describing them, and the
//! `-device loader` options that put everything where the DTB says.

use super::dtb;
use super::dts::{Additions, Domain, Module, ModuleKind};
use super::init;
use super::initramfs;
use super::layout::{self, Placer, DTB_ADDR, XEN_ENTRY};
use super::machine::{self, Boot, Machine};
use super::packages;
use super::scenario::{DomU, Guest, Scenario};
use crate::util::step;
use anyhow::{Context, Result};
use std::fs;
use std::path::{Path, PathBuf};

/// Xen options every scenario shares: the PL011 console, all log levels
/// (the assertions read them), dom0's memory, and no boot-time scrubbing,
/// which only costs emulated time here.
const XEN_COMMON_ARGS: &str =
    "console=dtuart dtuart=serial0 dom0_mem=512M loglvl=all guest_loglvl=all bootscrub=0";

/// Builds everything `scenario` boots into `work` and returns QEMU's
/// arguments (also saved as `work/qemu-args.txt`, to rerun by hand).
pub fn command_line(scenario: &Scenario, machine: &Machine, work: &Path) -> Result<Vec<String>> {
    step(&format!("{}: preparing images", scenario.name));
    let xen = scenario.xen.path()?;
    layout::check_xen_size(fs::metadata(&xen)?.len())?;
    let mut placer = Placer::default();
    let mut loads: Vec<(PathBuf, u64)> = Vec::new();
    // The xl scenarios give dom0 the toolstack and its guests' files.
    let dom0_files = super::xl_files::dom0_files(scenario, &work.join("dom0"))?;
    let dom0_modules = guest_modules(
        &scenario.dom0,
        &dom0_files,
        &work.join("dom0"),
        &mut placer,
        &mut loads,
    )?;
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
        extra: match super::scenarios_boards::board(scenario.name) {
            Some(board) => format!(
                "{}{}",
                scenario.dt_extra,
                super::boards::host_nodes(&board)?
            ),
            None => scenario.dt_extra.to_owned(),
        },
    };
    let dtb_size = dtb::build(machine, &additions, work)?;
    layout::check_dtb_size(dtb_size)?;
    let dtb = work.join("system.dtb");

    let mut args = machine.args();
    match machine.boot {
        Boot::Firmware(_) => {
            args.extend(machine::loader(&xen, XEN_ENTRY));
            args.extend(machine::loader(&dtb, DTB_ADDR));
        }
        // QEMU's own loader enters Xen at EL2 with x0 pointing at the DTB
        // wherever it chose to put them.
        Boot::QemuPsci => {
            args.extend(["-kernel".into(), xen.display().to_string()]);
            args.extend(["-dtb".into(), dtb.display().to_string()]);
        }
    }
    for (file, addr) in &loads {
        args.extend(machine::loader(file, *addr));
    }
    fs::write(work.join("qemu-args.txt"), args.join("\n"))?;
    Ok(args)
}

/// Places a guest's kernel and (if it has an init script) its initramfs.
fn guest_modules(
    guest: &Guest,
    extra: &[crate::tools::File],
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
        initramfs::build_with(&packages::busybox()?, &init::script(body), extra, &cpio)?;
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
    let mut modules = guest_modules(&domu.guest, &[], dir, placer, loads)?;
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

pub(super) fn compile_partial_dt(source: &str, dir: &Path) -> Result<PathBuf> {
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
