//! SMC function ids and return codes (SMCCC DEN0028, PSCI DEN0022) that
//! both the firmware and its smoke payload use.

/// SMCCC_VERSION.
pub const SMCCC_VERSION: u32 = 0x8000_0000;
/// SMCCC_ARCH_FEATURES.
pub const SMCCC_ARCH_FEATURES: u32 = 0x8000_0001;
/// SMCCC_ARCH_SOC_ID.
pub const SMCCC_ARCH_SOC_ID: u32 = 0x8000_0002;
/// SMCCC_ARCH_WORKAROUND_1 (Spectre v2).
pub const SMCCC_ARCH_WORKAROUND_1: u32 = 0x8000_8000;
/// SMCCC_ARCH_WORKAROUND_2 (speculative store bypass).
pub const SMCCC_ARCH_WORKAROUND_2: u32 = 0x8000_7fff;
/// SMCCC_ARCH_WORKAROUND_3 (Spectre-BHB).
pub const SMCCC_ARCH_WORKAROUND_3: u32 = 0x8000_3fff;
/// The SMCCC version this firmware implements: 1.1.
pub const SMCCC_VERSION_1_1: u64 = 0x1_0001;
/// SMCCC's NOT_SUPPORTED (also the answer to unknown function ids).
pub const SMCCC_NOT_SUPPORTED: i64 = -1;

/// PSCI_VERSION.
pub const PSCI_VERSION: u32 = 0x8400_0000;
/// CPU_SUSPEND, SMC32.
pub const PSCI_CPU_SUSPEND_32: u32 = 0x8400_0001;
/// CPU_SUSPEND, SMC64.
pub const PSCI_CPU_SUSPEND_64: u32 = 0xC400_0001;
/// CPU_OFF.
pub const PSCI_CPU_OFF: u32 = 0x8400_0002;
/// CPU_ON, SMC32.
pub const PSCI_CPU_ON_32: u32 = 0x8400_0003;
/// CPU_ON, SMC64.
pub const PSCI_CPU_ON_64: u32 = 0xC400_0003;
/// AFFINITY_INFO, SMC32.
pub const PSCI_AFFINITY_INFO_32: u32 = 0x8400_0004;
/// AFFINITY_INFO, SMC64.
pub const PSCI_AFFINITY_INFO_64: u32 = 0xC400_0004;
/// MIGRATE_INFO_TYPE.
pub const PSCI_MIGRATE_INFO_TYPE: u32 = 0x8400_0006;
/// SYSTEM_OFF.
pub const PSCI_SYSTEM_OFF: u32 = 0x8400_0008;
/// SYSTEM_RESET.
pub const PSCI_SYSTEM_RESET: u32 = 0x8400_0009;
/// PSCI_FEATURES.
pub const PSCI_FEATURES: u32 = 0x8400_000A;
/// The PSCI version this firmware implements: 1.1.
pub const PSCI_VERSION_1_1: u64 = 0x1_0001;

/// PSCI return code SUCCESS.
pub const PSCI_SUCCESS: i64 = 0;
/// PSCI return code NOT_SUPPORTED.
pub const PSCI_NOT_SUPPORTED: i64 = -1;
/// PSCI return code INVALID_PARAMETERS.
pub const PSCI_INVALID_PARAMETERS: i64 = -2;
/// PSCI return code ALREADY_ON.
pub const PSCI_ALREADY_ON: i64 = -4;
/// PSCI return code ON_PENDING.
pub const PSCI_ON_PENDING: i64 = -5;
/// PSCI return code INVALID_ADDRESS.
pub const PSCI_INVALID_ADDRESS: i64 = -9;

/// AFFINITY_INFO answer: the CPU is on.
pub const AFFINITY_ON: i64 = 0;
/// AFFINITY_INFO answer: the CPU is off.
pub const AFFINITY_OFF: i64 = 1;
/// AFFINITY_INFO answer: CPU_ON was accepted, the CPU is not up yet.
pub const AFFINITY_ON_PENDING: i64 = 2;

/// MIGRATE_INFO_TYPE answer: no Trusted OS, migration not needed.
pub const MIGRATE_NOT_NEEDED: i64 = 2;
