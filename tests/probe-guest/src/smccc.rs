//! SMC function ids and return values the probe uses (SMCCC, DEN0028).

/// The SCMI SiP fast call (SMC32) of the project's platform, the DT's
/// "arm,smc-id" (the privileged agent's).
pub const SCMI_SMC_ID: u32 = qemu_platform::SCMI_SMC_ID;

/// A SiP fast call nobody implements, whatever agents the hypervisor is
/// told of: Xen answers it itself, which makes it the baseline cost of one
/// trap into the hypervisor and back.
pub const NULL_SMC_ID: u32 = qemu_platform::UNIMPLEMENTED_SMC_ID;

/// SMCCC_VERSION: Xen answers it from its own table, never forwarding.
pub const SMCCC_VERSION: u32 = 0x8000_0000;

/// NOT_SUPPORTED (-1) as the full register an SMC returns: x0 of an
/// AArch64 guest, r0 (w0) of an AArch32 one.
pub const NOT_SUPPORTED: usize = usize::MAX;

/// Hex digits that show a whole register of the guest (16, or 8 on
/// AArch32).
pub const REGISTER_HEX_DIGITS: u32 = usize::BITS / 4;
