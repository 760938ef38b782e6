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

/// dom0's view of SCMI: what the kernel logged, the protocol devices (one
/// per protocol driver bound, on Linux's `scmi_protocol` bus), the clocks
/// the SCMI clock driver registered, and whether the DT has the SCMI node.
pub const SCMI_REPORT: &str = r#"echo "INIT: dmesg-scmi begin"
dmesg | grep -i scmi
echo "INIT: dmesg-scmi end"
echo "INIT: scmi-devices begin"
ls /sys/bus/scmi_protocol/devices
echo "INIT: scmi-devices end"
echo "INIT: clk_summary begin"
cat /sys/kernel/debug/clk/clk_summary
echo "INIT: clk_summary end"
if [ -d /proc/device-tree/firmware/scmi ]; then
    echo "INIT: dt has /firmware/scmi"
else
    echo "INIT: dt lacks /firmware/scmi"
fi"#;
