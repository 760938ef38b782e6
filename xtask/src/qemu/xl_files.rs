//! What dom0's initramfs carries in the xl scenarios besides busybox: the
//! tools (`crate::tools`), the xl configurations, and the guests xl
//! creates (kernel, initramfs, partial device tree).

use super::init;
use super::initramfs;
use super::packages;
use super::prepare::compile_partial_dt;
use super::scenario::{Image, Scenario};
use super::scenarios_agents::{AGENT_RESET, XL_AGENTS};
use super::scenarios_xl::{XL_BAD_CONFIG, XL_DOMD, XL_LIFECYCLE};
use crate::target::XenVersion;
use crate::tools::File;
use anyhow::{Context, Result};
use std::fs;
use std::path::Path;

/// The driver domain's partial device tree for xl: plain nodes, which
/// libxl copies into the guest's tree; the mapping of the host's
/// 0xbff00000 to the guest's 0x22001000 is xl's `iomem`.
const PARTIAL_DT: &str = super::partial_dt::XL;

/// What an SCMI driver domain needs in xl.cfg, as the xl.cfg(5) entry
/// says: the option, the channel's page, the nodes. "preserve" keeps a
/// guest that powered itself off (and its SCMI ownership) until dom0
/// destroys it.
const SCMI_DOMAIN: &str = r#"arm_sci = "type=scmi_smc"
iomem = [ "bff00,1@22001" ]
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
/// is host page `page` (mapped at the guest's 0x22001000), its doorbell
/// is in `dtb` (the agents' partial trees, `partial_dt.rs`).
fn probe_agent_cfg(name: &str, agent: u32, page: &str, dtb: &str) -> String {
    format!(
        r#"name = "{name}"
kernel = "/boot/probe"
extra = "probe=owner"
memory = 32
arm_sci = "type=scmi_smc_multiagent,agent_id={agent}"
iomem = [ "{page},1@22001" ]
device_tree = "{dtb}"
on_poweroff = "preserve"
vcpus = 1
"#
    )
}

/// For xl-bad-config: the script puts each arm_sci value in.
const TEMPLATE_CFG: &str = r#"name = "bad"
kernel = "/boot/probe"
extra = "probe=owner"
memory = 32
iomem = [ "bff00,1@22001" ]
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
        domd(dir)?
    } else if name == XL_LIFECYCLE.name {
        vec![
            binary("boot/probe", &crate::probe::build()?)?,
            text("etc/xen/probe.cfg", &format!("{PROBE_CFG}{SCMI_DOMAIN}")),
        ]
    } else if name == XL_AGENTS.name || name == AGENT_RESET.name {
        vec![
            binary("boot/probe", &crate::probe::build()?)?,
            text(
                "etc/xen/probe-a.cfg",
                &probe_agent_cfg("probea", 2, "bff01", "/boot/agent2.dtb"),
            ),
            text(
                "etc/xen/probe-b.cfg",
                &probe_agent_cfg("probeb", 3, "bff02", "/boot/agent3.dtb"),
            ),
            binary(
                "boot/agent2.dtb",
                &compile_partial_dt(super::partial_dt::XL_AGENT_2, dir)?,
            )?,
            binary(
                "boot/agent3.dtb",
                &compile_partial_dt(super::partial_dt::XL_AGENT_3, dir)?,
            )?,
        ]
    } else if name == XL_BAD_CONFIG.name {
        vec![text("etc/xen/template.cfg", TEMPLATE_CFG)]
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

fn domd(dir: &Path) -> Result<Vec<File>> {
    let initrd = dir.join("domd-initramfs.cpio");
    initramfs::build(
        &packages::busybox()?,
        &init::script(init::SCMI_REPORT),
        &initrd,
    )?;
    Ok(vec![
        binary("boot/domd-kernel", &packages::kernel()?)?,
        binary("boot/domd-initrd", &initrd)?,
        text("etc/xen/domd.cfg", &format!("{DOMD_CFG}{SCMI_DOMAIN}")),
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
