//! Multi-agent SCMI on QEMU (`docs/multi-agent.md`): the firmware serves
//! agents 1 (Xen's, SMC 0x82000002, channel 0xbff00000) to 4; the host
//! tree describes agents 2 to 4 for domains; two dom0less driver domains
//! get agents 2 and 3, with one SCMI device passed through to each, and a
//! probe guest holding agent 4 rings agent 2's doorbell.

use super::expect::{Count, Counter, Expect};
use super::init::DOM0_WITHOUT_SCMI;
use super::partial_dt::agent_partial_dt;
use super::scenario::{DomU, Guest, Image, Reply, Scenario};
use super::scenarios::{driver_domain, no_calls};
use super::xl_scripts;
use std::time::Duration;

/// The agents node, their channels, Xen's node as an access controller,
/// and two devices that need SCMI device 1 (uart: clock 1, reset 1) and 2
/// (gpu: clock 2, reset 0) of the firmware, kept from dom0. The devices
/// are stand-ins: a page each of the RAM the firmware withholds (Xen
/// passes a dom0less device through only with a region to map).
const HOST_AGENTS: &str = r#"
/ {
    scmi_shm_2: sram@bff01000 {
        compatible = "arm,scmi-shmem";
        reg = <0x0 0xbff01000 0x0 0x1000>;
    };
    scmi_shm_3: sram@bff02000 {
        compatible = "arm,scmi-shmem";
        reg = <0x0 0xbff02000 0x0 0x1000>;
    };
    scmi_shm_4: sram@bff03000 {
        compatible = "arm,scmi-shmem";
        reg = <0x0 0xbff03000 0x0 0x1000>;
    };
    scmi-dev-uart@bff10000 {
        compatible = "xen,scmi-test-device";
        reg = <0x0 0xbff10000 0x0 0x1000>;
        access-controllers = <&{/firmware/scmi} 1>;
        xen,passthrough;
    };
    scmi-dev-gpu@bff11000 {
        compatible = "xen,scmi-test-device";
        reg = <0x0 0xbff11000 0x0 0x1000>;
        access-controllers = <&{/firmware/scmi} 2>;
        xen,passthrough;
    };
};
&{/firmware/scmi} {
    #access-controller-cells = <1>;
};
&{/chosen} {
    xen,scmi-agents {
        compatible = "xen,scmi-smc-agents";
        #address-cells = <1>;
        #size-cells = <0>;
        agent@2 {
            reg = <2>;
            arm,smc-id = <0x82000003>;
            shmem = <&scmi_shm_2>;
        };
        agent@3 {
            reg = <3>;
            arm,smc-id = <0x82000004>;
            shmem = <&scmi_shm_3>;
        };
        agent@4 {
            reg = <4>;
            arm,smc-id = <0x82000005>;
            shmem = <&scmi_shm_4>;
        };
    };
};
"#;

const DOMA: DomU = driver_domain(
    "domA",
    agent_partial_dt!(
        "0xbff01000",
        "0x82000003",
        "/scmi-dev-uart@bff10000",
        "0xbff10000"
    ),
    &[
        "vpl011;",
        "xen,sci_type = \"scmi_smc_multiagent\";",
        "xen,sci-agent-id = <2>;",
    ],
);
const DOMB: DomU = driver_domain(
    "domB",
    agent_partial_dt!(
        "0xbff02000",
        "0x82000004",
        "/scmi-dev-gpu@bff11000",
        "0xbff11000"
    ),
    &[
        "vpl011;",
        "xen,sci_type = \"scmi_smc_multiagent\";",
        "xen,sci-agent-id = <3>;",
    ],
);

/// A probe guest holding agent 4 that rings agent 2's doorbell: Xen must
/// refuse it, so nothing of it reaches the firmware.
const PROBE_OTHER_AGENT: DomU = DomU {
    name: "probeAgent4",
    memory_mib: 32,
    cpus: 1,
    guest: Guest {
        kernel: Image::Built(super::scenarios::probe_image),
        bootargs: "probe=refused smc=0x82000003",
        init: None,
    },
    partial_dt: None,
    properties: &[
        "xen,sci_type = \"scmi_smc_multiagent\";",
        "xen,sci-agent-id = <4>;",
    ],
};

/// Two driver domains, one agent each, one device each; a third domain
/// rings another agent's doorbell; dom0 without SCMI.
pub(super) const MULTI_AGENT: Scenario = Scenario {
    name: "multi-agent",
    about: "agents 2 and 3 for two dom0less driver domains, one SCMI device each",
    xen: Image::Xen(crate::target::Target::UPSTREAM_MULTI_AGENT),
    xen_args: "",
    cpus: 2,
    dom0: Guest {
        kernel: Image::DebianKernel,
        bootargs: "console=hvc0 rdinit=/init",
        init: Some(DOM0_WITHOUT_SCMI),
    },
    domus: &[DOMA, DOMB, PROBE_OTHER_AGENT],
    dt_extra: HOST_AGENTS,
    replies: &[Reply {
        when: &[
            "DOM1: INIT: poweroff",
            "DOM2: INIT: poweroff",
            "(d3) PROBE: done",
        ],
        send: "all-done",
    }],
    expect: Expect {
        in_order: &[
            "Xen version 4.22",
            "SCMI: Xen is agent 1",
            "SCMI: /chosen/xen,scmi-agents/agent@2: agent 2, SMC 0x82000003",
            "SCMI: /chosen/xen,scmi-agents/agent@3: agent 3, SMC 0x82000004",
            "SCMI: /chosen/xen,scmi-agents/agent@4: agent 4, SMC 0x82000005",
            "SCMI: forwarding SMC 0x82000002",
            "*** LOADING DOMAIN 0 ***",
            "SCMI: d1 has agent 2",
            "SCMI: d1: device 1 granted",
            "SCMI: d2 has agent 3",
            "SCMI: d2: device 2 granted",
            "SCMI: d3 has agent 4",
        ],
        present: &[
            "INIT: dom0 dt lacks /firmware/scmi",
            "DOM1: INIT: scmi-device scmi_dev.2 driver=scmi-clocks",
            "DOM2: INIT: scmi-device scmi_dev.2 driver=scmi-clocks",
            "EL3: scmi-agent agent=2",
            "EL3: scmi-agent agent=3",
            "(d3) PROBE: refused ok",
            "SCMI: d3: SMC 0x82000003 refused",
            "INIT: dom0 heard: all-done",
        ],
        absent: &[
            "SCMI: d0 owns SCMI",
            "SCMI: d0 has agent",
            "PROBE: refused FAILED",
            "SCMI: d1: SMC",
            "SCMI: d2: SMC",
            "not granted",
            "unknown to firmware",
            "probe with driver arm-scmi failed",
            "INIT: poweroff failed",
        ],
        exit: 0,
        xen_panics: false,
        counters: &[
            Counter::Client {
                id: 2,
                calls: Count::AtLeast(1),
                errors: Count::AtLeast(0),
            },
            Counter::Client {
                id: 3,
                calls: Count::AtLeast(1),
                errors: Count::AtLeast(0),
            },
            no_calls(1),
            // The probe (domain 3) never reached the firmware.
            no_calls(4),
            // Xen's own: four discoveries at boot, two device grants.
            Counter::Agent {
                id: 1,
                calls: Count::Exactly(6),
                denied: Count::Exactly(0),
            },
            // Each domain's Linux reads every clock's rate; the firmware
            // answers DENIED for the clocks of the other domain's device.
            Counter::Agent {
                id: 2,
                calls: Count::AtLeast(1),
                denied: Count::AtLeast(1),
            },
            Counter::Agent {
                id: 3,
                calls: Count::AtLeast(1),
                denied: Count::AtLeast(1),
            },
            Counter::Agent {
                id: 4,
                calls: Count::Exactly(0),
                denied: Count::Exactly(0),
            },
        ],
    },
    timeout: Duration::from_secs(150),
};

/// xl creates and destroys a probe guest on agent 2 and one on agent 3,
/// 20 times: each gets its answers on its own agent, each destroy resets
/// the agent, and a third domain asking for a held agent is refused.
pub(super) const XL_AGENTS: Scenario = Scenario {
    name: "xl-agents",
    about:
        "xl create/destroy 20 times on agents 2 and 3: each reset on destroy, a held agent refused",
    xen: Image::Xen(crate::target::Target::UPSTREAM_MULTI_AGENT),
    // A console ring large enough for dom0's `xl dmesg` to still hold the
    // mediator's lines after 20 cycles.
    xen_args: "conring_size=1M",
    cpus: 2,
    dom0: Guest {
        kernel: Image::DebianKernel,
        bootargs: "console=hvc0 rdinit=/init",
        init: Some(xl_scripts::AGENTS),
    },
    domus: &[],
    dt_extra: HOST_AGENTS,
    replies: &[],
    expect: Expect {
        in_order: &[
            "SCMI: Xen is agent 1",
            "XL: toolstack up",
            "XL: cycle 1: probea is d1, probeb is d2",
            ": agent held by d1",
            "XL: a second domain for agent 2 was refused",
            "XL: cycle 1: agents 2 and 3 reset",
            "XL: cycle 20: probea is",
            "XL: agents: 20 of 20 cycles reset both agents",
            "INIT: poweroff",
        ],
        present: &[],
        absent: &[
            "XL: toolstack down",
            "XL: a second domain for agent 2 was created",
            "create failed",
            "destroy failed",
            "did not shut down",
            "an agent was not reset",
            "not reset",
            "PROBE: owner FAILED",
            "INIT: poweroff failed",
        ],
        exit: 0,
        xen_panics: false,
        counters: &[
            no_calls(1),
            // Xen's own: four discoveries at boot, then one reset per
            // destroyed domain, 40 in all.
            Counter::Agent {
                id: 1,
                calls: Count::Exactly(44),
                denied: Count::Exactly(0),
            },
            // Each probe makes exactly two calls; the refused domain none.
            Counter::Agent {
                id: 2,
                calls: Count::Exactly(40),
                denied: Count::Exactly(0),
            },
            Counter::Agent {
                id: 3,
                calls: Count::Exactly(40),
                denied: Count::Exactly(0),
            },
            Counter::Agent {
                id: 4,
                calls: Count::Exactly(0),
                denied: Count::Exactly(0),
            },
            Counter::Total(Count::Exactly(124)),
        ],
    },
    timeout: Duration::from_secs(400),
};

/// The probe guest on agent 2 with the uart device, reading the uart
/// clock's rate.
const PROBE_AGENT_2_UART: DomU = DomU {
    name: "probeA",
    memory_mib: 32,
    cpus: 1,
    guest: Guest {
        kernel: Image::Built(super::scenarios::probe_image),
        bootargs: "probe=owner clock=1",
        init: None,
    },
    partial_dt: Some(agent_partial_dt!(
        "0xbff01000",
        "0x82000003",
        "/scmi-dev-uart@bff10000",
        "0xbff10000"
    )),
    properties: &[
        "xen,sci_type = \"scmi_smc_multiagent\";",
        "xen,sci-agent-id = <2>;",
    ],
};

/// Destroy and re-create: a dom0less probe on agent 2, granted the uart's
/// SCMI device, reads the uart clock; dom0 destroys it, Xen resets agent
/// 2, and a probe xl then creates on agent 2 finds that clock DENIED.
pub(super) const AGENT_RESET: Scenario = Scenario {
    name: "agent-reset",
    about: "destroying an agent's holder resets it: the next holder is DENIED what the last was granted",
    domus: &[PROBE_AGENT_2_UART],
    dom0: Guest {
        kernel: Image::DebianKernel,
        bootargs: "console=hvc0 rdinit=/init",
        init: Some(xl_scripts::AGENT_RESET),
    },
    expect: Expect {
        in_order: &[
            "SCMI: d1 has agent 2",
            "SCMI: d1: device 1 granted",
            "(d1) PROBE: clock 1 rate status=0 rate=0x16e3600",
            "XL: d1 is done",
            "SCMI: d1: agent 2 reset",
            "XL: agent 2 was reset",
            "SCMI: d2 has agent 2",
            "XL: agent 2 is d2's now",
            "XL: agent 2 was reset again",
            "INIT: poweroff",
        ],
        // The new probe's console (xl made it) does not reach Xen's log;
        // the firmware's count of DENIED answers on agent 2 says what it
        // got.
        present: &["XL: d1 destroyed"],
        absent: &[
            "XL: toolstack down",
            "did not finish",
            "destroy failed",
            "was not reset",
            "create failed",
            "not reset",
            "PROBE: owner FAILED",
            "INIT: poweroff failed",
        ],
        exit: 0,
        xen_panics: false,
        counters: &[
            no_calls(1),
            // Four discoveries, one grant, two resets.
            Counter::Agent {
                id: 1,
                calls: Count::Exactly(7),
                denied: Count::Exactly(0),
            },
            // Each probe makes three calls. The first probe's rate read
            // succeeded (its line above); so the one DENIED is the second
            // probe's, after the reset.
            Counter::Agent {
                id: 2,
                calls: Count::Exactly(6),
                denied: Count::Exactly(1),
            },
        ],
    },
    timeout: Duration::from_secs(200),
    ..XL_AGENTS
};
