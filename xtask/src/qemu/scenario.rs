//! What a scenario is: plain data, so that a new scenario is a few lines in
//! `scenarios.rs`. `prepare.rs` turns one into files and a QEMU command
//! line, `execute.rs` runs it and judges the log.

use super::expect::Expect;
use super::packages;
use anyhow::Result;
use std::path::PathBuf;
use std::time::Duration;

/// Where an image comes from.
#[derive(Clone, Copy, Debug)]
pub enum Image {
    /// Debian trixie's prebuilt Xen 4.20 (C SCMI forwarding, dom0 only).
    DebianXen420,
    /// Debian trixie's arm64 Linux kernel.
    DebianKernel,
    /// The project's build of a Xen (base and mediator), built if needed.
    Xen(crate::target::Target),
    /// A file built elsewhere (`series --smccc-fix --check` boots its own
    /// one-patch build).
    File(&'static std::path::Path),
    /// Produced by other xtask code (the patched Xen, a probe guest...).
    #[allow(dead_code)] // used by the scenarios on the project's own Xen
    Built(fn() -> Result<PathBuf>),
}

impl Image {
    pub fn path(self) -> Result<PathBuf> {
        match self {
            Image::DebianXen420 => packages::xen_4_20(),
            Image::DebianKernel => packages::kernel(),
            Image::Xen(target) => Ok(crate::xen::build(target)?.image()),
            Image::File(path) => Ok(path.to_path_buf()),
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
    /// QEMU's virt machine with its SMMUv3 (stage 2, as Xen's driver
    /// needs), so that Xen has an IOMMU and xl accepts `dtdev`.
    pub smmu: bool,
    pub dom0: Guest,
    pub domus: &'static [DomU],
    /// Dts source appended after everything else (may re-open any node).
    pub dt_extra: &'static str,
    /// Console input typed when a line appears (see [`Reply`]).
    pub replies: &'static [Reply],
    pub expect: Expect,
    pub timeout: Duration,
}

/// A line typed on the serial console (Xen passes it to dom0, which has
/// the console input at boot) once every line of `when` has appeared in
/// the log. This is
/// how dom0, which has no toolstack to watch other domains with, learns
/// that a dom0less domain is done and it may power the machine off.
#[derive(Clone, Copy, Debug)]
pub struct Reply {
    pub when: &'static [&'static str],
    pub send: &'static str,
}
