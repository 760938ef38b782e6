//! The hardware domain's device-tree walk on a host tree with buses that
//! translate: channels behind a `ranges` window, one of them running past
//! it. Host tests cover the walk over many more trees; this one shows Xen's
//! own translator (`dt_translate_address()`) giving it both ends.

use super::expect::Expect;
use super::scenario::Scenario;
use super::scenarios::{PASSTHROUGH, PASSTHROUGH_EXPECT};

/// A bus mapping its 0x0..0x2000 to 0xbff08000 (the firmware's withheld
/// top of RAM, which nothing else uses there) with two channels, named by
/// the SCMI node's two protocol sub-nodes: one inside the window, one
/// starting 0x800 before its end and running 0x800 past it.
const WINDOWS_DTS: &str = "/ {
\tscmi-bus {
\t\tcompatible = \"simple-bus\";
\t\t#address-cells = <1>;
\t\t#size-cells = <1>;
\t\tranges = <0x0 0x0 0xbff08000 0x2000>;
\t\tscmi_shm_inside: sram@0 {
\t\t\tcompatible = \"arm,scmi-shmem\";
\t\t\treg = <0x0 0x1000>;
\t\t};
\t\tscmi_shm_past: sram@1800 {
\t\t\tcompatible = \"arm,scmi-shmem\";
\t\t\treg = <0x1800 0x1000>;
\t\t};
\t};
};
&{/firmware/scmi/protocol@14} {
\tshmem = <&scmi_shm_inside>;
};
&{/firmware/scmi/protocol@16} {
\tshmem = <&scmi_shm_past>;
};
";

/// `passthrough` on that tree: dom0 is granted the node's channel and the
/// translated one inside the window, not the one past it, which is named
/// in a log line; dom0 sees none of them; domD owns SCMI as before.
pub(super) const DT_WINDOWS: Scenario = Scenario {
    name: "dt-windows",
    about: "passthrough on a host tree whose channels sit behind a bus window, one running past it",
    dt_extra: WINDOWS_DTS,
    expect: Expect {
        in_order: &[
            "Xen version 4.17",
            "SCMI: passthrough",
            "*** LOADING DOMAIN 0 ***",
            concat!(
                "SCMI: dom0 may map ",
                qemu_platform::scmi_shmem_pfn_hex!(1),
                "-",
                qemu_platform::scmi_shmem_pfn_hex!(1)
            ),
            "SCMI: dom0 may map 0xbff08-0xbff08",
            "SCMI: /scmi-bus/sram@1800: reg past bus window",
            "SCMI: d1 owns SCMI",
        ],
        absent: &[
            "SCMI: dom0 may map 0xbff09",
            "INIT: dom0 dt has",
            "SCMI: d0 owns SCMI",
            "probe with driver arm-scmi failed",
        ],
        ..PASSTHROUGH_EXPECT
    },
    ..PASSTHROUGH
};
