#!/bin/sh
# Checks patches/xen-upstream against a stand-in for Xen 4.21's layout,
# since no 4.21 tree can be fetched here: Debian's 4.17 with the SCI layer
# of patches/xen-4.17 (0001, 0002: the same interface as 4.21), whose
# firmware/Kconfig and firmware/Makefile are then rewritten in 4.21's shape
# (the "ARM SCI driver type" choice with ARM_SCI_NONE and the C SCMI_SMC).
# It proves the patch applies to that shape, that the choice selects the
# Rust mediator and leaves the C one out, and that Xen builds and links
# it. It does not prove anything about 4.21's own headers.
#
# usage: patches/xen-upstream/check-shape.sh XEN_417_SOURCE_DIR
set -eu
base=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
tree=$root/build/upstream-shape
rm -rf "$tree"
cp -a "$base" "$tree"
cd "$tree"
for p in "$root"/patches/xen-4.17/0001-*.patch "$root"/patches/xen-4.17/0002-*.patch; do
    patch -p1 -s < "$p"
done
fw=xen/arch/arm/firmware
cat > $fw/Kconfig <<'KCONFIG'
config ARM_SCI
	bool
	depends on ARM
	help
	  Stand-in for Xen 4.21's generic SCI layer option
	  (built by check-shape.sh).
	  Only the layout of this file matters.

menu "Firmware Drivers"

choice
	prompt "ARM SCI driver type"
	default SCMI_SMC
	help
	Stand-in for the choice of SCI mediator.

config ARM_SCI_NONE
	bool "none"

config SCMI_SMC
	bool "Forward SCMI over SMC calls from hwdom to EL3 firmware"
	select ARM_SCI
	help
	  Stand-in for the C mediator; its source is not in this tree.

endchoice

endmenu
KCONFIG
printf 'obj-$(CONFIG_ARM_SCI) += sci.o\nobj-$(CONFIG_SCMI_SMC) += scmi-smc.o\n' > $fw/Makefile
for p in $(cat "$root"/patches/xen-upstream/series); do
    patch -p1 -s < "$root"/patches/xen-upstream/$p
done
ln -s "$root" $fw/scmi-smc-rs
cd xen
make="make XEN_TARGET_ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-"
$make -s defconfig
echo CONFIG_SCMI_SMC_RS=y >> .config
$make -s olddefconfig
grep -qx 'CONFIG_SCMI_SMC_RS=y' .config
grep -qx 'CONFIG_ARM_SCI=y' .config
! grep -q '^CONFIG_SCMI_SMC=y' .config
$make -s -j"$(nproc)" SCMI_RS_TARGET_DIR="$root/build/upstream-shape-target"
aarch64-linux-gnu-nm xen-syms | grep -q ' scmi_smc_rs_device$'
test ! -e arch/arm/firmware/scmi-smc.o
echo "check-shape: the Rust mediator is chosen, built and linked; the C one is not built"
