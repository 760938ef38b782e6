//! The DTB handed to Xen: QEMU's own tree for the exact machine, decompiled,
//! with our additions appended as source, compiled again.

use super::dts::Additions;
use super::machine::Machine;
use crate::util::{output, run};
use anyhow::{Context, Result};
use std::fs;
use std::path::Path;
use std::process::Command;

/// Writes `<dir>/qemu.dtb`, `<dir>/system.dts` and `<dir>/system.dtb`;
/// returns the size of the final DTB.
pub fn build(machine: &Machine, additions: &Additions, dir: &Path) -> Result<u64> {
    fs::create_dir_all(dir)?;
    let qemu_dtb = dir.join("qemu.dtb");
    let mut dump = Command::new("qemu-system-aarch64");
    dump.args(machine.args())
        .arg("-machine")
        .arg(format!("dumpdtb={}", qemu_dtb.display()))
        .stdin(std::process::Stdio::null());
    run(&mut dump).context("QEMU could not dump its device tree")?;

    // -q silences warnings only: QEMU's generated tree draws style warnings
    // (unit addresses, node names) that say nothing about its validity.
    // Errors still fail the compile below.
    let base = output(
        Command::new("dtc")
            .args(["-q", "-I", "dtb", "-O", "dts"])
            .arg(&qemu_dtb),
    )?;
    let source = format!("{base}{}", additions.render());
    let dts = dir.join("system.dts");
    fs::write(&dts, source)?;

    let dtb = dir.join("system.dtb");
    run(Command::new("dtc")
        .args(["-q", "-I", "dts", "-O", "dtb", "-o"])
        .arg(&dtb)
        .arg(&dts))
    .with_context(|| format!("dtc rejected {}", dts.display()))?;
    Ok(fs::metadata(&dtb)?.len())
}
