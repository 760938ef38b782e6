//! The EL3 and EL2 system registers each CPU sets before entering the
//! normal world: what TF-A's context management would do for Xen/Linux.

use super::sysreg;
use scmi_el3_firmware::contract::CNTFRQ_HZ;

/// SCR_EL3: NS (lower ELs non-secure), bits 4/5 RES1, HCE (HVC enabled),
/// SIF (no secure fetch from non-secure memory), RW (EL2 is AArch64).
/// SMD stays clear so SMC works; IRQ/FIQ/EA clear so interrupts stay with
/// the normal world.
const SCR_EL3: u64 = (1 << 0) | (1 << 4) | (1 << 5) | (1 << 8) | (1 << 9) | (1 << 10);
/// SCTLR_EL3: the RES1 bits, I-cache and SP alignment check; MMU off.
const SCTLR_EL3: u64 = 0x30C5_0830 | (1 << 12) | (1 << 3);
/// SCTLR_EL2 as the normal world expects it at entry: RES1 bits only
/// (MMU and caches off, little endian).
const SCTLR_EL2: u64 = 0x30C5_0830;
/// CPTR_EL3: nothing trapped (FP/SIMD, trace, CPACR accesses).
const CPTR_EL3: u64 = 0;
/// CPTR_EL2: its RES1 bits, FP/SIMD not trapped.
const CPTR_EL2: u64 = 0x33ff;
/// MDCR_EL3: SDD (no secure debug exceptions), SPD32 = 0b10 (AArch32
/// secure self-hosted debug off); no trapping of lower-EL debug or PMU.
const MDCR_EL3: u64 = (1 << 16) | (0b10 << 14);
/// CNTHCTL_EL2: EL1 may use the physical counter and timer until the
/// hypervisor decides otherwise.
const CNTHCTL_EL2: u64 = 0b11;
/// ICC_SRE_EL3 / ICC_SRE_EL2: system-register GIC interface (SRE), IRQ and
/// FIQ bypass off (DFB, DIB), and lower ELs may enable it (Enable).
const ICC_SRE: u64 = 0b1111;

/// Sets this CPU's EL3 controls and the EL2 state its entry expects.
pub fn init_this_cpu() {
    sysreg::write!("sctlr_el3", SCTLR_EL3);
    sysreg::write!("cptr_el3", CPTR_EL3);
    sysreg::write!("mdcr_el3", MDCR_EL3);
    sysreg::write!("scr_el3", SCR_EL3);
    sysreg::write!("cntfrq_el0", CNTFRQ_HZ);
    sysreg::write!("cntvoff_el2", 0);
    sysreg::write!("cnthctl_el2", CNTHCTL_EL2);
    sysreg::write!("cptr_el2", CPTR_EL2);
    sysreg::write!("sctlr_el2", SCTLR_EL2);
    // ICC_SRE_EL3 and ICC_SRE_EL2 by encoding (older assemblers lack the
    // names); EL3's first, it gates EL2's.
    sysreg::write!("s3_6_c12_c12_5", ICC_SRE);
    sysreg::write!("s3_4_c12_c9_5", ICC_SRE);
}

/// SPSR for entering EL2h (EL2 with its own stack pointer) with D, A, I
/// and F masked, AArch64.
pub const SPSR_EL2H_MASKED: u64 = (0b1111 << 6) | 0b1001;

/// The SPSR to enter `el` (1 or 2, handler stack) with DAIF masked.
pub const fn spsr_for_el(el: u64) -> u64 {
    (0b1111 << 6) | (el << 2) | 1
}
