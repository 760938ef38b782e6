//! Real boards' SCMI layouts (`boards.rs` reads them from Debian's board
//! trees and moves them onto the firmware's channel): RK3588's channel, a
//! `no-map` child of /reserved-memory, as the board has it and made one
//! page long; RK356x's, a child of an `mmio-sram` node. Each in
//! passthrough, where dom0 loses the channel but keeps what lies around
//! it, and with dom0 owning SCMI. Xen keeps the channel's range claimed in
//! dom0's tree (`patches/xen-4.17/0011`, `patches/xen-4.22/0018`): dom0's
//! Linux must never count it as RAM or SRAM pool.

use super::boards::Board;
use super::expect::{Count, Counter, Expect};
use super::init::{BOARD_DOM0_WITHOUT_SCMI, BOARD_DOM0_WITH_SCMI};
use super::partial_dt::{dom0less_mapping, scmi_partial_dt};
use super::scenario::{DomU, Guest, Image, Reply, Scenario};
use super::scenarios::{driver_domain, no_calls, AFTER_DOMD, PASSTHROUGH_EXPECT, SCMI_FOUND};
use std::time::Duration;

/// Rockchip's doorbell, as both boards' trees have it.
macro_rules! rockchip_smc_id {
    () => {
        "0x82000010"
    };
}

/// What no board scenario in passthrough may show, and `$extra`.
macro_rules! passthrough_absent {
    ($($extra:expr),*) => {
        &[
            "INIT: dom0 dt has",
            "INIT: dom0 kernel probed SCMI",
            "DOM1: INIT: dt has no SCMI node",
            "SCMI: d0 owns SCMI",
            "Failed to bring up CPU",
            "INIT: poweroff failed",
            "probe with driver arm-scmi failed",
            $($extra),*
        ]
    };
}

/// What no board scenario with dom0 owning SCMI may show (nothing
/// refused, no placeholder), and `$extra`; `$id` is the board's doorbell
/// (Rockchip's when not given).
macro_rules! dom0_absent {
    (id $id:expr $(, $extra:expr)*) => {
        &[
            "INIT: dt has no SCMI node",
            "Failed to bring up CPU",
            "INIT: poweroff failed",
            concat!("SMC ", $id, " refused"),
            concat!("Unhandled SMC/HVC: ", $id),
            "probe with driver arm-scmi failed",
            "left out by SCI",
            $($extra),*
        ]
    };
    ($($extra:expr),*) => {
        dom0_absent!(id rockchip_smc_id!() $(, $extra)*)
    };
}

const RK3588: Board = Board {
    dtb: "rockchip/rk3588-rock-5b.dtb",
    smc_id: 0x8200_0010,
    channel_size: None,
};

/// RK3588 with a channel of one page, as the seed's R-Car example has.
const RK3588_PAGE: Board = Board {
    channel_size: Some(0x1000),
    ..RK3588
};

const RK356X: Board = Board {
    dtb: "rockchip/rk3568-rock-3a.dtb",
    ..RK3588
};

/// NXP's doorbell: an SMC64 fast SiP call.
macro_rules! imx8ulp_smc_id {
    () => {
        "0xc20000fe"
    };
}

const IMX8ULP: Board = Board {
    dtb: "freescale/imx8ulp-evk.dtb",
    smc_id: 0xc200_00fe,
    channel_size: None,
};

/// Amlogic's doorbell.
macro_rules! c3_smc_id {
    () => {
        "0x820000c1"
    };
}

/// Amlogic C3: a 256-byte channel inside the page of
/// `/reserved-memory/secmon@7f00000`, which moves with it.
const C3: Board = Board {
    dtb: "amlogic/amlogic-c3-c302x-aw409.dtb",
    smc_id: 0x8200_00c1,
    channel_size: None,
};

/// The board whose layout scenario `name` (or `name@target`) boots.
pub fn board(name: &str) -> Option<Board> {
    let base = name.split('@').next().unwrap_or(name);
    let base = base.strip_suffix("-dom0").unwrap_or(base);
    match base {
        "board-rk3588" => Some(RK3588),
        "board-rk3588-page" => Some(RK3588_PAGE),
        "board-rk356x" => Some(RK356X),
        "board-imx8ulp" => Some(IMX8ULP),
        "board-c3" | "board-c3-shared" => Some(C3),
        _ => None,
    }
}

/// dom0's command line: the SRAM driver's debug lines logged.
const DOM0_ARGS: &str = "console=hvc0 rdinit=/init sram.dyndbg=+p";

/// A driver domain ringing doorbell `$id`, the channel's page mapped at
/// the guest's 0x22001000.
macro_rules! board_domd {
    ($id:expr) => {
        driver_domain(
            "domD",
            scmi_partial_dt!(dom0less_mapping!(1), $id),
            &["vpl011;", "xen,sci_type = \"scmi_smc\";"],
        )
    };
}

/// The driver domain: the board's doorbell, the channel's page mapped at
/// the guest's 0x22001000 as in `passthrough`.
const DOMD: DomU = board_domd!(rockchip_smc_id!());

/// What every board scenario in passthrough shows, but the lines about
/// the channel's range.
const PASSTHROUGH_BOARD: Scenario = Scenario {
    name: "board-rk3588",
    about:
        "RK3588's layout (a /reserved-memory no-map channel) in passthrough: dom0 keeps it reserved",
    xen: Image::Xen(crate::target::Target::DEFAULT),
    xen_args: "scmi-smc-passthrough",
    cpus: 2,
    smmu: false,
    dom0: Guest {
        kernel: Image::DebianKernel,
        bootargs: DOM0_ARGS,
        init: Some(BOARD_DOM0_WITHOUT_SCMI),
    },
    domus: &[DOMD],
    dt_extra: "",
    replies: AFTER_DOMD,
    expect: Expect {
        in_order: &[
            "Xen version 4.17",
            concat!("SCMI: forwarding SMC ", rockchip_smc_id!()),
            "SCMI: passthrough",
            "*** LOADING DOMAIN 0 ***",
            "SCMI: dom0 may map 0xbff00-0xbff00",
            "d0: /reserved-memory/shmem@bff00000: left out by SCI, its range kept reserved",
            "SCMI: d1 owns SCMI",
            "INIT: iomem begin",
            "INIT: iomem end",
            "INIT: sram end",
        ],
        absent: passthrough_absent!(
            "INIT: iomem bff00000-bff00fff : System RAM",
            "INIT: iomem bff00000-bff000ff : System RAM"
        ),
        ..PASSTHROUGH_EXPECT
    },
    timeout: Duration::from_secs(240),
};

/// RK3588's layout in passthrough.
pub const BOARD_RK3588: Scenario = PASSTHROUGH_BOARD;

/// The same with a channel of one page: without Xen's placeholder it is a
/// page of RAM to dom0's Linux that has no mapping; with it, reserved.
pub const BOARD_RK3588_PAGE: Scenario = Scenario {
    name: "board-rk3588-page",
    about: "RK3588's layout with a one-page channel in passthrough: dom0 sees it reserved, not RAM",
    expect: Expect {
        present: &[
            "INIT: iomem bff00000-bff00fff : reserved",
            "DOM1: INIT: scmi-device scmi_dev.2 driver=scmi-clocks",
            "DOM1: INIT: scmi-device scmi_dev.3 driver=scmi-reset",
            "scmi_cpu",
            "INIT: dom0 heard: all-done",
        ],
        ..PASSTHROUGH_BOARD.expect
    },
    ..PASSTHROUGH_BOARD
};

/// RK356x's layout in passthrough: dom0 keeps the `mmio-sram` parent; the
/// SRAM driver finds the placeholder and adds nothing to its pool.
pub const BOARD_RK356X: Scenario = Scenario {
    name: "board-rk356x",
    about: "RK356x's layout (a channel inside mmio-sram) in passthrough: not in dom0's SRAM pool",
    expect: Expect {
        in_order: &[
            "Xen version 4.17",
            concat!("SCMI: forwarding SMC ", rockchip_smc_id!()),
            "SCMI: passthrough",
            "*** LOADING DOMAIN 0 ***",
            // The channel comes before the SCMI node in this tree.
            "d0: /sram@bff00000/sram@0: left out by SCI, its range kept reserved",
            "SCMI: dom0 may map 0xbff00-0xbff00",
            "SCMI: d1 owns SCMI",
            "INIT: sram begin",
            "sram bff00000.sram: found reserved block 0x0-0x100",
            "INIT: sram end",
        ],
        absent: passthrough_absent!("adding chunk"),
        ..PASSTHROUGH_BOARD.expect
    },
    ..PASSTHROUGH_BOARD
};

/// dom0 owning SCMI on a board's layout: its Linux probes SCMI through
/// the board's nodes, as on the board.
const DOM0_BOARD: Scenario = Scenario {
    name: "board-rk3588-dom0",
    about: "RK3588's layout, dom0 owns SCMI and probes it through the reserved-memory channel",
    xen_args: "",
    dom0: Guest {
        kernel: Image::DebianKernel,
        bootargs: DOM0_ARGS,
        init: Some(BOARD_DOM0_WITH_SCMI),
    },
    domus: &[],
    replies: &[],
    expect: Expect {
        in_order: &[
            "Xen version 4.17",
            concat!("SCMI: forwarding SMC ", rockchip_smc_id!()),
            "SCMI: d0 owns SCMI",
            "*** LOADING DOMAIN 0 ***",
            "INIT: start",
            "'XenRustEL3:qemu-virt' Firmware version 0x10000",
            "INIT: clk_summary begin",
            "INIT: dt has SCMI node /sys/firmware/devicetree/base/firmware/scmi",
            "INIT: iomem end",
            "INIT: sram end",
            "INIT: poweroff",
        ],
        present: SCMI_FOUND,
        absent: dom0_absent!("INIT: iomem bff00000-bff00fff : System RAM"),
        exit: 0,
        xen_panics: false,
        counters: &[
            Counter::Client {
                id: 1,
                calls: Count::AtLeast(1),
                errors: Count::AtLeast(0),
            },
            no_calls(0),
        ],
    },
    timeout: Duration::from_secs(180),
    ..PASSTHROUGH_BOARD
};

/// RK3588's layout, dom0 owning SCMI.
pub const BOARD_RK3588_DOM0: Scenario = DOM0_BOARD;

/// The one-page channel, dom0 owning SCMI: reserved, not RAM.
pub const BOARD_RK3588_PAGE_DOM0: Scenario = Scenario {
    name: "board-rk3588-page-dom0",
    about: "RK3588's layout with a one-page channel, dom0 owns SCMI: the page is reserved, not RAM",
    expect: Expect {
        present: &[
            "scmi_cpu",
            "driver=scmi-clocks",
            "driver=scmi-reset",
            "INIT: iomem bff00000-bff00fff : reserved",
        ],
        ..DOM0_BOARD.expect
    },
    ..DOM0_BOARD
};

/// RK356x's layout, dom0 owning SCMI: the SRAM driver reserves the
/// channel, the SCMI driver uses it.
pub const BOARD_RK356X_DOM0: Scenario = Scenario {
    name: "board-rk356x-dom0",
    about: "RK356x's layout, dom0 owns SCMI: the SRAM driver reserves the channel, SCMI uses it",
    expect: Expect {
        // RK356x's SCMI node has the clock protocol only.
        present: &[
            "scmi_cpu",
            "driver=scmi-clocks",
            "sram bff00000.sram: found reserved block 0x0-0x100",
        ],
        absent: dom0_absent!("adding chunk"),
        ..DOM0_BOARD.expect
    },
    ..DOM0_BOARD
};

/// i.MX8ULP's driver domain: the board's SMC64 doorbell.
const DOMD_IMX8ULP: DomU = board_domd!(imx8ulp_smc_id!());

/// i.MX8ULP's layout in passthrough: a 1 KiB channel inside an
/// `mmio-sram` node, rung with an SMC64 id, which Xen routes to the
/// mediator as any SiP call and the mediator forwards.
pub const BOARD_IMX8ULP: Scenario = Scenario {
    name: "board-imx8ulp",
    about: "i.MX8ULP's layout (mmio-sram channel, SMC64 doorbell) in passthrough: domD probes SCMI",
    domus: &[DOMD_IMX8ULP],
    expect: Expect {
        in_order: &[
            "Xen version 4.17",
            concat!("SCMI: forwarding SMC ", imx8ulp_smc_id!()),
            "SCMI: passthrough",
            "*** LOADING DOMAIN 0 ***",
            "d0: /sram@bff00000/scmi-sram-section@0: left out by SCI, its range kept reserved",
            "SCMI: dom0 may map 0xbff00-0xbff00",
            "SCMI: d1 owns SCMI",
            "INIT: sram begin",
            "sram bff00000.sram: found reserved block 0x0-0x400",
            // The board's SRAM is a page: its pool is the rest of the
            // channel's page, which dom0 keeps (docs/architecture.md).
            "sram bff00000.sram: adding chunk 0x400-0x1000",
            "INIT: sram end",
        ],
        present: &[
            "DOM1: INIT: scmi-device scmi_dev.2 driver=scmi-clocks",
            "DOM1: INIT: scmi-device scmi_dev.3 driver=scmi-reset",
            "scmi_cpu",
            "INIT: dom0 heard: all-done",
        ],
        absent: passthrough_absent!(
            "adding chunk 0x0-",
            concat!("SMC ", imx8ulp_smc_id!(), " refused"),
            concat!("Unhandled SMC/HVC: ", imx8ulp_smc_id!())
        ),
        ..PASSTHROUGH_BOARD.expect
    },
    ..PASSTHROUGH_BOARD
};

/// i.MX8ULP's layout, dom0 owning SCMI: its Linux rings the SMC64
/// doorbell itself. The board's SCMI node has the power-domain and sensor
/// protocols only, which the test firmware does not implement: the base
/// protocol is what Linux gets through.
pub const BOARD_IMX8ULP_DOM0: Scenario = Scenario {
    name: "board-imx8ulp-dom0",
    about: "i.MX8ULP's layout, dom0 owns SCMI and calls it with the SMC64 doorbell",
    expect: Expect {
        in_order: &[
            "Xen version 4.17",
            concat!("SCMI: forwarding SMC ", imx8ulp_smc_id!()),
            "SCMI: d0 owns SCMI",
            "*** LOADING DOMAIN 0 ***",
            "INIT: start",
            "'XenRustEL3:qemu-virt' Firmware version 0x10000",
            "INIT: dt has SCMI node /sys/firmware/devicetree/base/firmware/scmi",
            "INIT: sram begin",
            "sram bff00000.sram: found reserved block 0x0-0x400",
            "INIT: sram end",
            "INIT: poweroff",
        ],
        present: &[],
        absent: dom0_absent!(id imx8ulp_smc_id!(), "adding chunk 0x0-"),
        ..DOM0_BOARD.expect
    },
    ..DOM0_BOARD
};

/// C3's layout in passthrough, dom0 alone: the channel shares its page
/// with the secure monitor's memory, so the mediator refuses to grant it
/// (dom0 cannot hand it to a domain it builds with xl), and no domain
/// calls SCMI. dom0 powers off once it has reported its memory.
pub const BOARD_C3: Scenario = Scenario {
    name: "board-c3",
    about: "C3's layout (a channel sharing its page with secmon) in passthrough: the page is refused",
    domus: &[],
    replies: &[Reply {
        when: &["INIT: sram end"],
        send: "all-done",
    }],
    expect: Expect {
        in_order: &[
            "Xen version 4.17",
            concat!("SCMI: forwarding SMC ", c3_smc_id!()),
            "SCMI: passthrough",
            "*** LOADING DOMAIN 0 ***",
            "SCMI: /sram@bff00000/sram@0: page 0xbff00 shared with /reserved-memory/secmon@bfeaf200, not granted",
            "INIT: dom0 dt lacks /firmware/scmi",
            "INIT: sram begin",
            "INIT: sram end",
            "INIT: dom0 heard: all-done",
        ],
        present: &[],
        absent: passthrough_absent!(
            "SCMI: dom0 may map",
            "secmon@bfeaf200, granted",
            "SCMI: d1 owns SCMI",
            "adding chunk",
            concat!("Unhandled SMC/HVC: ", c3_smc_id!())
        ),
        counters: &[no_calls(0), no_calls(1), no_calls(2)],
        ..PASSTHROUGH_BOARD.expect
    },
    ..PASSTHROUGH_BOARD
};

/// C3's driver domain: the board's doorbell.
const DOMD_C3: DomU = board_domd!(c3_smc_id!());

/// C3's layout with the integrator's opt-in: the shared page is granted,
/// and the driver domain probes SCMI through it.
pub const BOARD_C3_SHARED: Scenario = Scenario {
    name: "board-c3-shared",
    about: "C3's layout with scmi-smc-shared-page: the shared page is granted, domD probes SCMI",
    xen_args: "scmi-smc-passthrough scmi-smc-shared-page",
    domus: &[DOMD_C3],
    expect: Expect {
        in_order: &[
            "Xen version 4.17",
            concat!("SCMI: forwarding SMC ", c3_smc_id!()),
            "SCMI: passthrough",
            "*** LOADING DOMAIN 0 ***",
            "SCMI: /sram@bff00000/sram@0: page 0xbff00 shared with /reserved-memory/secmon@bfeaf200, granted",
            "SCMI: dom0 may map 0xbff00-0xbff00",
            "SCMI: d1 owns SCMI",
            "INIT: sram begin",
            "INIT: sram end",
        ],
        present: &[
            "DOM1: INIT: scmi-device scmi_dev.2 driver=scmi-clocks",
            "scmi_cpu",
            "INIT: dom0 heard: all-done",
        ],
        absent: passthrough_absent!(
            "not granted",
            "adding chunk",
            concat!("Unhandled SMC/HVC: ", c3_smc_id!())
        ),
        ..PASSTHROUGH_BOARD.expect
    },
    ..PASSTHROUGH_BOARD
};
