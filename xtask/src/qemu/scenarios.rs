//! The scenarios, as data. A new one is a `Scenario` value added to `ALL`.

use super::expect::{Count, Counter, Expect};
use super::init::SCMI_REPORT;
use super::scenario::{Guest, Image, Scenario};
use std::time::Duration;

/// dom0's command line: Xen's console, our /init from the initramfs.
const DOM0_ARGS: &str = "console=hvc0 rdinit=/init";

/// Debian's Xen 4.20 forwards dom0's SCMI SMCs unchanged: Linux sets x7 to
/// 0, so the firmware counts them for client 0.
const STOCK_DOM0: Scenario = Scenario {
    name: "stock-dom0",
    about: "Debian's Xen 4.20 forwards dom0's SCMI calls to the firmware",
    xen: Image::DebianXen420,
    xen_args: "",
    cpus: 2,
    dom0: Guest {
        kernel: Image::DebianKernel,
        bootargs: DOM0_ARGS,
        init: Some(SCMI_REPORT),
    },
    domus: &[],
    dt_extra: "",
    expect: Expect {
        in_order: &[
            "Xen version 4.20",
            "Using SCMI with SMC ID: 0x82000002",
            "*** LOADING DOMAIN 0 ***",
            "INIT: start",
            "'XenRustEL3:qemu-virt' Firmware version 0x10000",
            "INIT: clk_summary begin",
            "INIT: dt has /firmware/scmi",
            "INIT: poweroff",
        ],
        // The clocks the firmware describes (scmi-server's platform table),
        // as Linux's SCMI clock driver registered them.
        present: &["scmi_cpu", "scmi_uart", "scmi_gpu"],
        absent: &[
            "INIT: dt lacks",
            // Secondary CPUs come up through the firmware's PSCI CPU_ON.
            "Failed to bring up CPU",
            "INIT: poweroff failed",
            "Unhandled SMC/HVC: 0x82000002",
            "probe with driver arm-scmi failed",
        ],
        exit: 0,
        counters: &[Counter::Client {
            id: 0,
            calls: Count::AtLeast(1),
            errors: Count::AtLeast(0),
        }],
    },
    timeout: Duration::from_secs(60),
};

/// Every scenario, in the order `cargo xtask test` runs them.
pub const ALL: &[Scenario] = &[STOCK_DOM0];
