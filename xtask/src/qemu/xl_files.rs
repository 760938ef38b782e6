//! What dom0's initramfs carries in the xl scenarios besides busybox: the
//! tools (`crate::tools`), the xl configurations, and the guests xl
//! creates (kernel, initramfs, partial device tree).

use super::init;
use super::initramfs;
use super::packages;
use super::prepare::compile_partial_dt;
use super::scenario::{Image, Scenario};
use super::scenarios_agents::{AGENT_RESET, XL_AGENTS};
use super::scenarios_dtdev::XL_DTDEV;
use super::scenarios_faults::{FW_FAULTS, FW_FAULTS_REUSE};
use super::scenarios_smp::{SMP_AGENTS, SMP_CHURN};
use super::scenarios_xl::{BOARD_RCAR, XL_BAD_CONFIG, XL_DOMD, XL_LIFECYCLE};
use crate::target::XenVersion;
use crate::tools::File;
use anyhow::{Context, Result};
use std::fs;
use std::path::Path;

/// The driver domain's partial device tree for xl: plain nodes, which
/// libxl copies into the guest's tree; the mapping of the host's channel
/// to the guest's 0x22001000 is xl's `iomem` ([`iomem`]).
const PARTIAL_DT: &str = super::partial_dt::XL;

/// xl.cfg's `iomem` line giving a domain SCMI agent `agent`'s channel, at
/// the guest's 0x22001000.
fn iomem(agent: u32) -> String {
    iomem_at(qemu_platform::scmi_shmem(agent))
}

/// xl.cfg's `iomem` line mapping the host page at `address` to the
/// guest's 0x22001000 (xl takes page numbers, in hex).
fn iomem_at(address: u64) -> String {
    let page = address >> 12;
    format!("iomem = [ \"{page:x},1@22001\" ]\n")
}

/// What an SCMI driver domain needs in xl.cfg, as the xl.cfg(5) entry
/// says: the option, the nodes, and the channel's page (`iomem(1)`).
/// "preserve" keeps a guest that powered itself off (and its SCMI
/// ownership) until dom0 destroys it.
const SCMI_DOMAIN: &str = r#"arm_sci = "type=scmi_smc"
device_tree = "/boot/scmi.dtb"
on_poweroff = "preserve"
vcpus = 1
"#;

/// Debian's kernel as domD, with the SCMI report as its /init.
const DOMD_CFG: &str = r#"name = "domd"
kernel = "/boot/domd-kernel"
ramdisk = "/boot/domd-initrd"
extra = "console=hvc0 rdinit=/init"
memory = 256
"#;

/// The bare-metal probe: two SCMI calls, then it powers itself off.
const PROBE_CFG: &str = r#"name = "probe"
kernel = "/boot/probe"
extra = "probe=owner"
memory = 32
"#;

/// A probe guest of xl-agents named `name` on agent `agent`: its channel
/// is the agent's (mapped at the guest's 0x22001000), its doorbell is in
/// `dtb` (the agents' partial trees, `partial_dt.rs`).
fn probe_agent_cfg(name: &str, agent: u32, dtb: &str) -> String {
    let iomem = iomem(agent);
    format!(
        r#"name = "{name}"
kernel = "/boot/probe"
extra = "probe=owner"
memory = 32
arm_sci = "type=scmi_smc_multiagent,agent_id={agent}"
{iomem}device_tree = "{dtb}"
on_poweroff = "preserve"
vcpus = 1
"#
    )
}

/// The xl.cfg of probe guest `probe<letter>` on agent `agent`
/// (`etc/xen/probe-<letter>.cfg`) and its partial device tree
/// (`boot/agent<agent>.dtb`, compiled from `partial_dt`).
fn agent_probe(letter: &str, agent: u32, partial_dt: &str, dir: &Path) -> Result<[File; 2]> {
    let dtb = format!("boot/agent{agent}.dtb");
    Ok([
        text(
            &format!("etc/xen/probe-{letter}.cfg"),
            &probe_agent_cfg(&format!("probe{letter}"), agent, &format!("/{dtb}")),
        ),
        binary(&dtb, &compile_partial_dt(partial_dt, dir)?)?,
    ])
}

/// smp-churn's domain without SCMI: it floods refused SCMI SMCs until it
/// is destroyed (n is as many as a u32 holds).
const FLOODER_CFG: &str = r#"name = "flooder"
kernel = "/boot/probe"
extra = "probe=flood n=4294967295"
memory = 32
vcpus = 1
"#;

/// For xl-bad-config: the script puts each arm_sci value in.
const TEMPLATE_CFG: &str = r#"name = "bad"
kernel = "/boot/probe"
extra = "probe=owner"
memory = 32
device_tree = "/boot/scmi.dtb"
arm_sci = @ARM_SCI@
"#;

/// dom0's extra files for scenario `name` (none for the others); `dir`
/// holds intermediate products.
pub fn dom0_files(scenario: &Scenario, dir: &Path) -> Result<Vec<File>> {
    // A scenario of the matrix is `<name>@<target>`: the same files, with
    // the tools of that scenario's Xen.
    let name = scenario.name.split('@').next().unwrap_or(scenario.name);
    let xen = match scenario.xen {
        Image::Xen(target) => target.xen,
        _ => XenVersion::V417,
    };
    let guest = if name == XL_DOMD.name {
        domd(dir, &iomem(1))?
    } else if name == BOARD_RCAR.name {
        // The seed's own line: `iomem = [ "47ff0,1@22001" ]`.
        domd(dir, &iomem_at(qemu_platform::MOVED_SHMEM))?
    } else if name == XL_LIFECYCLE.name {
        vec![
            binary("boot/probe", &crate::probe::build()?)?,
            text(
                "etc/xen/probe.cfg",
                &format!("{PROBE_CFG}{SCMI_DOMAIN}{}", iomem(1)),
            ),
        ]
    } else if [
        XL_AGENTS.name,
        AGENT_RESET.name,
        FW_FAULTS.name,
        FW_FAULTS_REUSE.name,
    ]
    .contains(&name)
    {
        let mut files = vec![binary("boot/probe", &crate::probe::build()?)?];
        files.extend(agent_probe("a", 2, super::partial_dt::XL_AGENT_2, dir)?);
        files.extend(agent_probe("b", 3, super::partial_dt::XL_AGENT_3, dir)?);
        files
    } else if name == XL_DTDEV.name {
        let mut files = vec![binary("boot/probe", &crate::probe::build()?)?];
        files.extend(agent_probe("a", 2, super::partial_dt::XL_AGENT_2, dir)?);
        // The probe without SCMI: it never runs if xl is right.
        files.push(text("etc/xen/plain.cfg", PROBE_CFG));
        files
    } else if name == SMP_CHURN.name {
        vec![
            binary("boot/probe", &crate::probe::build()?)?,
            text("etc/xen/flooder.cfg", FLOODER_CFG),
        ]
    } else if name == SMP_AGENTS.name {
        let mut files = vec![binary("boot/probe", &crate::probe::build()?)?];
        files.extend(agent_probe("c", 4, super::partial_dt::XL_AGENT_4, dir)?);
        files
    } else if name == XL_BAD_CONFIG.name {
        vec![text(
            "etc/xen/template.cfg",
            &format!("{TEMPLATE_CFG}{}", iomem(1)),
        )]
    } else {
        return Ok(Vec::new());
    };
    let mut files = crate::tools::payload(xen).context("the Xen tools for dom0")?;
    files.extend(guest);
    files.push(text(
        "etc/xen/toolstack.sh",
        super::xl_scripts::TOOLSTACK_UP,
    ));
    // xl complains on every run without one; the defaults are what we want.
    files.push(text("etc/xen/xl.conf", "# xl.conf(5): all defaults\n"));
    files.push(binary(
        "boot/scmi.dtb",
        &compile_partial_dt(PARTIAL_DT, dir)?,
    )?);
    Ok(files)
}

/// The Linux driver domain, its channel mapped by xl.cfg's `iomem` line.
fn domd(dir: &Path, iomem: &str) -> Result<Vec<File>> {
    let initrd = dir.join("domd-initramfs.cpio");
    initramfs::build(
        &packages::busybox()?,
        &init::script(init::SCMI_REPORT),
        &initrd,
    )?;
    Ok(vec![
        binary("boot/domd-kernel", &packages::kernel()?)?,
        binary("boot/domd-initrd", &initrd)?,
        text(
            "etc/xen/domd.cfg",
            &format!("{DOMD_CFG}{SCMI_DOMAIN}{iomem}"),
        ),
    ])
}

fn binary(path: &str, from: &Path) -> Result<File> {
    Ok(File {
        path: path.to_owned(),
        mode: 0o644,
        data: fs::read(from).with_context(|| format!("cannot read {}", from.display()))?,
    })
}

fn text(path: &str, body: &str) -> File {
    File {
        path: path.to_owned(),
        mode: 0o644,
        data: body.as_bytes().to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// board-rcar's domain maps the page exactly as the seed's xl.cfg does.
    #[test]
    fn the_moved_channel_is_the_seeds_iomem() {
        assert_eq!(
            iomem_at(qemu_platform::MOVED_SHMEM),
            "iomem = [ \"47ff0,1@22001\" ]\n"
        );
        assert_eq!(iomem(1), "iomem = [ \"bff00,1@22001\" ]\n");
    }
}
