//! Runs QEMU again with the arguments the harness used for a scenario
//! (`build/qemu/<name>/qemu-args.txt`), changed for measuring.
//!
//! Why not the harness run itself: its `-icount shift=0` keeps QEMU's
//! default `sleep=on`, under which virtual time follows the host clock
//! while the machine idles (Xen waits during boot). The probe's loops
//! still execute the same instructions, but they start at a different
//! phase of the 62.5 MHz counter, so a loop reads one tick (16
//! instructions) more or less from run to run. `sleep=off` jumps idle
//! time to the next timer deadline instead: every run is the same.

use crate::util::build_dir;
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

/// A run that has not ended by then is hung.
const TIMEOUT_SECS: &str = "300";

/// The harness's QEMU arguments for `scenario_name`, one per line.
pub fn harness_args(scenario_name: &str) -> Result<Vec<String>> {
    let file = build_dir()
        .join("qemu")
        .join(scenario_name)
        .join("qemu-args.txt");
    let text = fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
    Ok(text.lines().map(str::to_owned).collect())
}

/// `args` with icount's idle time deterministic (see the module doc).
pub fn exact(args: &[String]) -> Result<Vec<String>> {
    let mut found = false;
    let out = args
        .iter()
        .map(|a| {
            if a == "shift=0" {
                found = true;
                "shift=0,sleep=off".to_owned()
            } else {
                a.clone()
            }
        })
        .collect();
    if !found {
        bail!("the harness's arguments have no `-icount shift=0`");
    }
    Ok(out)
}

/// Runs QEMU with `args`, its console into `console`; the run must end
/// with status 0 (the firmware's SYSTEM_OFF). Returns the console text.
pub fn run(args: &[String], console: &Path) -> Result<String> {
    let file = fs::File::create(console)?;
    let status = Command::new("timeout")
        .args(["-s", "KILL", TIMEOUT_SECS, "qemu-system-aarch64"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(file.try_clone()?)
        .stderr(file)
        .status()
        .context("cannot start qemu-system-aarch64")?;
    if !status.success() {
        bail!("QEMU ended with {status}; console: {}", console.display());
    }
    Ok(String::from_utf8_lossy(&fs::read(console)?).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_icount_value_changes() {
        let args: Vec<String> = ["-smp", "1", "-icount", "shift=0", "-m", "2G"]
            .map(String::from)
            .to_vec();
        let out = exact(&args).unwrap();
        assert_eq!(out[3], "shift=0,sleep=off");
        assert_eq!(out.len(), args.len());
        assert!(exact(&args[..2]).is_err());
    }
}
