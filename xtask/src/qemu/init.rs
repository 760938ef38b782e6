//! The /init scripts run by busybox inside the guests' initramfs.
//!
//! Every script is a common prelude (applets, pseudo file systems, a start
//! marker), the scenario's own body, and a forced power-off: under Xen,
//! dom0's power-off becomes PSCI SYSTEM_OFF, which ends QEMU with status 0.

/// Makes the applets callable by name and mounts what the reports read.
const PRELUDE: &str = r#"#!/bin/sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
echo "INIT: start"
"#;

/// `poweroff -f` skips init's shutdown sequence: there is nothing to stop.
const EPILOGUE: &str = r#"echo "INIT: poweroff"
poweroff -f
# Only reached if the power-off call itself failed.
echo "INIT: poweroff failed"
sleep 1000
"#;

/// A complete /init from a scenario's body.
pub fn script(body: &str) -> String {
    format!("{PRELUDE}{body}\n{EPILOGUE}")
}

/// The body of [`SCMI_REPORT`], for scripts that go on after it.
macro_rules! scmi_report {
    () => {
        r#"echo "INIT: dmesg-scmi begin"
dmesg | grep -i scmi
echo "INIT: dmesg-scmi end"
echo "INIT: scmi-devices begin"
for d in /sys/bus/scmi_protocol/devices/*; do
    drv=none
    [ -e "$d/driver" ] && drv=$(basename "$(readlink "$d/driver")")
    echo "INIT: scmi-device $(basename "$d") driver=$drv"
done
echo "INIT: scmi-devices end"
echo "INIT: clk_summary begin"
cat /sys/kernel/debug/clk/clk_summary
echo "INIT: clk_summary end"
found=no
for f in $(find /sys/firmware/devicetree/base -name compatible); do
    if grep -q "arm,scmi-smc" "$f"; then
        echo "INIT: dt has SCMI node ${f%/compatible}"
        found=yes
    fi
done
if [ "$found" = no ]; then
    echo "INIT: dt has no SCMI node"
fi"#
    };
}

/// dom0 waits for the harness to say that the other domains are done (the
/// line "all-done" on its console), so that the firmware's counters are
/// printed only after their calls.
macro_rules! wait_for_all_done {
    () => {
        r#"
echo "INIT: dom0 waiting for the other domains"
while read -r reply; do
    echo "INIT: dom0 heard: $reply"
    [ "$reply" = "all-done" ] && break
done"#
    };
}

/// dom0's view of SCMI: what the kernel logged, the protocol devices (one
/// per protocol driver bound, on Linux's `scmi_protocol` bus), the clocks
/// the SCMI clock driver registered, and where the DT has an "arm,scmi-smc"
/// node (found by compatible: a driver domain has it under /passthrough).
pub const SCMI_REPORT: &str = scmi_report!();

/// The body of [`DOM0_WITHOUT_SCMI`]'s checks, before it waits.
macro_rules! dom0_scmi_scan {
    () => {
        r#"if [ -d /proc/device-tree/firmware/scmi ]; then
    echo "INIT: dom0 dt has /firmware/scmi"
else
    echo "INIT: dom0 dt lacks /firmware/scmi"
fi
for f in $(find /sys/firmware/devicetree/base -name compatible); do
    if grep -q "arm,scmi" "$f"; then
        echo "INIT: dom0 dt has an SCMI node: ${f%/compatible}"
    fi
    # Proof that the scan reads the tree at all: the GIC is always there.
    if grep -q "arm,gic-v3" "$f"; then
        echo "INIT: dom0 dt scan saw the GIC"
    fi
done
echo "INIT: dom0 dt scan done"
if dmesg | grep -q "arm-scmi"; then
    echo "INIT: dom0 kernel probed SCMI"
fi
"#
    };
}

/// dom0's view when another domain owns SCMI: its device tree must have
/// neither the SCMI node nor a shared-memory node, and its kernel must not
/// have probed SCMI. Then it waits for the harness to say that the driver
/// domains are done (the line "all-done" on the console), so the firmware's
/// counters are printed only after their calls.
pub const DOM0_WITHOUT_SCMI: &str = concat!(dom0_scmi_scan!(), wait_for_all_done!());

/// Where a board's channel went in this Linux: every line of
/// /proc/iomem, and what the kernel said about memory blocks it ignored
/// and about SRAM (the SRAM driver's blocks and pool chunks, which
/// `sram.dyndbg=+p` on the command line makes it log).
macro_rules! memory_report {
    () => {
        r#"
echo "INIT: iomem begin"
sed 's/^/INIT: iomem /' /proc/iomem
echo "INIT: iomem end"
echo "INIT: sram begin"
dmesg | grep -i -e sram -e "memory block" | sed 's/^/INIT: sram /'
echo "INIT: sram end""#
    };
}

/// dom0 of a board scenario in passthrough: [`DOM0_WITHOUT_SCMI`]'s
/// checks, then where the channel's range went ([`memory_report!`]), then
/// it waits for the driver domain.
pub const BOARD_DOM0_WITHOUT_SCMI: &str = concat!(
    dom0_scmi_scan!(),
    memory_report!(),
    "\n",
    wait_for_all_done!()
);

/// dom0 of a board scenario owning SCMI: [`SCMI_REPORT`] and where the
/// channel's range went.
pub const BOARD_DOM0_WITH_SCMI: &str = concat!(scmi_report!(), memory_report!());

/// A hardware domain with an SCMI agent of its own: what its SCMI looks
/// like ([`SCMI_REPORT`]), then it waits, as [`DOM0_WITHOUT_SCMI`] does,
/// for the other domains to be done.
pub const DOM0_WITH_AGENT: &str = concat!(scmi_report!(), "\n", wait_for_all_done!());
