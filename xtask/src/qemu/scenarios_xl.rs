//! The toolstack scenarios: dom0 runs xl (cross-built with our tools
//! patches, see `crate::tools`) to create SCMI driver domains from an
//! xl.cfg with `arm_sci`, destroy them, and refuse malformed values.
//! dom0's files are in `xl_files.rs`, its scripts in `xl_scripts.rs`.

use super::expect::{Count, Counter, Expect};
use super::scenario::{Guest, Image, Scenario};
use super::scenarios::no_calls;
use super::xl_scripts;
use std::time::Duration;

/// Passthrough, and a console ring large enough for dom0's `xl dmesg` to
/// still hold the mediator's lines after 20 cycles.
const XEN_ARGS: &str = "scmi-smc-passthrough conring_size=1M";

const fn dom0(body: &'static str) -> Guest {
    Guest {
        kernel: Image::DebianKernel,
        bootargs: "console=hvc0 rdinit=/init",
        init: Some(body),
    }
}

/// What no xl scenario may show, and `$extra`.
macro_rules! xl_failures {
    ($($extra:expr),*) => {
        &[
            "XL: insmod",
            "XL: cannot mount xenfs",
            "XL: xenstored failed",
            "XL: xen-init-dom0 failed",
            "XL: xenconsoled failed",
            "XL: toolstack down",
            "INIT: poweroff failed",
            "SCMI: d0 owns SCMI",
            "console has no",
            $($extra),*
        ]
    };
}

/// What no xl scenario may show.
const XL_FAILURES: &[&str] = xl_failures!();

/// xl-domd's lines in order, with `$dom0` after Xen's first: the toolstack
/// comes up, xl creates domD, which owns and probes SCMI, and destroys it,
/// which releases SCMI.
macro_rules! domd_in_order {
    ($($dom0:expr),*) => {
        &[
            "SCMI: passthrough",
            $($dom0,)*
            "XL: toolstack up",
            "SCMI: d1 owns SCMI",
            "XL: domd created as d1",
            "DOMD: INIT: dt has SCMI node /sys/firmware/devicetree/base/passthrough/firmware/scmi",
            // Not "XL: domd destroyed" before it: Xen may finish the
            // domain before xl returns (the line is in `present`).
            "SCMI: d1 released SCMI",
            "XL: domd released SCMI",
            "INIT: poweroff",
        ]
    };
}

/// Nothing reaches the firmware as dom0 (client 1) or as the hypervisor.
const NOT_DOM0: [Counter; 2] = [no_calls(1), no_calls(0)];

/// xl creates a Linux driver domain with `arm_sci = "type=scmi_smc"`; it
/// owns SCMI, probes it (clocks and resets), and gives it back when
/// destroyed.
pub const XL_DOMD: Scenario = Scenario {
    name: "xl-domd",
    about: "xl create: a Linux driver domain with arm_sci = \"type=scmi_smc\" probes SCMI",
    xen: Image::Xen(crate::target::Target::DEFAULT),
    xen_args: XEN_ARGS,
    cpus: 2,
    smmu: false,
    dom0: dom0(xl_scripts::DOMD),
    domus: &[],
    dt_extra: "",
    replies: &[],
    expect: Expect {
        in_order: domd_in_order!(),
        present: &[
            "'XenRustEL3:qemu-virt' Firmware version 0x10000",
            "XL: domd destroyed",
            "DOMD: INIT: scmi-device scmi_dev.2 driver=scmi-clocks",
            "DOMD: INIT: scmi-device scmi_dev.3 driver=scmi-reset",
            "scmi_cpu",
            "scmi_uart",
            "scmi_gpu",
        ],
        absent: XL_FAILURES,
        exit: 0,
        xen_panics: false,
        counters: &[
            Counter::Client {
                id: 2,
                calls: Count::AtLeast(1),
                errors: Count::AtLeast(0),
            },
            NOT_DOM0[0],
            NOT_DOM0[1],
        ],
    },
    timeout: Duration::from_secs(180),
};

/// 20 create/destroy cycles of the probe guest, each an SCMI owner that
/// makes its two calls and releases SCMI on destruction; a second SCMI
/// domain is refused while one exists.
pub const XL_LIFECYCLE: Scenario = Scenario {
    name: "xl-lifecycle",
    about: "xl create/destroy 20 times: SCMI released each time, a second owner gets -EEXIST",
    dom0: dom0(xl_scripts::LIFECYCLE),
    expect: Expect {
        in_order: &[
            "XL: toolstack up",
            "SCMI: d1 owns SCMI",
            "XL: d1, destroyed while calling, released SCMI",
            "SCMI: d2 owns SCMI",
            "XL: the next owner, d2, shut down",
            "SCMI: d2 released SCMI",
            "XL: cycle 1: probe is d3",
            ": owned by d3",
            "domain creation fail: File exists",
            "XL: a second SCMI domain was refused",
            "XL: cycle 1: d3 released SCMI",
            "XL: cycle 2: probe is",
            "XL: cycle 20: probe is",
            "XL: lifecycle: 20 of 20 cycles released SCMI",
            "INIT: poweroff",
        ],
        present: &[],
        absent: xl_failures!(
            "XL: a second SCMI domain was created",
            "create failed",
            "destroy failed",
            "did not shut down",
            "did not release SCMI",
            "PROBE: smp-calls FAILED"
        ),
        exit: 0,
        xen_panics: false,
        counters: &[
            // d1 called from both vCPUs until it was destroyed.
            Counter::Client {
                id: 2,
                calls: Count::AtLeast(1000),
                errors: Count::Exactly(0),
            },
            // The owner after it got both its answers (BASE_PROTOCOL_VERSION
            // and DISCOVER_VENDOR), as did each of the 20 probes after it;
            // the refused domain never ran.
            Counter::Client {
                id: 3,
                calls: Count::Exactly(2),
                errors: Count::Exactly(0),
            },
            Counter::Client {
                id: 4,
                calls: Count::Exactly(2),
                errors: Count::Exactly(0),
            },
            // d4, the second SCMI domain of cycle 1, was never created.
            no_calls(5),
            NOT_DOM0[0],
            NOT_DOM0[1],
        ],
    },
    timeout: Duration::from_secs(300),
    ..XL_DOMD
};

/// Malformed arm_sci values: one clear line each, exit status 1, no domain.
pub const XL_BAD_CONFIG: Scenario = Scenario {
    name: "xl-bad-config",
    about: "xl create with malformed arm_sci values: one error line each, nothing created",
    dom0: dom0(xl_scripts::BAD_CONFIG),
    expect: Expect {
        in_order: &["XL: toolstack up"],
        present: &[
            r#"XL: [""] arm_sci: empty string, expected "type=<none|scmi_smc>""#,
            r#"XL: [""] exit 1, 1 line(s)"#,
            r#"XL: ["type"] arm_sci: "type" is not a KEY=VALUE setting"#,
            r#"XL: ["type"] exit 1, 1 line(s)"#,
            r#"XL: ["type="] arm_sci: empty value for key "type""#,
            r#"XL: ["type="] exit 1, 1 line(s)"#,
            r#"XL: ["type=foo"] arm_sci: unknown type "foo" (known: none, scmi_smc)"#,
            r#"XL: ["type=foo"] exit 1, 1 line(s)"#,
            r#"XL: ["foo=bar"] arm_sci: unknown key "foo" (known: type)"#,
            r#"XL: ["foo=bar"] exit 1, 1 line(s)"#,
            r#"XL: ["=scmi_smc"] arm_sci: unknown key "" (known: type)"#,
            r#"XL: ["=scmi_smc"] exit 1, 1 line(s)"#,
            r#"XL: ["type=scmi_smc,type=none"] arm_sci: key "type" given more than once"#,
            r#"XL: ["type=scmi_smc,type=none"] exit 1, 1 line(s)"#,
            r#"XL: ["type=scmi_smc,"] arm_sci: empty setting in "type=scmi_smc,""#,
            r#"XL: ["type=scmi_smc,"] exit 1, 1 line(s)"#,
            r#"XL: [",type=scmi_smc"] arm_sci: empty setting in ",type=scmi_smc""#,
            r#"XL: [",type=scmi_smc"] exit 1, 1 line(s)"#,
            r#"XL: ["type=scmi_smc,,"] arm_sci: empty setting in "type=scmi_smc,,""#,
            r#"XL: ["type=scmi_smc,,"] exit 1, 1 line(s)"#,
            "parameter `arm_sci' is a list but should be a single value",
            r#"XL: [[ "type=scmi_smc" ]] exit 1, 1 line(s)"#,
            r#"XL: ["type=scmi_smc"] dry run exit 0"#,
            r#"XL: ["type=none"] dry run exit 0"#,
            "XL: domains: Domain-0 end",
        ],
        absent: &[
            "XL: insmod",
            "XL: cannot mount xenfs",
            "XL: xenstored failed",
            "XL: toolstack down",
            "INIT: poweroff failed",
            "owns SCMI",
            "Segmentation fault",
        ],
        exit: 0,
        xen_panics: false,
        counters: &[Counter::Total(Count::Exactly(0))],
    },
    timeout: Duration::from_secs(150),
    ..XL_DOMD
};

/// The seed's Renesas R-Car example as written: the host's channel is the
/// page at 0x47ff0000, inside RAM and so reserved `no-map`, which the
/// firmware serves there (`el3-test-firmware`'s `scmi-shmem`); xl gives it
/// to the driver domain at 0x22001000 with `iomem = ["47ff0,1@22001"]`,
/// beside the seed's partial tree.
const RCAR_HOST_DT: &str = r#"
/delete-node/ &scmi_shmem;
/ {
	reserved-memory {
		#address-cells = <2>;
		#size-cells = <2>;
		ranges;
		scmi_shm_rcar: scmi-shmem@47ff0000 {
			compatible = "arm,scmi-shmem";
			reg = <0x0 0x47ff0000 0x0 0x1000>;
			no-map;
		};
	};
	el3-test-firmware {
		scmi-shmem = <0x0 0x47ff0000>;
	};
};
&{/firmware/scmi} {
	shmem = <&scmi_shm_rcar>;
};
"#;

/// xl-domd on the seed's R-Car layout. dom0 prints its memory map first:
/// the channel's page must be neither RAM nor missing from dom0's view of
/// what is reserved.
pub const BOARD_RCAR: Scenario = Scenario {
    name: "board-rcar",
    about:
        "the seed's R-Car example: channel page 0x47ff0000 in RAM (no-map), xl iomem 47ff0,1@22001",
    dom0: dom0(xl_scripts::RCAR),
    dt_extra: RCAR_HOST_DT,
    expect: Expect {
        in_order: domd_in_order!(
            "SCMI: dom0 may map 0x47ff0-0x47ff0",
            "d0: /reserved-memory/scmi-shmem@47ff0000: left out by SCI, its range kept reserved",
            "INIT: iomem begin",
            "INIT: iomem 47ff0000-47ff0fff : reserved",
            "INIT: iomem end"
        ),
        present: &[
            "'XenRustEL3:qemu-virt' Firmware version 0x10000",
            // xl's iomem line; 4.17 names the domain dom1, 4.22 d1.
            "gfn=22001 mfn=47ff0 nr=1",
            "XL: domd destroyed",
            "DOMD: INIT: scmi-device scmi_dev.2 driver=scmi-clocks",
            "DOMD: INIT: scmi-device scmi_dev.3 driver=scmi-reset",
        ],
        absent: xl_failures!("INIT: iomem 47ff0000-47ff0fff : System RAM", "EL3: fatal"),
        ..XL_DOMD.expect
    },
    ..XL_DOMD
};
