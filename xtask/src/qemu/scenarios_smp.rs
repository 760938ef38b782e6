//! SMP under churn: four CPUs, an SCMI owner calling from two vCPUs at
//! once while dom0 creates and destroys other domains with xl.
//!
//! The owners run the probe's `smp-calls` mode: each vCPU makes at least
//! [`MIN_CALLS`] calls and goes on until dom0, its churn done, pauses the
//! domain; then the probe prints how many calls each vCPU issued, and the
//! firmware's counts must equal those numbers exactly
//! ([`Counter::AsReported`]). dom0's scripts are in `xl_scripts.rs`, its
//! files in `xl_files.rs`.

use super::expect::{Count, Counter, Expect, Firmware};
use super::partial_dt::agent_partial_dt;
use super::scenario::{DomU, Guest, Image, Scenario};
use super::scenarios::{no_calls, probe_image};
use super::scenarios_agents::{agent, HOST_AGENTS};
use super::xl_scripts;
use crate::target::Target;
use std::time::Duration;

/// Calls each owner vCPU makes at least (the `n=` of its bootargs).
pub(super) const MIN_CALLS: u32 = 10_000;

/// Domains dom0 creates and destroys in smp-churn (the script's loop
/// count). The issue asks for 50; each cycle is an xl create and destroy
/// on TCG with five busy vCPUs on the host's two cores, about 5 s on a
/// quiet machine and 30 s with other work running, and 50 would have
/// taken the test command past its 45 minutes on CI. 20 still overlaps
/// every cycle with the owner's calls. The expected lines spell the
/// number out; the tests check that the script loops this many times.
#[cfg(test)]
const CYCLES: u64 = 20;

/// The same for smp-agents, where dom0 shares the host with two
/// two-vCPU owners: a cycle took 25 s on a quiet machine (`cargo xtask
/// fresh`), so 20 cycles were 8 minutes of the test command. 10 still
/// give agent 4 to ten domains in turn, each reset before the next.
pub(super) const AGENT_CYCLES: u64 = 10;

/// Four pCPUs, dom0 with two vCPUs, and a console ring that still holds
/// the lines dom0's script waits for after the churn.
const XEN_SMP: &str = "dom0_max_vcpus=2 conring_size=1M";

/// Signs of a stalled CPU, in Linux (dom0) or Xen.
const STALLS: [&str; 3] = ["rcu: INFO", "LOCKUP", "watchdog"];

const fn dom0(body: &'static str) -> Guest {
    Guest {
        kernel: Image::DebianKernel,
        bootargs: "console=hvc0 rdinit=/init",
        init: Some(body),
    }
}

/// The single-agent owner: a dom0less probe with two vCPUs and the
/// channel (domain 1, client 2).
const OWNER: DomU = DomU {
    name: "owner",
    memory_mib: 32,
    cpus: 2,
    guest: Guest {
        kernel: Image::Built(probe_image),
        bootargs: "probe=smp-calls n=10000",
        init: None,
    },
    partial_dt: Some(super::partial_dt::DOM0LESS),
    properties: &["xen,sci_type = \"scmi_smc\";"],
};

/// The owner's report.
const OWNER_REPORT: &str = "(d1) PROBE: smp-calls ok";

/// A refusal line of a flooder (domains 2 and up; the rate limit lets
/// some through).
const FLOOD_REFUSED: &str = concat!(": SMC ", qemu_platform::scmi_smc_id_hex!(1), " refused");

/// Passthrough: a two-vCPU probe owns SCMI and calls it from both vCPUs
/// while dom0 creates a probe without SCMI that floods refused SCMI SMCs,
/// lets it flood a moment and destroys it, 20 times. Guest messages are
/// rate-limited (as `flood` explains), which the owner's report, printed
/// after the pause, gets through.
pub(super) const SMP_CHURN: Scenario = Scenario {
    name: "smp-churn",
    about: "4 pCPUs: a 2-vCPU owner calls SCMI from both vCPUs while xl creates and destroys a flooding non-owner 20 times",
    xen: Image::Xen(Target::DEFAULT),
    xen_args: "scmi-smc-passthrough guest_loglvl=warning/all dom0_max_vcpus=2 conring_size=1M",
    cpus: 4,
    smmu: false,
    dom0: dom0(xl_scripts::SMP_CHURN),
    domus: &[OWNER],
    dt_extra: "",
    replies: &[],
    expect: Expect {
        in_order: &[
            "SCMI: passthrough",
            "SCMI: d1 owns SCMI",
            "(d1) PROBE: smp-calls: vcpu 1 started",
            "XL: toolstack up",
            "XL: cycle 1: flooder is d2",
            "XL: cycle 20: flooder is d21",
            "XL: churn: 20 of 20 cycles",
            "XL: owner paused",
            // Not before: the owner stops only once paused.
            OWNER_REPORT,
            "XL: owner reported",
            "INIT: poweroff",
        ],
        present: &[],
        absent: &[
            "PROBE: smp-calls FAILED",
            "PROBE: exception",
            "PROBE: panic",
            "XL: toolstack down",
            "create failed",
            "XL: dom0 weight not set",
            "destroy failed",
            "XL: pause failed",
            "unpause failed",
            "XL: owner did not report",
            // The owner keeps SCMI throughout; its calls are never refused.
            "SCMI: d1 released SCMI",
            "SCMI: d1: SMC",
            STALLS[0],
            STALLS[1],
            STALLS[2],
            "INIT: poweroff failed",
        ],
        exit: 0,
        xen_panics: false,
        counters: &[
            // The owner (client 2): exactly what its vCPUs issued, every
            // one answered; nothing from dom0, the flooders or Xen.
            Counter::AsReported {
                of: Firmware::Client(2),
                line: OWNER_REPORT,
                plus: 0,
            },
            Counter::Client {
                id: 2,
                calls: Count::AtLeast(2 * MIN_CALLS as u64),
                errors: Count::Exactly(0),
            },
            Counter::AsReported {
                of: Firmware::Total,
                line: OWNER_REPORT,
                plus: 0,
            },
            no_calls(1),
            no_calls(0),
            // The flooders were refused (a few lines of it get out) and
            // flooded (many were suppressed).
            Counter::Lines {
                containing: FLOOD_REFUSED,
                count: Count::AtLeast(1),
            },
            Counter::Lines {
                containing: "messages suppressed",
                count: Count::AtLeast(1),
            },
            Counter::Lines {
                containing: "SCMI: d1 owns SCMI",
                count: Count::Exactly(1),
            },
        ],
    },
    timeout: Duration::from_secs(600),
};

/// A two-vCPU probe on agent `$agent` with the device at `$path` (host
/// page `$addr`), reading clock `$clock` (the device's) every other call.
macro_rules! smp_agent_probe {
    ($name:expr, $agent:tt, $path:literal, $addr:literal, $clock:literal) => {
        DomU {
            name: $name,
            memory_mib: 32,
            cpus: 2,
            guest: Guest {
                kernel: Image::Built(probe_image),
                bootargs: concat!("probe=smp-calls n=10000 clock=", $clock),
                init: None,
            },
            partial_dt: Some(agent_partial_dt!($agent, $path, $addr)),
            properties: &[
                "xen,sci_type = \"scmi_smc_multiagent\";",
                concat!("xen,sci-agent-id = <", $agent, ">;"),
            ],
        }
    };
}

const REPORT_A: &str = "(d1) PROBE: smp-calls ok";
const REPORT_B: &str = "(d2) PROBE: smp-calls ok";

/// Multi-agent: two dom0less probes with two vCPUs each call on their
/// own agents (2 and 3), reading their own device's clock every other
/// call, while dom0 creates a probe on agent 4 with xl, lets it make its
/// two calls, destroys it and waits for Xen to reset agent 4, 10 times.
pub(super) const SMP_AGENTS: Scenario = Scenario {
    name: "smp-agents",
    about: "4 pCPUs: two 2-vCPU domains call on agents 2 and 3 while xl creates and destroys one on agent 4 10 times",
    xen: Image::Xen(Target::UPSTREAM_MULTI_AGENT),
    xen_args: XEN_SMP,
    cpus: 4,
    smmu: false,
    dom0: dom0(xl_scripts::SMP_AGENTS),
    domus: &[
        smp_agent_probe!("probeA", 2, "/scmi-dev-uart@bff10000", "0xbff10000", "1"),
        smp_agent_probe!("probeB", 3, "/scmi-dev-gpu@bff11000", "0xbff11000", "2"),
    ],
    dt_extra: HOST_AGENTS,
    replies: &[],
    expect: Expect {
        in_order: &[
            "SCMI: Xen is agent 1",
            "SCMI: d1 has agent 2",
            "SCMI: d1: device 1 granted",
            "SCMI: d2 has agent 3",
            "SCMI: d2: device 2 granted",
            "XL: toolstack up",
            "XL: cycle 1: probec is d3",
            "XL: cycle 10: probec is d12",
            "XL: churn: 10 of 10 cycles reset agent 4",
            "XL: owners paused",
            // Not before: an owner stops only once paused.
            REPORT_A,
            REPORT_B,
            "XL: owners reported",
            "INIT: poweroff",
        ],
        present: &[
            "(d1) PROBE: smp-calls: vcpu 1 started",
            "(d2) PROBE: smp-calls: vcpu 1 started",
        ],
        absent: &[
            "PROBE: smp-calls FAILED",
            "PROBE: exception",
            "PROBE: panic",
            "XL: toolstack down",
            "create failed",
            "XL: dom0 weight not set",
            "destroy failed",
            "did not shut down",
            "was not reset",
            "not reset",
            "XL: pause failed",
            "unpause failed",
            "XL: owners did not report",
            "SCMI: d1: SMC",
            "SCMI: d2: SMC",
            "not granted",
            STALLS[0],
            STALLS[1],
            STALLS[2],
            "INIT: poweroff failed",
        ],
        exit: 0,
        xen_panics: false,
        counters: &[
            // Each owner: exactly what its vCPUs issued, on its own agent
            // and under its own caller id; no DENIED for its own clock.
            Counter::AsReported {
                of: Firmware::Client(2),
                line: REPORT_A,
                plus: 0,
            },
            Counter::AsReported {
                of: Firmware::Agent(2),
                line: REPORT_A,
                plus: 0,
            },
            Counter::AsReported {
                of: Firmware::Client(3),
                line: REPORT_B,
                plus: 0,
            },
            Counter::AsReported {
                of: Firmware::Agent(3),
                line: REPORT_B,
                plus: 0,
            },
            agent(2, Count::AtLeast(2 * MIN_CALLS as u64), Count::Exactly(0)),
            agent(3, Count::AtLeast(2 * MIN_CALLS as u64), Count::Exactly(0)),
            // Xen's own: four discoveries, two device grants, one reset
            // per destroyed domain.
            agent(1, Count::Exactly(6 + AGENT_CYCLES), Count::Exactly(0)),
            // Each created probe's two calls.
            agent(4, Count::Exactly(2 * AGENT_CYCLES), Count::Exactly(0)),
            // Nothing else: the owners' reports, Xen's and the probes'.
            Counter::AsReported {
                of: Firmware::Total,
                line: "PROBE: smp-calls ok",
                plus: 6 + 3 * AGENT_CYCLES,
            },
            no_calls(1),
            Counter::Lines {
                containing: ": agent 4 reset",
                count: Count::Exactly(AGENT_CYCLES),
            },
        ],
    },
    timeout: Duration::from_secs(900),
};

#[cfg(test)]
mod tests {
    use super::*;

    /// The bootargs ask for the minimum the counters assume.
    #[test]
    fn bootargs_name_the_minimum() {
        let n = format!("n={MIN_CALLS}");
        for domu in SMP_CHURN.domus.iter().chain(SMP_AGENTS.domus) {
            assert_eq!(domu.cpus, 2);
            assert!(domu.guest.bootargs.contains(&n), "{}", domu.name);
        }
        assert!(xl_scripts::SMP_CHURN.contains(&format!("-le {CYCLES}")));
        assert!(xl_scripts::SMP_AGENTS.contains(&format!("-le {AGENT_CYCLES}")));
    }

    /// The expected lines spell out the loop counts the scripts use.
    #[test]
    fn expected_lines_name_the_cycles() {
        let churn = format!("XL: churn: {CYCLES} of {CYCLES} cycles");
        assert!(SMP_CHURN.expect.in_order.contains(&churn.as_str()));
        let agents = format!("XL: churn: {AGENT_CYCLES} of {AGENT_CYCLES} cycles reset agent 4");
        assert!(SMP_AGENTS.expect.in_order.contains(&agents.as_str()));
    }
}
