//! The checks, in order, on the boot CPU.

use super::entry::smoke_secondary_entry;
use super::secondary::{ARRIVALS, RELEASED, SEEN_CONTEXT};
use super::{agents, report, scmi, smc};
use core::sync::atomic::Ordering;
use scmi_el3_firmware::contract::{CNTFRQ_HZ, NS_DTB};
use scmi_el3_firmware::function_ids::*;

/// The hypervisor client id the smoke test claims to be.
const CLIENT: u16 = 3;
/// How long to wait for the other CPU, in counter ticks (2 s).
const WAIT_TICKS: u64 = 2 * CNTFRQ_HZ;

fn neg(code: i64) -> u64 {
    code as u64
}

fn counter() -> u64 {
    let ticks: u64;
    // SAFETY: reading the virtual counter has no side effects.
    unsafe {
        core::arch::asm!("isb", "mrs {}, cntpct_el0", out(reg) ticks, options(nomem, nostack))
    };
    ticks
}

/// Polls `done` for up to [`WAIT_TICKS`]; true if it became true.
fn wait_for(done: impl Fn() -> bool) -> bool {
    let start = counter();
    while counter().wrapping_sub(start) < WAIT_TICKS {
        if done() {
            return true;
        }
    }
    done()
}

#[no_mangle]
extern "C" fn smoke_main(dtb: u64) -> ! {
    report::line("SMOKE: payload running at EL2");
    let current_el: u64;
    // SAFETY: reading CurrentEL has no side effects.
    unsafe { core::arch::asm!("mrs {}, CurrentEL", out(reg) current_el, options(nomem, nostack)) };
    report::check("entered_at_el2", (current_el >> 2) & 3, 2);
    report::check("dtb_in_x0", dtb, NS_DTB);

    smccc_and_psci();
    scmi_round_trips();
    agents::run();
    cpu_on_off();

    if report::failures() == 0 {
        report::line("SMOKE: all checks passed");
        smc::system_off()
    } else {
        report::line("SMOKE: some checks failed");
        smc::system_reset()
    }
}

fn smccc_and_psci() {
    report::check(
        "smccc_version",
        smc::call0(SMCCC_VERSION, 0, 0, 0),
        SMCCC_VERSION_1_1,
    );
    report::check(
        "psci_features_smccc_version",
        smc::call0(PSCI_FEATURES, u64::from(SMCCC_VERSION), 0, 0),
        0,
    );
    report::check(
        "arch_features_workaround_1",
        smc::call0(
            SMCCC_ARCH_FEATURES,
            u64::from(SMCCC_ARCH_WORKAROUND_1),
            0,
            0,
        ),
        neg(SMCCC_NOT_SUPPORTED),
    );
    report::check(
        "psci_version",
        smc::call0(PSCI_VERSION, 0, 0, 0),
        PSCI_VERSION_1_1,
    );
    report::check(
        "migrate_info_type",
        smc::call0(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0),
        MIGRATE_NOT_NEEDED as u64,
    );
    report::check(
        "unknown_smc32",
        smc::call0(0x8200_0042, 0, 0, 0),
        neg(SMCCC_NOT_SUPPORTED),
    );
    report::check(
        "unknown_smc64",
        smc::call0(0xC300_1234, 0, 0, 0),
        neg(SMCCC_NOT_SUPPORTED),
    );
    report::check(
        "smc_preserves_x4_x17",
        smc::clobbered_x4_to_x17(PSCI_VERSION),
        0,
    );
}

fn scmi_round_trips() {
    let version = scmi::send(0x10, 0x0, 0x11, CLIENT);
    report::check("scmi_smc_x0", version.x0, 0);
    report::check("scmi_channel_free", u64::from(version.channel_status), 1);
    report::check("scmi_base_version_length", u64::from(version.length), 12);
    report::check("scmi_base_version_status", u64::from(version.payload[0]), 0);
    report::check("scmi_base_version", u64::from(version.payload[1]), 0x2_0000);
    report::check(
        "scmi_header_kept",
        u64::from(version.header),
        (0x10 << 10) | (0x11 << 18),
    );

    let vendor = scmi::send(0x10, 0x3, 0x12, CLIENT);
    report::check("scmi_vendor_length", u64::from(vendor.length), 24);
    report::check("scmi_vendor_status", u64::from(vendor.payload[0]), 0);
    let mut name = [0u8; 16];
    for (chunk, word) in name.chunks_mut(4).zip(&vendor.payload[1..5]) {
        chunk.copy_from_slice(&word.to_le_bytes());
    }
    let want = b"XenRustEL3\0\0\0\0\0\0";
    report::check("scmi_vendor_is_XenRustEL3", u64::from(name == *want), 1);
}

fn cpu_on_off() {
    let cpu1 = 1u64;
    if smc::call0(PSCI_AFFINITY_INFO_64, cpu1, 0, 0) == neg(PSCI_INVALID_PARAMETERS) {
        report::line("SMOKE: SKIP cpu_on (QEMU has one CPU)");
        return;
    }
    report::check(
        "cpu1_starts_off",
        smc::call0(PSCI_AFFINITY_INFO_64, cpu1, 0, 0),
        AFFINITY_OFF as u64,
    );
    let entry = smoke_secondary_entry as *const () as u64;
    for (arrival, context) in [(1u32, 0x5ec0_0001u64), (2, 0x5ec0_0002)] {
        report::check(
            "cpu_on",
            smc::call0(PSCI_CPU_ON_64, cpu1, entry, context),
            0,
        );
        let arrived = wait_for(|| ARRIVALS.load(Ordering::Acquire) >= arrival);
        report::check("cpu_on_arrived", u64::from(arrived), 1);
        report::check(
            "cpu_on_context_in_x0",
            SEEN_CONTEXT.load(Ordering::Acquire),
            context,
        );
        report::check(
            "affinity_info_on",
            smc::call0(PSCI_AFFINITY_INFO_64, cpu1, 0, 0),
            AFFINITY_ON as u64,
        );
        report::check(
            "cpu_on_already_on",
            smc::call0(PSCI_CPU_ON_64, cpu1, entry, context),
            neg(PSCI_ALREADY_ON),
        );
        RELEASED.store(arrival, Ordering::Release);
        let off = wait_for(|| smc::call0(PSCI_AFFINITY_INFO_64, cpu1, 0, 0) == AFFINITY_OFF as u64);
        report::check("cpu_off", u64::from(off), 1);
    }
    report::check(
        "cpu_on_absent_cpu",
        smc::call0(PSCI_CPU_ON_64, 7, entry, 0),
        neg(PSCI_INVALID_PARAMETERS),
    );
    report::check(
        "cpu_on_misaligned_entry",
        smc::call0(PSCI_CPU_ON_64, cpu1, entry + 2, 0),
        neg(PSCI_INVALID_ADDRESS),
    );
}
