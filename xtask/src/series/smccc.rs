//! `series --smccc-fix [--check]`: the SMCCC fix alone, as upstream takes
//! a fix to a release: one patch, its backport request below the `---`,
//! no cover letter, and `base-commit:` naming the upstream commit it
//! applies to.
//!
//! `--check` builds the hypervisor twice in the same tree and
//! configuration (defconfig, which builds upstream's C mediator and every
//! platform): on the base without the fix and with the fix alone. After
//! each build the generated-code test ([`crate::smccc_codegen`]) reads
//! the `smc` of every caller that passes `get_user_reg()` to the SMCCC 1.1
//! macros; without the fix x0 must hold another guest register there (so
//! the test can fail), with it the function id. On 4.22 the fixed build
//! then boots the `hwdom@4.22-c` scenario in place of the usual C build.

use super::check::logged;
use super::git;
use crate::util::step;
use crate::xen::{Tarball, MAKE_VARS};
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::Path;
use std::process::Command;

/// The functions that pass `get_user_reg()` as an argument of
/// `arm_smccc_1_1_smc()`, with their files: each one is checked when its
/// file is in the tree (imx8m.c is staging's, not 4.22's).
const CALLERS: &[(&str, &str)] = &[
    ("xen/arch/arm/firmware/scmi-smc.c", "scmi_handle_smc"),
    ("xen/arch/arm/platforms/xilinx-zynqmp-eemi.c", "zynqmp_eemi"),
    ("xen/arch/arm/platforms/imx8qm.c", "imx8qm_smc"),
    ("xen/arch/arm/platforms/imx8m.c", "imx8m_smc"),
];

/// Entry point; `boot` is the scenario the fixed build boots, if any.
pub fn command(
    base_tree: &Path,
    work: &Path,
    out: &Path,
    upstream: &Tarball,
    check: bool,
    boot: Option<&str>,
) -> Result<()> {
    let patch = crate::xen::smccc_fix()?;
    let tree = work.join("xen");
    step(&format!(
        "series --smccc-fix: fresh git tree {} from {}",
        tree.display(),
        base_tree.display()
    ));
    git::init_from(base_tree, &tree)?;
    let callers: Vec<&str> = CALLERS
        .iter()
        .filter(|(file, _)| tree.join(file).exists())
        .map(|(_, f)| *f)
        .collect();
    let logs = work.join("logs");
    fs::create_dir_all(&logs)?;
    if check {
        step("series --smccc-fix --check: the base, without the fix");
        build(&tree, &logs.join("without.log"))?;
        report("without the fix", &tree, &callers, false)?;
    }
    git::am(&tree, &patch)?;
    println!("[1/1] {}", git::head_subject(&tree)?);
    if check {
        step("series --smccc-fix --check: the fix alone");
        build(&tree, &logs.join("with.log"))?;
        report("with the fix", &tree, &callers, true)?;
    }

    fs::create_dir_all(out)?;
    for entry in fs::read_dir(out)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "patch") {
            fs::remove_file(path)?;
        }
    }
    let files = git::format_patch(&tree, out, Some(upstream.commit), None)?;
    for f in &files {
        println!("series --smccc-fix: {}", f.display());
    }

    if check {
        if let Some(name) = boot {
            step(&format!(
                "series --smccc-fix --check: {name} on the fix alone"
            ));
            let image = tree.join("xen/xen");
            crate::qemu::run_scenario_on(name, image, "smccc-fix")
                .with_context(|| format!("{name} on the one-patch build"))?;
            println!("series --smccc-fix --check: {name} passed on the fix alone");
        }
        println!(
            "series --smccc-fix --check: passed ({} caller(s) checked)",
            callers.len()
        );
    }
    Ok(())
}

/// Xen's defconfig, then the hypervisor, logged to `log`.
fn build(tree: &Path, log: &Path) -> Result<()> {
    let _ = fs::remove_file(log);
    let hv = tree.join("xen");
    let jobs = std::thread::available_parallelism().map_or(2, |n| n.get());
    for args in [vec!["defconfig".to_string()], vec![format!("-j{jobs}")]] {
        let mut cmd = Command::new("make");
        cmd.current_dir(&hv).arg("-s").args(MAKE_VARS).args(&args);
        logged(&mut cmd, log)
            .with_context(|| format!("make {} (log: {})", args.join(" "), log.display()))?;
    }
    let config = fs::read_to_string(hv.join(".config"))?;
    if !config.lines().any(|l| l == "CONFIG_SCMI_SMC=y") {
        bail!("the defconfig does not build the C mediator (CONFIG_SCMI_SMC)");
    }
    Ok(())
}

/// Runs the generated-code test on the tree's `xen-syms` and prints it.
fn report(what: &str, tree: &Path, callers: &[&str], want_fixed: bool) -> Result<()> {
    let lines = crate::smccc_codegen::check(&tree.join("xen/xen-syms"), callers, want_fixed)
        .with_context(|| format!("generated code {what}"))?;
    for line in lines {
        println!("series --smccc-fix --check: {what}: {line}");
    }
    Ok(())
}
