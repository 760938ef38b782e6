//! Scenarios under load: a domain flooding Xen with refused SCMI calls
//! while the owner keeps calling (`flood`), and AArch32 guests as owner
//! and as refused callers (`aarch32`).

use super::expect::{Count, Counter, Expect};
use super::scenario::{DomU, Guest, Image, Reply, Scenario};
use super::scenarios::{no_calls, probe_image, PASSTHROUGH};
use crate::target::Target;
use std::time::Duration;

/// The refusal line of the flooding domain (d1).
const FLOODER_REFUSED: &str = concat!(
    "SCMI: d1: SMC ",
    qemu_platform::scmi_smc_id_hex!(1),
    " refused"
);

/// Guest messages rate-limited, as Xen does by default, but with the lower
/// levels printed (rate-limited) too, so that the domU's result line and
/// Xen's "Unhandled SMC/HVC" lines can show: `guest_loglvl=warning/all`
/// prints a guest's errors and warnings (the refusal line, which the
/// mediator rate-limits itself) and rate-limits everything below. The
/// harness's `guest_loglvl=all` would print every one of Xen's 100,000
/// "Unhandled SMC/HVC" lines: no rate limit at all.
const RATE_LIMITED_GUESTS: &str = "guest_loglvl=warning/all";

/// SCMI calls dom0 makes meanwhile (the number in its bootargs).
const OWNER_CALLS: u32 = 20_000;

/// The hardware domain owns SCMI (no option) and is the probe, making
/// `OWNER_CALLS` calls; a dom0less domain without SCMI issues 100,000
/// refused SMCs at the same time, on the other CPU. dom0's
/// console lines go out unfiltered; the flooder's, like the refusal lines,
/// go through Xen's guest rate limit.
pub(super) const FLOOD: Scenario = Scenario {
    name: "flood",
    about: "100,000 refused SCMI SMCs from one domain: a bounded console, the owner's calls all answered, nothing of the flood at EL3",
    xen: Image::Xen(Target::DEFAULT),
    xen_args: RATE_LIMITED_GUESTS,
    cpus: 2,
    smmu: false,
    dom0: Guest {
        kernel: Image::Built(probe_image),
        bootargs: "probe=calls n=20000",
        init: None,
    },
    domus: &[DomU {
        name: "flooder",
        memory_mib: 32,
        cpus: 1,
        guest: Guest {
            kernel: Image::Built(probe_image),
            bootargs: "probe=flood n=100000",
            init: None,
        },
        partial_dt: None,
        properties: &[],
    }],
    dt_extra: "",
    replies: &[],
    expect: Expect {
        in_order: &[
            "SCMI: d0 owns SCMI",
            // The flood has begun...
            FLOODER_REFUSED,
            // ...when the owner is done with its calls, every one answered...
            "PROBE: calls ok n=20000 failed=0",
            // ...and the flooder, done, saw every one of its calls refused.
            concat!(
                "(d1) PROBE: flood ok n=100000 refused=100000 smc=",
                qemu_platform::scmi_smc_id_hex!(1)
            ),
            "PROBE: calls: a domain shut down (poll rc=0)",
        ],
        present: &[],
        absent: &[
            "PROBE: calls FAILED",
            "PROBE: flood FAILED",
            "PROBE: exception",
            "PROBE: panic",
            "SCMI: d1 owns SCMI",
        ],
        exit: 0,
        xen_panics: false,
        counters: &[
            // dom0 (client 1): exactly its calls, all answered.
            Counter::Client {
                id: 1,
                calls: Count::Exactly(OWNER_CALLS as u64),
                errors: Count::Exactly(0),
            },
            // The flooder (client 2): nothing; nor the hypervisor's id.
            no_calls(2),
            no_calls(0),
            Counter::Total(Count::Exactly(OWNER_CALLS as u64)),
            // Rate-limited: a few lines, not one per call.
            Counter::Lines {
                containing: FLOODER_REFUSED,
                count: Count::AtMost(100),
            },
            Counter::Lines {
                containing: "Unhandled SMC/HVC",
                count: Count::AtMost(100),
            },
            Counter::Lines {
                containing: "messages suppressed",
                count: Count::AtLeast(1),
            },
            // The whole console: boot, a handful of lines per domain.
            Counter::Lines {
                containing: "",
                count: Count::AtMost(1000),
            },
        ],
    },
    timeout: Duration::from_secs(300),
};

/// The AArch32 probe guest (a zImage), built if needed.
fn probe32_image() -> anyhow::Result<std::path::PathBuf> {
    crate::probe::build32()
}

/// An AArch32 probe domain.
const fn probe32(
    name: &'static str,
    bootargs: &'static str,
    partial_dt: Option<&'static str>,
    properties: &'static [&'static str],
) -> DomU {
    DomU {
        name,
        memory_mib: 32,
        cpus: 1,
        guest: Guest {
            kernel: Image::Built(probe32_image),
            bootargs,
            init: None,
        },
        partial_dt,
        properties,
    }
}

/// `refused` with AArch32 guests: d1 owns SCMI and calls it with the SMC32
/// convention (id in r0, results in r0..r3), d2 has no SCMI and rings the
/// same doorbell, d3 rings the SMC64 form of the id, which Xen refuses to
/// any AArch32 caller before a mediator sees it.
pub(super) const AARCH32: Scenario = Scenario {
    name: "aarch32",
    about: "AArch32 probe guests: the owner's SMC32 calls are answered in r0-r3, a refused one gets -1, an SMC64 id is refused",
    domus: &[
        probe32(
            "probe32Owner",
            "probe=owner",
            Some(super::partial_dt::DOM0LESS),
            &["xen,sci_type = \"scmi_smc\";"],
        ),
        probe32("probe32Other", "probe=refused", None, &[]),
        probe32("probe32Smc64", "probe=refused smc=0xc2000002", None, &[]),
    ],
    replies: &[Reply {
        when: &["(d1) PROBE: done", "(d2) PROBE: done", "(d3) PROBE: done"],
        send: "all-done",
    }],
    expect: Expect {
        in_order: &["SCMI: passthrough", "SCMI: d1 owns SCMI"],
        present: &[
            // Linked at, and loaded to, the domU's first RAM address.
            "(d1) PROBE: start at 0x40000000",
            "(d1) PROBE: scmi base version=0x20000 status=0",
            "(d1) PROBE: scmi vendor=XenRustEL3",
            // r0 = SMCCC success, r1..r3 as the guest passed them (the
            // firmware leaves them): 8 hex digits, a 32-bit register.
            "(d1) PROBE: smc results 0x00000000 0x80000001 0x80000002 0x80000003",
            "(d1) PROBE: owner ok",
            "(d2) PROBE: scmi-smc x0=0xffffffff",
            "(d2) PROBE: refused ok",
            concat!(
                "SCMI: d2: SMC ",
                qemu_platform::scmi_smc_id_hex!(1),
                " refused"
            ),
            "(d3) PROBE: scmi-smc x0=0xffffffff",
            "(d3) PROBE: refused ok",
            "INIT: dom0 heard: all-done",
        ],
        absent: &[
            "PROBE: owner FAILED",
            "PROBE: refused FAILED",
            "PROBE: exception",
            "PROBE: panic",
            "SCMI: d2 owns SCMI",
            "SCMI: d3 owns SCMI",
            // Xen answers an SMC64 id from an AArch32 domain itself.
            "SCMI: d3: SMC",
        ],
        exit: 0,
        xen_panics: false,
        counters: &[
            // d1 (client 2): PROTOCOL_VERSION and DISCOVER_VENDOR.
            Counter::Client {
                id: 2,
                calls: Count::Exactly(2),
                errors: Count::Exactly(0),
            },
            no_calls(3),
            no_calls(4),
            no_calls(1),
            Counter::Total(Count::Exactly(2)),
        ],
    },
    timeout: Duration::from_secs(90),
    ..PASSTHROUGH
};

#[cfg(test)]
mod tests {
    use super::*;

    /// Refused SMCs the flooder issues (the number in its bootargs).
    const FLOOD_SMCS: u32 = 100_000;

    #[test]
    fn flood_lines_name_the_counts() {
        let calls = format!("calls ok n={OWNER_CALLS} ");
        let flood = format!("flood ok n={FLOOD_SMCS} refused={FLOOD_SMCS} ");
        assert!(FLOOD.dom0.bootargs.ends_with(&format!("n={OWNER_CALLS}")));
        assert!(FLOOD.domus[0]
            .guest
            .bootargs
            .ends_with(&format!("n={FLOOD_SMCS}")));
        let lines = FLOOD.expect.in_order;
        assert!(lines.iter().any(|l| format!("{l} ").contains(&calls)));
        assert!(lines.iter().any(|l| l.contains(&flood)));
        assert!(FLOODER_REFUSED.contains(qemu_platform::scmi_smc_id_hex!(1)));
    }
}
