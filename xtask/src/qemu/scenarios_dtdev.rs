//! xl's `dtdev` on the multi-agent mediator: the assign-device domctl asks
//! the SCI layer before the IOMMU code (patch 0019 of the 4.22 series), so
//! a device the firmware controls reaches an xl-created domain's agent.
//!
//! libxl accepts `dtdev` only when Xen has an IOMMU, so QEMU's virt machine
//! gets its SMMUv3 and Xen its driver. That SMMU sits in front of the PCIe
//! bus alone: the SCMI test devices (`HOST_AGENTS`) are behind no IOMMU,
//! the case the domctl used to refuse.

use super::expect::{Count, Expect};
use super::scenario::Scenario;
use super::scenarios::no_calls;
use super::scenarios_agents::{agent, XL_AGENTS};
use super::xl_scripts;
use std::time::Duration;

/// Agent 2's probe reads the uart clock without the uart (DENIED), then
/// with `dtdev` naming it (granted); a domain without an agent asking for
/// the gpu device is refused.
pub(super) const XL_DTDEV: Scenario = Scenario {
    name: "xl-dtdev",
    about: "xl dtdev grants an unprotected device's SCMI permissions to the domain's agent",
    smmu: true,
    dom0: super::scenario::Guest {
        init: Some(xl_scripts::DTDEV),
        ..XL_AGENTS.dom0
    },
    xen_args: "",
    expect: Expect {
        in_order: &[
            "SCMI: Xen is agent 1",
            "XL: toolstack up",
            "XL: without dtdev: probea is d1",
            "SCMI: d1: agent 2 reset",
            "SCMI: d2: device 1 granted",
            "XL: with dtdev: probea is d2",
            "SCMI: d2: agent 2 reset",
            "SCMI: d3: device 2 needs an agent",
            "d3: SCI refused /scmi-dev-gpu@bff11000 (-22)",
            "XL: a domain without an agent was refused the gpu",
            "INIT: poweroff",
        ],
        // Xen found QEMU's SMMU: without it libxl refuses every dtdev.
        present: &[
            "SMMUv3: /smmuv3@9050000: ias 44-bit, oas 44-bit",
            "I/O virtualisation enabled",
        ],
        absent: &[
            "XL: toolstack down",
            "create failed",
            "did not shut down",
            "was not reset",
            "was given the gpu",
            "I/O virtualisation disabled",
            "PROBE: owner FAILED",
            "INIT: poweroff failed",
        ],
        exit: 0,
        xen_panics: false,
        counters: &[
            no_calls(1),
            // Xen's: four discoveries at boot, two resets, one grant.
            agent(1, Count::Exactly(7), Count::Exactly(0)),
            // Each probe makes three calls; only the first one's uart
            // clock read, made before any grant, is DENIED.
            agent(2, Count::Exactly(6), Count::Exactly(1)),
            agent(3, Count::Exactly(0), Count::Exactly(0)),
            agent(4, Count::Exactly(0), Count::Exactly(0)),
        ],
    },
    timeout: Duration::from_secs(200),
    ..XL_AGENTS
};
