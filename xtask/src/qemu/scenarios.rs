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

/// The project's Xen 4.17 with the Rust mediator (built if needed).
fn our_xen() -> anyhow::Result<std::path::PathBuf> {
    Ok(crate::xen::build(None)?.image())
}

/// Our mediator gives the SMCCC client id domid + 1 (0 stays the
/// hypervisor's own), so dom0's calls are counted for client 1.
const DOM0_CLIENT: u64 = 1;

/// No passthrough option: the hardware domain owns SCMI through the Rust
/// mediator, exactly as with the stock hypervisor.
const HWDOM: Scenario = Scenario {
    name: "hwdom",
    about: "our Xen 4.17 + Rust mediator: dom0 owns SCMI and probes it",
    xen: Image::Built(our_xen),
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
            "Xen version 4.17",
            "SCMI: forwarding SMC 0x82000002 from the SCMI owner to firmware",
            "SCMI: d0 owns SCMI",
            "*** LOADING DOMAIN 0 ***",
            "INIT: start",
            "'XenRustEL3:qemu-virt' Firmware version 0x10000",
            "INIT: clk_summary begin",
            "INIT: dt has /firmware/scmi",
            "INIT: poweroff",
        ],
        present: &["scmi_cpu", "scmi_uart", "scmi_gpu"],
        absent: &[
            "INIT: dt lacks",
            "Failed to bring up CPU",
            "INIT: poweroff failed",
            "refused: this domain does not own SCMI",
            "Unhandled SMC/HVC: 0x82000002",
            "probe with driver arm-scmi failed",
        ],
        exit: 0,
        counters: &[
            Counter::Client {
                id: DOM0_CLIENT,
                calls: Count::AtLeast(1),
                errors: Count::AtLeast(0),
            },
            // Nothing reaches firmware under another caller id: the
            // mediator names every caller itself.
            Counter::Client {
                id: 0,
                calls: Count::Exactly(0),
                errors: Count::Exactly(0),
            },
        ],
    },
    timeout: Duration::from_secs(60),
};

/// Every scenario, in the order `cargo xtask test` runs them.
pub const ALL: &[Scenario] = &[STOCK_DOM0, HWDOM];
