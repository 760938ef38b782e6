//! Routing of an SMC by function id: SMCCC architecture calls, PSCI, the
//! SCMI SiP calls (one per channel); anything else is NOT_SUPPORTED.
//! Results go to x0; every other register comes back as the caller left
//! it.

use super::exception::Regs;
use super::{cycles, psci, scmi};
use scmi_el3_firmware::function_ids::*;
use scmi_el3_firmware::scmi_channels::ScmiChannel;

/// Serves the SMC whose registers are `regs`.
pub fn handle(regs: &mut Regs) {
    // Read before the dispatch, so an SCMI message's cost includes it.
    let started = cycles::now();
    // SMC32 ids are compared on w0; SMC32 arguments are w registers.
    let function = regs.x[0] as u32;
    let w = |n: usize| regs.x.get(n).map_or(0, |x| u64::from(*x as u32));
    let x = |n: usize| regs.x.get(n).copied().unwrap_or(0);
    let result: i64 = match function {
        SMCCC_VERSION => SMCCC_VERSION_1_1 as i64,
        SMCCC_ARCH_FEATURES => arch_features(w(1) as u32),
        PSCI_VERSION => PSCI_VERSION_1_1 as i64,
        PSCI_FEATURES => psci::features(w(1) as u32),
        PSCI_CPU_ON_64 => psci::cpu_on(x(1), x(2), x(3)),
        PSCI_CPU_ON_32 => psci::cpu_on(w(1), w(2), w(3)),
        PSCI_CPU_OFF => psci::cpu_off(),
        PSCI_AFFINITY_INFO_64 => psci::affinity_info(x(1), x(2)),
        PSCI_AFFINITY_INFO_32 => psci::affinity_info(w(1), w(2)),
        PSCI_CPU_SUSPEND_64 => psci::cpu_suspend(x(1)),
        PSCI_CPU_SUSPEND_32 => psci::cpu_suspend(w(1)),
        PSCI_MIGRATE_INFO_TYPE => MIGRATE_NOT_NEEDED,
        PSCI_SYSTEM_OFF => psci::system_stop(psci::EXIT_SYSTEM_OFF),
        PSCI_SYSTEM_RESET => psci::system_stop(psci::EXIT_SYSTEM_RESET),
        _ => match ScmiChannel::from_smc_id(function) {
            Some(channel) => {
                // w7[15:0]: the hypervisor's client id (the calling domain).
                scmi::call(channel, x(7) as u16, started);
                0
            }
            None => SMCCC_NOT_SUPPORTED,
        },
    };
    regs.x[0] = result as u64;
}

/// SMCCC_ARCH_FEATURES: the two discovery calls exist; no workaround or
/// SoC id call is implemented (QEMU's CPUs need none).
fn arch_features(function: u32) -> i64 {
    match function {
        SMCCC_VERSION | SMCCC_ARCH_FEATURES => 0,
        SMCCC_ARCH_SOC_ID
        | SMCCC_ARCH_WORKAROUND_1
        | SMCCC_ARCH_WORKAROUND_2
        | SMCCC_ARCH_WORKAROUND_3 => SMCCC_NOT_SUPPORTED,
        _ => SMCCC_NOT_SUPPORTED,
    }
}
