//! The PMU cycle counter, counting only while EL3 runs, to measure what
//! the firmware itself spends on each SCMI message (`cargo xtask bench`).
//!
//! Why this counter: QEMU runs PMCCNTR_EL0 at 1 GHz of virtual time, so
//! under `-icount shift=0` one cycle is exactly one instruction, where the
//! generic counter (62.5 MHz here) would only resolve 16.

use super::sysreg;

/// PMCR_EL0.E: counters enabled (the cycle counter also needs PMCNTENSET).
const PMCR_E: u64 = 1 << 0;
/// PMCR_EL0.LC: the cycle counter wraps at 64 bits rather than 32.
const PMCR_LC: u64 = 1 << 6;
/// PMCNTENSET_EL0.C: the cycle counter.
const PMCNTEN_C: u64 = 1 << 31;
/// PMCCFILTR_EL0: NSK and NSU differing from P and U (both 0) stop
/// counting at non-secure EL1 and EL0, NSH clear stops it at EL2, and M
/// equal to P keeps it counting at EL3 (there is no secure EL1/EL0). The
/// normal world's instructions are thus never in a firmware figure. (P/U
/// set with M set would say the same, but QEMU ignores writes to M.)
const PMCCFILTR_EL3_ONLY: u64 = (1 << 29) | (1 << 28);

/// Starts this CPU's cycle counter (each CPU has its own).
pub fn init_this_cpu() {
    sysreg::write!("pmccfiltr_el0", PMCCFILTR_EL3_ONLY);
    sysreg::write!("pmcntenset_el0", PMCNTEN_C);
    let pmcr = sysreg::read!("pmcr_el0");
    sysreg::write!("pmcr_el0", pmcr | PMCR_E | PMCR_LC);
}

/// The cycle count now, after the instructions before it completed.
pub fn now() -> u64 {
    let cycles: u64;
    // SAFETY: ISB and a read of PMCCNTR_EL0, which EL3 may always access;
    // neither touches memory.
    unsafe {
        core::arch::asm!(
            "isb",
            "mrs {}, pmccntr_el0",
            out(reg) cycles,
            options(nomem, nostack, preserves_flags),
        );
    }
    cycles
}
