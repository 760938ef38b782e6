//! SMC function ids and return values the probe uses (SMCCC, DEN0028).

/// The SCMI SiP fast call (SMC32) of the project's platform, the DT's
/// "arm,smc-id".
pub const SCMI_SMC_ID: u32 = 0x8200_0002;

/// A SiP fast call nobody implements: Xen answers it itself, which makes
/// it the baseline cost of one trap into the hypervisor and back.
pub const NULL_SMC_ID: u32 = 0x8200_0003;

/// SMCCC_VERSION: Xen answers it from its own table, never forwarding.
pub const SMCCC_VERSION: u32 = 0x8000_0000;

/// NOT_SUPPORTED (-1) as the full 64-bit x0 an SMC returns.
pub const NOT_SUPPORTED: u64 = u64::MAX;
