//! A firmware that misbehaves (`fw-faults`): the EL3 firmware's fault rules
//! (`tests/firmware/src/fault_config.rs`, read from the `el3-test-firmware`
//! node this scenario adds to the tree) make it answer the Base messages
//! Xen sends about some agents wrongly. At boot, the host tree lists
//! agents 2 to 4, which the firmware serves, and agents 5 to 18, whose
//! `BASE_DISCOVER_AGENT` each gets one fault: every SCMI error status,
//! three kinds of garbage, and no answer at all (agent 18, listed first,
//! so that the agents after it show Xen's channel recovered). Later dom0
//! creates a probe guest on agent 2 with xl and destroys it; the firmware
//! does not answer that agent's reset, so Xen keeps agent 2 from the next
//! domain; a probe on agent 3 then gets its agent and its reset as usual.

use super::expect::{Count, Counter, Expect};
use super::scenario::{Guest, Image, Scenario};
use super::scenarios::no_calls;
use super::scenarios_agents::agent;
use std::time::Duration;

/// The channel node (a page of the RAM the firmware withholds, which
/// nothing maps) and the `scmi-secondary-agents` entry of a listed agent
/// the firmware does not serve: `$agent`, its channel at `0x$unit`, its
/// doorbell `$smc` (fast SiP ids the firmware does not answer; Xen never
/// rings them, as these agents are never added).
macro_rules! listed_agent {
    (node, $agent:tt, $unit:tt) => {
        concat!(
            "    scmi_shm_",
            $agent,
            ": sram@",
            $unit,
            " {\n        compatible = \"arm,scmi-shmem\";\n        reg = <0x0 0x",
            $unit,
            " 0x0 0x1000>;\n    };\n"
        )
    };
    (entry, $agent:tt, $smc:tt) => {
        concat!(" ", $smc, " &scmi_shm_", $agent, " ", $agent)
    };
}

/// The host tree: agents 2 to 4 as in the other multi-agent scenarios,
/// agents 5 to 18 listed too, and the firmware's fault rules.
const HOST: &str = concat!(
    "\n/ {\n",
    shmem_node!(2),
    shmem_node!(3),
    shmem_node!(4),
    listed_agent!(node, 5, "bff25000"),
    listed_agent!(node, 6, "bff26000"),
    listed_agent!(node, 7, "bff27000"),
    listed_agent!(node, 8, "bff28000"),
    listed_agent!(node, 9, "bff29000"),
    listed_agent!(node, 10, "bff2a000"),
    listed_agent!(node, 11, "bff2b000"),
    listed_agent!(node, 12, "bff2c000"),
    listed_agent!(node, 13, "bff2d000"),
    listed_agent!(node, 14, "bff2e000"),
    listed_agent!(node, 15, "bff2f000"),
    listed_agent!(node, 16, "bff30000"),
    listed_agent!(node, 17, "bff31000"),
    listed_agent!(node, 18, "bff32000"),
    r#"    el3-test-firmware {
        scmi-faults = "discover-agent 5 not-supported",
                      "discover-agent 6 invalid-parameters",
                      "discover-agent 7 denied",
                      "discover-agent 8 not-found",
                      "discover-agent 9 out-of-range",
                      "discover-agent 10 busy",
                      "discover-agent 11 comms-error",
                      "discover-agent 12 generic-error",
                      "discover-agent 13 hardware-error",
                      "discover-agent 14 protocol-error",
                      "discover-agent 15 bad-length",
                      "discover-agent 16 bad-token",
                      "discover-agent 17 bad-protocol",
                      "discover-agent 18 no-answer",
                      "reset-agent 2 no-answer";
    };
};
"#,
    xen_sci_config!(
        concat!(
            listed_agent!(entry, 18, "0x82000028"),
            agent_entry!(2),
            listed_agent!(entry, 5, "0x82000015"),
            listed_agent!(entry, 6, "0x82000016"),
            listed_agent!(entry, 7, "0x82000017"),
            listed_agent!(entry, 8, "0x82000018"),
            listed_agent!(entry, 9, "0x82000019"),
            listed_agent!(entry, 10, "0x8200001a"),
            listed_agent!(entry, 11, "0x8200001b"),
            listed_agent!(entry, 12, "0x8200001c"),
            listed_agent!(entry, 13, "0x8200001d"),
            listed_agent!(entry, 14, "0x8200001e"),
            listed_agent!(entry, 15, "0x8200001f"),
            listed_agent!(entry, 16, "0x82000020"),
            listed_agent!(entry, 17, "0x82000021"),
            agent_entry!(3),
            agent_entry!(4),
        ),
        ""
    ),
);

/// dom0's part: a probe on agent 2, destroyed (its reset unanswered), a
/// second domain asking for agent 2 (refused; with the integrator's
/// option, given it and destroyed too), then a probe on agent 3,
/// destroyed (reset), and the domains left.
const SCRIPT: &str = r#". /etc/xen/toolstack.sh
if xl create -q /etc/xen/probe-a.cfg; then
    a=$(xl domid probea)
    echo "XL: probea is d$a"
    wait_shutdown probea 30
    xl destroy probea && echo "XL: probea destroyed"
    wait_xen_log "SCMI: d$a: agent 2 not reset" 10 && echo "XL: Xen says agent 2 was not reset"
else
    echo "XL: create failed"
fi
if xl create -q /etc/xen/probe-a.cfg 'name="probea2"'; then
    a=$(xl domid probea2)
    echo "XL: agent 2 was given again, to d$a"
    wait_shutdown probea2 30
    xl destroy probea2 && echo "XL: probea2 destroyed"
    wait_xen_log "SCMI: d$a: agent 2 not reset" 10 && echo "XL: Xen says agent 2 was not reset again"
else
    echo "XL: agent 2 was refused (xl exit status $?)"
fi
if xl create -q /etc/xen/probe-b.cfg; then
    b=$(xl domid probeb)
    echo "XL: probeb is d$b"
    wait_shutdown probeb 30
    xl destroy probeb
    wait_xen_log "SCMI: d$b: agent 3 reset" 10 && echo "XL: agent 3 was reset"
else
    echo "XL: create failed"
fi
echo "XL: domains: $(xl list | awk 'NR > 1 { printf "%s ", $1 }')end""#;

/// The firmware misbehaves on Base messages about some agents: Xen says
/// so in one line each, never hangs, and keeps an agent whose reset
/// failed from the next domain.
pub(super) const FW_FAULTS: Scenario = Scenario {
    name: "fw-faults",
    about: "the firmware answers Base messages with each SCMI error, garbage or nothing: one line each, an unreset agent is not reused",
    xen: Image::Xen(crate::target::Target::UPSTREAM_MULTI_AGENT),
    xen_args: "",
    cpus: 2,
    smmu: false,
    dom0: Guest {
        kernel: Image::DebianKernel,
        bootargs: "console=hvc0 rdinit=/init",
        init: Some(SCRIPT),
    },
    domus: &[],
    dt_extra: HOST,
    replies: &[],
    expect: Expect {
        in_order: &[
            "SCMI: Xen is agent 1",
            "SCMI: /sram@bff32000: agent 18 not added: no answer",
            agent_line!(2),
            "SCMI: /sram@bff25000: agent 5 not added: NOT_SUPPORTED",
            "SCMI: /sram@bff26000: agent 6 not added: INVALID_PARAMETERS",
            "SCMI: /sram@bff27000: agent 7 not added: DENIED",
            "SCMI: /sram@bff28000: agent 8 unknown to firmware",
            "SCMI: /sram@bff29000: agent 9 not added: OUT_OF_RANGE",
            "SCMI: /sram@bff2a000: agent 10 not added: BUSY",
            "SCMI: /sram@bff2b000: agent 11 not added: COMMS_ERROR",
            "SCMI: /sram@bff2c000: agent 12 not added: GENERIC_ERROR",
            "SCMI: /sram@bff2d000: agent 13 not added: HARDWARE_ERROR",
            "SCMI: /sram@bff2e000: agent 14 not added: PROTOCOL_ERROR",
            "SCMI: /sram@bff2f000: agent 15 not added: malformed answer",
            "SCMI: /sram@bff30000: agent 16 not added: malformed answer",
            "SCMI: /sram@bff31000: agent 17 not added: malformed answer",
            agent_line!(3),
            agent_line!(4),
            "XL: toolstack up",
            "XL: probea is d1",
            "XL: probea destroyed",
            "SCMI: d1: agent 2 not reset (no answer), not reused",
            "XL: Xen says agent 2 was not reset",
            ": agent 2 not reset, refused",
            "XL: agent 2 was refused",
            "XL: probeb is d",
            "XL: agent 3 was reset",
            "XL: domains: Domain-0 end",
            "INIT: poweroff",
        ],
        present: &[],
        absent: &[
            "XL: toolstack down",
            "XL: create failed",
            "XL: agent 2 was given again",
            "did not shut down",
            "agent 3 not reset",
            "PROBE: owner FAILED",
            "INIT: poweroff failed",
        ],
        exit: 0,
        xen_panics: false,
        counters: &[
            // One line per fault: thirteen agents not added and one
            // unknown at boot, the destroy's and the refusal's for agent 2.
            Counter::Lines {
                containing: "not added:",
                count: Count::Exactly(13),
            },
            Counter::Lines {
                containing: "unknown to firmware",
                count: Count::Exactly(1),
            },
            Counter::Lines {
                containing: "agent 2 not reset",
                count: Count::Exactly(2),
            },
            // Every rule struck exactly once: no message was lost or sent
            // twice, and none went to another agent's rule.
            Counter::Lines {
                containing: "EL3: scmi-fault hits=1 ",
                count: Count::Exactly(15),
            },
            Counter::Lines {
                containing: "EL3: scmi-fault hits=",
                count: Count::Exactly(15),
            },
            no_calls(1),
            // Xen's own: its discovery, seventeen listed agents, two
            // resets (agent 2's unanswered, agent 3's); one DENIED, agent
            // 7's discovery.
            agent(1, Count::Exactly(20), Count::Exactly(1)),
            // Each probe makes two calls on its own agent; the refused
            // domain none.
            agent(2, Count::Exactly(2), Count::Exactly(0)),
            agent(3, Count::Exactly(2), Count::Exactly(0)),
            agent(4, Count::Exactly(0), Count::Exactly(0)),
            Counter::Total(Count::Exactly(24)),
        ],
    },
    timeout: Duration::from_secs(150),
};

/// The same with `scmi-smc-reuse-unreset-agents`: the integrator says an
/// agent whose reset went unanswered may be reused, so the second domain
/// on agent 2 gets it.
pub(super) const FW_FAULTS_REUSE: Scenario = Scenario {
    name: "fw-faults-reuse",
    about: "fw-faults with scmi-smc-reuse-unreset-agents: the agent whose reset went unanswered is given again",
    xen_args: "scmi-smc-reuse-unreset-agents",
    expect: Expect {
        in_order: &[
            "SCMI: Xen is agent 1",
            "SCMI: /sram@bff32000: agent 18 not added: no answer",
            agent_line!(2),
            agent_line!(3),
            agent_line!(4),
            "XL: probea is d1",
            "SCMI: d1: agent 2 not reset (no answer), reused",
            "XL: Xen says agent 2 was not reset",
            "XL: agent 2 was given again, to d2",
            "SCMI: d2: agent 2 not reset (no answer), reused",
            "XL: Xen says agent 2 was not reset again",
            "XL: probeb is d3",
            "XL: agent 3 was reset",
            "XL: domains: Domain-0 end",
            "INIT: poweroff",
        ],
        absent: &[
            "XL: toolstack down",
            "XL: create failed",
            "XL: agent 2 was refused",
            "not reused",
            "agent 2 not reset, refused",
            "did not shut down",
            "agent 3 not reset",
            "PROBE: owner FAILED",
            "INIT: poweroff failed",
        ],
        counters: &[
            Counter::Lines {
                containing: "not added:",
                count: Count::Exactly(13),
            },
            Counter::Lines {
                containing: "agent 2 not reset",
                count: Count::Exactly(2),
            },
            // The reset rule struck twice, once per destroy on agent 2;
            // every discovery rule once.
            Counter::Lines {
                containing: "EL3: scmi-fault hits=1 ",
                count: Count::Exactly(14),
            },
            Counter::Lines {
                containing: "EL3: scmi-fault hits=2 message=0xb agent=2",
                count: Count::Exactly(1),
            },
            no_calls(1),
            // Xen's own: 18 at boot, three resets.
            agent(1, Count::Exactly(21), Count::Exactly(1)),
            // Two probes on agent 2 now, one on agent 3.
            agent(2, Count::Exactly(4), Count::Exactly(0)),
            agent(3, Count::Exactly(2), Count::Exactly(0)),
            agent(4, Count::Exactly(0), Count::Exactly(0)),
            Counter::Total(Count::Exactly(27)),
        ],
        ..FW_FAULTS.expect
    },
    ..FW_FAULTS
};
