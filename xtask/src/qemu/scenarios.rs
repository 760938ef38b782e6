//! The scenarios, as data. A new one is a `Scenario` value added to `ALL`.

use super::expect::{Count, Counter, Expect};
use super::init::{DOM0_WITHOUT_SCMI, SCMI_REPORT};
use super::scenario::{DomU, Guest, Image, Reply, Scenario};
use std::time::Duration;

/// dom0's command line: Xen's console, our /init from the initramfs.
const DOM0_ARGS: &str = "console=hvc0 rdinit=/init";

/// The clocks the firmware describes (scmi-server's platform table), as
/// Linux's SCMI clock driver registered them, and the protocol drivers
/// that bound: what an owner's Linux shows once SCMI works.
pub(super) const SCMI_FOUND: &[&str] = &[
    "scmi_cpu",
    "scmi_uart",
    "scmi_gpu",
    "driver=scmi-clocks",
    "driver=scmi-reset",
];

/// Lines that mean dom0's SCMI probe went wrong.
const DOM0_SCMI_FAILURES: &[&str] = &[
    "INIT: dt has no SCMI node",
    // Secondary CPUs come up through the firmware's PSCI CPU_ON.
    "Failed to bring up CPU",
    "INIT: poweroff failed",
    concat!("SMC ", qemu_platform::scmi_smc_id_hex!(1), " refused"),
    concat!("Unhandled SMC/HVC: ", qemu_platform::scmi_smc_id_hex!(1)),
    "probe with driver arm-scmi failed",
];

/// Debian's Xen 4.20 forwards dom0's SCMI SMCs unchanged: Linux sets x7 to
/// 0, so the firmware counts them for client 0.
pub(super) const STOCK_DOM0: Scenario = Scenario {
    name: "stock-dom0",
    about: "Debian's Xen 4.20 forwards dom0's SCMI calls to the firmware",
    xen: Image::DebianXen420,
    xen_args: "",
    cpus: 2,
    smmu: false,
    dom0: Guest {
        kernel: Image::DebianKernel,
        bootargs: DOM0_ARGS,
        init: Some(SCMI_REPORT),
    },
    domus: &[],
    dt_extra: "",
    replies: &[],
    expect: Expect {
        in_order: &[
            "Xen version 4.20",
            concat!(
                "Using SCMI with SMC ID: ",
                qemu_platform::scmi_smc_id_hex!(1)
            ),
            "*** LOADING DOMAIN 0 ***",
            "INIT: start",
            "'XenRustEL3:qemu-virt' Firmware version 0x10000",
            "INIT: clk_summary begin",
            "INIT: dt has SCMI node /sys/firmware/devicetree/base/firmware/scmi",
            "INIT: poweroff",
        ],
        present: SCMI_FOUND,
        absent: DOM0_SCMI_FAILURES,
        exit: 0,
        xen_panics: false,
        counters: &[Counter::Client {
            id: 0,
            calls: Count::AtLeast(1),
            errors: Count::AtLeast(0),
        }],
    },
    timeout: Duration::from_secs(60),
};

/// A caller id from which the firmware must have seen nothing.
pub(super) const fn no_calls(id: u64) -> Counter {
    Counter::Client {
        id,
        calls: Count::Exactly(0),
        errors: Count::Exactly(0),
    }
}

/// Our mediator gives the SMCCC client id domid + 1 (0 stays the
/// hypervisor's own), so dom0's calls are counted for client 1.
const DOM0_CLIENT: u64 = 1;

/// No passthrough option: the hardware domain owns SCMI through the Rust
/// mediator, exactly as with the stock hypervisor.
const HWDOM: Scenario = Scenario {
    name: "hwdom",
    about: "our Xen + Rust mediator: dom0 owns SCMI and probes it",
    xen: Image::Xen(crate::target::Target::DEFAULT),
    expect: Expect {
        in_order: &[
            "Xen version 4.17",
            concat!("SCMI: forwarding SMC ", qemu_platform::scmi_smc_id_hex!(1)),
            "SCMI: d0 owns SCMI",
            "*** LOADING DOMAIN 0 ***",
            "INIT: start",
            "'XenRustEL3:qemu-virt' Firmware version 0x10000",
            "INIT: clk_summary begin",
            "INIT: dt has SCMI node /sys/firmware/devicetree/base/firmware/scmi",
            "INIT: poweroff",
        ],
        counters: &[
            Counter::Client {
                id: DOM0_CLIENT,
                calls: Count::AtLeast(1),
                errors: Count::AtLeast(0),
            },
            // Nothing reaches firmware under another caller id: the
            // mediator names every caller itself.
            no_calls(0),
        ],
        ..STOCK_DOM0.expect
    },
    ..STOCK_DOM0
};

/// The driver domain's partial device tree (dom0less mapping).
const DOMD_PARTIAL_DT: &str = super::partial_dt::DOM0LESS;

/// A Linux driver domain: Debian's kernel on the emulated PL011, with our
/// /init reporting what SCMI it found.
pub(super) const fn driver_domain(
    name: &'static str,
    partial_dt: &'static str,
    properties: &'static [&'static str],
) -> DomU {
    DomU {
        name,
        memory_mib: 256,
        cpus: 1,
        guest: Guest {
            kernel: Image::DebianKernel,
            bootargs: "console=ttyAMA0 rdinit=/init",
            init: Some(SCMI_REPORT),
        },
        partial_dt: Some(partial_dt),
        properties,
    }
}

/// The Linux driver domain of the passthrough scenarios.
pub(super) const DOMD: DomU = driver_domain(
    "domD",
    DOMD_PARTIAL_DT,
    &["vpl011;", "xen,sci_type = \"scmi_smc\";"],
);

/// domD (domain 1) calls firmware as client 2.
const DOMD_CLIENT: u64 = 2;

/// What passthrough must show, whichever name the option has.
pub(super) const PASSTHROUGH_EXPECT: Expect = Expect {
    in_order: &[
        "Xen version 4.17",
        concat!("SCMI: forwarding SMC ", qemu_platform::scmi_smc_id_hex!(1)),
        "SCMI: passthrough",
        "*** LOADING DOMAIN 0 ***",
        concat!(
            "SCMI: dom0 may map ",
            qemu_platform::scmi_shmem_pfn_hex!(1),
            "-",
            qemu_platform::scmi_shmem_pfn_hex!(1)
        ),
        "SCMI: dom0: /clock-user uses SCMI (clocks, resets), passed through",
        "SCMI: d1 owns SCMI",
    ],
    present: &[
        "INIT: dom0 dt lacks /firmware/scmi",
        "INIT: dom0 dt scan saw the GIC",
        "INIT: dom0 dt scan done",
        "'XenRustEL3:qemu-virt' Firmware version 0x10000",
        "DOM1: INIT: dt has SCMI node /sys/firmware/devicetree/base/passthrough/firmware/scmi",
        "scmi_cpu",
        "scmi_uart",
        "scmi_gpu",
        "DOM1: INIT: scmi-device scmi_dev.2 driver=scmi-clocks",
        "DOM1: INIT: scmi-device scmi_dev.3 driver=scmi-reset",
        "INIT: dom0 heard: all-done",
    ],
    absent: &[
        "INIT: dom0 dt has",
        "INIT: dom0 kernel probed SCMI",
        "DOM1: INIT: dt has no SCMI node",
        "SCMI: d0 owns SCMI",
        "Failed to bring up CPU",
        "INIT: poweroff failed",
        "probe with driver arm-scmi failed",
    ],
    exit: 0,
    xen_panics: false,
    counters: &[
        Counter::Client {
            id: DOMD_CLIENT,
            calls: Count::AtLeast(1),
            errors: Count::AtLeast(0),
        },
        no_calls(DOM0_CLIENT),
        no_calls(0),
    ],
};

/// dom0 powers off once domD's Linux has reported and powered itself off.
pub(super) const AFTER_DOMD: &[Reply] = &[Reply {
    when: &["DOM1: INIT: poweroff"],
    send: "all-done",
}];

/// A device of the host tree that takes a clock and a reset from SCMI, as
/// a board's GPU does: dom0 keeps it, and Xen says it uses SCMI. No
/// driver binds it (no compatible), so dom0's Linux does not wait for it.
const SCMI_USER_DTS: &str = "/ {
	clock-user {
		clocks = <&scmi_clk 3>;
		resets = <&scmi_reset 1>;
	};
};
";

/// The passthrough option: a dom0less driver domain owns SCMI and its
/// Linux probes it; dom0 has no SCMI nodes, and is told which of its
/// nodes use SCMI.
pub(super) const PASSTHROUGH: Scenario = Scenario {
    name: "passthrough",
    about: "scmi-smc-passthrough: dom0less domD owns SCMI, dom0 loses the nodes",
    xen: Image::Xen(crate::target::Target::DEFAULT),
    xen_args: "scmi-smc-passthrough",
    cpus: 2,
    smmu: false,
    dom0: Guest {
        kernel: Image::DebianKernel,
        bootargs: DOM0_ARGS,
        init: Some(DOM0_WITHOUT_SCMI),
    },
    domus: &[DOMD],
    dt_extra: SCMI_USER_DTS,
    replies: AFTER_DOMD,
    expect: PASSTHROUGH_EXPECT,
    timeout: Duration::from_secs(90),
};

/// The same with the option's other name, `dom0_scmi_smc_passthrough`.
const ALIAS: Scenario = Scenario {
    name: "alias",
    about: "dom0_scmi_smc_passthrough (the alias) works like scmi-smc-passthrough",
    xen_args: "dom0_scmi_smc_passthrough",
    ..PASSTHROUGH
};

/// A domain that is never created: its kernel is never run, any will do.
const fn refused_domu(name: &'static str, properties: &'static [&'static str]) -> DomU {
    DomU {
        name,
        memory_mib: 64,
        cpus: 1,
        guest: Guest {
            kernel: Image::DebianKernel,
            bootargs: "",
            init: None,
        },
        partial_dt: None,
        properties,
    }
}

/// A dom0less domain that cannot be created stops the boot, as upstream
/// Xen does for any invalid domain node: the mediator says why, Xen panics
/// naming the domain and the reason, and resets the machine. No guest ever
/// runs, so nothing reaches the firmware.
const BOOT_STOPPED: Expect = Expect {
    in_order: &[],
    present: &[],
    absent: &["INIT: start", "DOM1: INIT", "SCMI: d1 owns SCMI"],
    exit: 1,
    xen_panics: true,
    counters: &[Counter::Total(Count::Exactly(0))],
};

/// A guest asks for SCMI without the passthrough option: -EINVAL, and the
/// boot stops there.
pub(super) const NOT_ALLOWED: Scenario = Scenario {
    name: "not-allowed",
    about: "scmi_smc requested without the passthrough option: -EINVAL, Xen stops the boot",
    xen: Image::Xen(crate::target::Target::DEFAULT),
    xen_args: "",
    cpus: 2,
    smmu: false,
    dom0: Guest {
        kernel: Image::DebianKernel,
        bootargs: DOM0_ARGS,
        init: Some(SCMI_REPORT),
    },
    domus: &[refused_domu("domX", &["xen,sci_type = \"scmi_smc\";"])],
    dt_extra: "",
    replies: &[],
    expect: Expect {
        in_order: &[
            "SCMI: d0 owns SCMI",
            "SCMI: d1: scmi-smc-passthrough not set",
            "Error creating domain domX (rc = -22)",
        ],
        ..BOOT_STOPPED
    },
    timeout: Duration::from_secs(60),
};

/// An unknown xen,sci_type value: refused by name before creation, and the
/// boot stops.
pub(super) const BAD_TYPE: Scenario = Scenario {
    name: "bad-type",
    about: "xen,sci_type = \"foo\": a line naming the value, Xen stops the boot",
    domus: &[refused_domu("domX", &["xen,sci_type = \"foo\";"])],
    expect: Expect {
        in_order: &["SCMI: d0 owns SCMI", BAD_TYPE_LINE, BAD_TYPE_PANIC],
        ..BOOT_STOPPED
    },
    ..NOT_ALLOWED
};

/// What our 4.17 backport prints for `xen,sci_type = "foo"` (upstream
/// words it its own way: see `matrix.rs`).
pub(super) const BAD_TYPE_LINE: &str =
    "domX: xen,sci_type \"foo\" is not valid (use \"none\" or \"scmi_smc\")";
pub(super) const BAD_TYPE_PANIC: &str = "Error getting SCI configuration for domain domX";

/// Two driver domains ask for SCMI: the first gets it, the second is
/// refused with -EEXIST, and the boot stops.
const SECOND_OWNER: Scenario = Scenario {
    name: "second-owner",
    about: "two dom0less domains ask for scmi_smc: the second gets -EEXIST, Xen stops the boot",
    domus: &[
        DOMD,
        refused_domu("domE", &["xen,sci_type = \"scmi_smc\";"]),
    ],
    expect: Expect {
        in_order: &[
            "SCMI: passthrough",
            "SCMI: d1 owns SCMI",
            "SCMI: d2: owned by d1",
            "Error creating domain domE (rc = -17)",
        ],
        absent: &["INIT: start", "DOM1: INIT", "SCMI: d2 owns SCMI"],
        ..BOOT_STOPPED
    },
    replies: &[],
    ..PASSTHROUGH
};

/// The bare-metal probe guest (tests/probe-guest/), built if needed.
pub(super) fn probe_image() -> anyhow::Result<std::path::PathBuf> {
    crate::probe::build()
}

/// The probe's channel, mapped as in domD's partial device tree.
const PROBE_OWNER_PARTIAL_DT: &str = DOMD_PARTIAL_DT;

/// Passthrough with two probe guests: d1 owns SCMI and gets real answers,
/// d2 has no SCMI and issues the same SMC: it gets SMCCC NOT_SUPPORTED,
/// Xen says why, and nothing of it reaches the firmware.
const REFUSED: Scenario = Scenario {
    name: "refused",
    about: "a domain without SCMI issues the SCMI SMC: -1, a rate-limited line, nothing at EL3",
    domus: &[
        DomU {
            name: "probeOwner",
            memory_mib: 32,
            cpus: 1,
            guest: Guest {
                kernel: Image::Built(probe_image),
                bootargs: "probe=owner",
                init: None,
            },
            partial_dt: Some(PROBE_OWNER_PARTIAL_DT),
            properties: &["xen,sci_type = \"scmi_smc\";"],
        },
        DomU {
            name: "probeOther",
            memory_mib: 32,
            cpus: 1,
            guest: Guest {
                kernel: Image::Built(probe_image),
                bootargs: "probe=refused",
                init: None,
            },
            partial_dt: None,
            properties: &[],
        },
    ],
    replies: &[Reply {
        when: &["(d1) PROBE: done", "(d2) PROBE: done"],
        send: "all-done",
    }],
    expect: Expect {
        in_order: &["SCMI: passthrough", "SCMI: d1 owns SCMI"],
        present: &[
            "(d1) PROBE: scmi base version=0x20000 status=0",
            "(d1) PROBE: scmi vendor=XenRustEL3",
            "(d1) PROBE: owner ok",
            "(d2) PROBE: scmi-smc x0=0xffffffffffffffff",
            "(d2) PROBE: refused ok",
            concat!(
                "SCMI: d2: SMC ",
                qemu_platform::scmi_smc_id_hex!(1),
                " refused"
            ),
            "INIT: dom0 heard: all-done",
        ],
        absent: &[
            "PROBE: owner FAILED",
            "PROBE: refused FAILED",
            "PROBE: exception",
            "SCMI: d2 owns SCMI",
        ],
        exit: 0,
        xen_panics: false,
        counters: &[
            // d1 (client 2): BASE_PROTOCOL_VERSION and DISCOVER_VENDOR.
            Counter::Client {
                id: 2,
                calls: Count::Exactly(2),
                errors: Count::Exactly(0),
            },
            // d2 (client 3) never reached the firmware, nor did dom0.
            no_calls(3),
            no_calls(DOM0_CLIENT),
            Counter::Total(Count::Exactly(2)),
        ],
    },
    timeout: Duration::from_secs(60),
    ..PASSTHROUGH
};

/// Every scenario, in the order `cargo xtask test` runs them.
pub const ALL: &[Scenario] = &[
    STOCK_DOM0,
    HWDOM,
    PASSTHROUGH,
    ALIAS,
    SECOND_OWNER,
    REFUSED,
    NOT_ALLOWED,
    BAD_TYPE,
    super::scenarios_dt::DT_WINDOWS,
    super::scenarios_xl::XL_BAD_CONFIG,
    super::scenarios_xl::XL_DOMD,
    super::scenarios_xl::XL_LIFECYCLE,
    super::scenarios_xl::BOARD_RCAR,
    super::scenarios_agents::MULTI_AGENT,
    super::scenarios_agents::XL_AGENTS,
    super::scenarios_agents::AGENT_RESET,
    super::scenarios_dtdev::XL_DTDEV,
    super::scenarios_agents::DOM0_AGENT,
    super::scenarios_agents::MA_DROP_IN,
    super::scenarios_agents::AGENT_WRITES,
    super::scenarios_load::AARCH32,
    super::scenarios_load::FLOOD,
    super::scenarios_faults::FW_FAULTS,
    super::scenarios_faults::FW_FAULTS_REUSE,
    super::scenarios_boards::BOARD_RK3588,
    super::scenarios_boards::BOARD_RK3588_DOM0,
    super::scenarios_boards::BOARD_RK3588_PAGE,
    super::scenarios_boards::BOARD_RK3588_PAGE_DOM0,
    super::scenarios_boards::BOARD_RK356X,
    super::scenarios_boards::BOARD_RK356X_DOM0,
    super::scenarios_boards::BOARD_IMX8ULP,
    super::scenarios_boards::BOARD_IMX8ULP_DOM0,
    super::scenarios_boards::BOARD_C3,
    super::scenarios_boards::BOARD_C3_SHARED,
    super::scenarios_smp::SMP_CHURN,
    super::scenarios_smp::SMP_AGENTS,
];
