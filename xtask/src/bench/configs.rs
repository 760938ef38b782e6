//! The measured configurations as QEMU scenarios: the probe guest in bench
//! mode as dom0 on upstream Xen 4.22 with its C mediator (fixed) and with
//! ours, as a dom0less driver domain with ours, and, as an extra, as dom0
//! on Debian's prebuilt Xen 4.20 (C forwarding, another tree and compiler).
//! `--xen 4.17` measures our mediator on the 4.17 backport instead.
//!
//! All run on one CPU, so that no other CPU's instructions advance the
//! virtual clock during the probe's loops (under `-icount` there is one
//! instruction counter for the whole machine).

use super::park;
use crate::qemu::{Count, Counter, DomU, Expect, Guest, Image, Scenario};
use crate::target::Target;
use std::time::Duration;

/// One configuration: what it is called in the table, and how to boot it.
#[derive(Clone, Copy, Debug)]
pub struct Config {
    /// Short name, also the stem of the log files (`logs/bench-<key>-<run>.log`).
    pub key: &'static str,
    /// The row label in the table.
    pub label: &'static str,
    /// The firmware client id the probe's calls arrive with.
    pub client: u64,
    /// Domain prefix on the probe's lines in Xen's log (`(d1) ` for a domU).
    pub line_prefix: &'static str,
    /// The Xen it runs on.
    pub xen: Image,
    scenario: fn(xen: Image, bootargs: &'static str, key: &'static str) -> Scenario,
}

impl Config {
    /// The scenario for one run with `rounds` rounds; the name (and log
    /// file) carries `tag` (the run number) so repeated runs keep their
    /// logs.
    pub fn scenario(&self, rounds: u32, tag: &str) -> Scenario {
        let bootargs = leak(format!("probe=bench n={rounds}"));
        let name = leak(format!("bench-{}-{tag}", self.key));
        let mut scenario = (self.scenario)(self.xen, bootargs, name);
        scenario.expect.counters = leak_counters(self.client);
        scenario
    }
}

/// The configurations, the same-tree C reference first, the extra last.
/// `rust` is the build our mediator is measured on; on 4.22 the
/// multi-agent mode is measured too (4.17 has no multi-agent ABI).
pub fn all(rust: Target) -> Vec<Config> {
    let tree = rust.name();
    let mut configs = vec![
        Config {
            key: "c-dom0",
            label: "(a) C, Xen 4.22, dom0",
            // The C mediator passes the caller's x7 (0) through.
            client: 0,
            line_prefix: "",
            xen: Image::Xen(Target::UPSTREAM_C),
            scenario: dom0,
        },
        Config {
            key: "rust-dom0",
            label: leak(format!("(b) Rust, Xen {tree}, dom0")),
            // Our mediator names the caller: domid 0 + 1.
            client: 1,
            line_prefix: "",
            xen: Image::Xen(rust),
            scenario: dom0,
        },
        Config {
            key: "rust-domd",
            label: leak(format!("(c) Rust, Xen {tree}, driver domain")),
            client: 2,
            line_prefix: "(d1) ",
            xen: Image::Xen(rust),
            scenario: rust_domd,
        },
    ];
    if rust == Target::UPSTREAM_RUST {
        configs.push(Config {
            key: "rust-agent2",
            label: "(d) Rust multi-agent, 4.22, agent 2",
            // The domain holding agent 2 is domain 1.
            client: 2,
            line_prefix: "(d1) ",
            xen: Image::Xen(Target::UPSTREAM_MULTI_AGENT),
            scenario: multi_agent_domd,
        });
    }
    configs.push(Config {
        key: "c420-dom0",
        label: "(x) C, Debian's Xen 4.20, dom0",
        client: 0,
        line_prefix: "",
        xen: Image::DebianXen420,
        scenario: dom0,
    });
    configs
}

/// Later options win in Xen's command line, so these undo the harness's
/// `loglvl=all guest_loglvl=all`: Xen's and guests' INFO/DEBUG lines are
/// not printed. The probe as dom0 writes to the console directly, which
/// no level hides. Xen still formats the "Unhandled SMC/HVC" line of each
/// `null` call before dropping it; that is why the trap figure is taken
/// from SMCCC_VERSION instead.
const QUIET: &str = "loglvl=warning guest_loglvl=error";

/// A domU's console lines are G_DEBUG in Xen 4.17: only `guest_loglvl=all`
/// prints them. The probe prints nothing until its three loops are done,
/// and nothing else runs, so the SCMI and SMCCC_VERSION loops still see
/// no printing; only the `null` loop prints a line per call (it is shown
/// for reference, never subtracted).
const DOMU_VISIBLE: &str = "scmi-smc-passthrough loglvl=warning guest_loglvl=all";

fn probe(bootargs: &'static str) -> Guest {
    Guest {
        kernel: Image::Built(crate::probe::build),
        bootargs,
        init: None,
    }
}

/// What a run must show: the probe's verdict (the counters, SCMI calls
/// from the configuration's client and none failed, are added by
/// [`Config::scenario`]).
fn expect(ok: &'static str, done: &'static str) -> Expect {
    Expect {
        in_order: &[],
        present: leak_slice(vec![ok, done]),
        absent: &["PROBE: bench FAILED", "PROBE: exception"],
        exit: 0,
        xen_panics: false,
        counters: &[],
    }
}

fn leak_counters(client: u64) -> &'static [Counter] {
    Box::leak(Box::new([Counter::Client {
        id: client,
        calls: Count::AtLeast(1),
        errors: Count::Exactly(0),
    }]))
}

fn base(name: &'static str, xen: Image, xen_args: &'static str, dom0: Guest) -> Scenario {
    Scenario {
        name,
        about: "cargo xtask bench",
        xen,
        xen_args,
        cpus: 1,
        smmu: false,
        dom0,
        domus: &[],
        dt_extra: "",
        replies: &[],
        expect: expect("PROBE: bench ok", "PROBE: done"),
        timeout: Duration::from_secs(180),
    }
}

fn dom0(xen: Image, bootargs: &'static str, name: &'static str) -> Scenario {
    base(name, xen, QUIET, probe(bootargs))
}

/// The probe's channel in the driver domain, mapped as in the `refused`
/// scenario (the probe reads the shmem node and the SMC id).
const DOMD_PARTIAL_DT: &str = crate::qemu::DOM0LESS_PARTIAL_DT;

fn rust_domd(xen: Image, bootargs: &'static str, name: &'static str) -> Scenario {
    let domd = DomU {
        name: "benchD",
        memory_mib: 32,
        cpus: 1,
        guest: probe(bootargs),
        partial_dt: Some(DOMD_PARTIAL_DT),
        properties: &["xen,sci_type = \"scmi_smc\";"],
    };
    let parked = Guest {
        kernel: Image::Built(park::image),
        bootargs: "",
        init: None,
    };
    Scenario {
        domus: Box::leak(Box::new([domd])),
        expect: expect("(d1) PROBE: bench ok", "(d1) PROBE: done"),
        ..base(name, xen, DOMU_VISIBLE, parked)
    }
}

/// A dom0less domain holding SCMI agent `agent`, its channel in its
/// partial device tree.
fn agent_domain(name: &'static str, agent: u32, bootargs: &'static str) -> DomU {
    let (partial_dt, properties): (&'static str, &'static [&'static str]) = match agent {
        2 => (
            crate::qemu::DOM0LESS_AGENT_2,
            &[
                "xen,sci_type = \"scmi_smc_multiagent\";",
                "xen,sci-agent-id = <2>;",
            ],
        ),
        3 => (
            crate::qemu::DOM0LESS_AGENT_3,
            &[
                "xen,sci_type = \"scmi_smc_multiagent\";",
                "xen,sci-agent-id = <3>;",
            ],
        ),
        _ => (
            crate::qemu::DOM0LESS_AGENT_4,
            &[
                "xen,sci_type = \"scmi_smc_multiagent\";",
                "xen,sci-agent-id = <4>;",
            ],
        ),
    };
    DomU {
        name,
        memory_mib: 32,
        cpus: 1,
        guest: probe(bootargs),
        partial_dt: Some(partial_dt),
        properties,
    }
}

/// (d): the probe as the dom0less domain holding agent 2, ringing its own
/// doorbell, on the multi-agent build; dom0 parked as in (c).
fn multi_agent_domd(xen: Image, bootargs: &'static str, name: &'static str) -> Scenario {
    Scenario {
        domus: Box::leak(Box::new([agent_domain("benchA2", 2, bootargs)])),
        dt_extra: crate::qemu::HOST_AGENT_CHANNELS,
        xen_args: "loglvl=warning guest_loglvl=all",
        ..rust_domd(xen, bootargs, name)
    }
}

/// For the traces with pCPUs busy (multi-agent build): the domains
/// holding agents 2, 3 and 4 each run the bench loops with `rounds`
/// rounds, and a fourth domain without SCMI floods the refusal path, on
/// `cpus` pCPUs (with 4, all at once, each on its own); dom0 is parked.
/// The run ends when the first domain is done.
pub fn busy(rounds: u32, cpus: u32) -> Scenario {
    let bootargs = leak(format!("probe=bench n={rounds}"));
    let flooder = DomU {
        name: "benchFlood",
        memory_mib: 32,
        cpus: 1,
        guest: probe("probe=flood n=20000"),
        partial_dt: None,
        properties: &[],
    };
    let domus = [
        agent_domain("benchA2", 2, bootargs),
        agent_domain("benchA3", 3, bootargs),
        agent_domain("benchA4", 4, bootargs),
        flooder,
    ];
    let parked = Guest {
        kernel: Image::Built(park::image),
        bootargs: "",
        init: None,
    };
    // Guest lines are rate-limited here (the flooder's refusals would
    // drown them otherwise), so the run is judged on the firmware's
    // counters alone.
    let mut expect = expect("PROBE: start", "PROBE: start");
    // Under -icount on one pCPU the first domain scheduled may finish
    // before the others run: the calls are counted by the trace instead.
    let mut counters: Vec<Counter> = [2, 3, 4]
        .map(|client| Counter::Client {
            id: client,
            calls: Count::AtLeast(0),
            errors: Count::Exactly(0),
        })
        .to_vec();
    counters.push(Counter::Total(Count::AtLeast(1)));
    expect.counters = Box::leak(counters.into_boxed_slice());
    let name = leak(format!("bench-busy-{cpus}cpu"));
    Scenario {
        name,
        cpus,
        domus: Box::leak(Box::new(domus)),
        dt_extra: crate::qemu::HOST_AGENT_CHANNELS,
        expect,
        ..base(
            name,
            Image::Xen(Target::UPSTREAM_MULTI_AGENT),
            "loglvl=warning guest_loglvl=warning/all",
            parked,
        )
    }
}

/// Scenarios hold `'static` data; a bench run makes a handful, once.
fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

fn leak_slice(items: Vec<&'static str>) -> &'static [&'static str] {
    Box::leak(items.into_boxed_slice())
}
