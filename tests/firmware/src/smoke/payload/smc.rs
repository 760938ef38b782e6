//! SMC calls from EL2 (SMCCC 1.1: arguments in x0..x7, results x0..x3).

use scmi_el3_firmware::function_ids::{PSCI_SYSTEM_OFF, PSCI_SYSTEM_RESET};

/// Calls `function` with x1..x7 = `args` and returns x0..x3.
pub fn call(function: u32, args: [u64; 7]) -> [u64; 4] {
    let (r0, r1, r2, r3);
    // SAFETY: an SMC to our own EL3 firmware; SMCCC 1.1 lets it change
    // x0..x3 only, which are declared as outputs.
    unsafe {
        core::arch::asm!(
            "smc #0",
            inout("x0") u64::from(function) => r0,
            inout("x1") args[0] => r1,
            inout("x2") args[1] => r2,
            inout("x3") args[2] => r3,
            in("x4") args[3],
            in("x5") args[4],
            in("x6") args[5],
            in("x7") args[6],
            options(nostack)
        );
    }
    [r0, r1, r2, r3]
}

/// Calls `function` with up to three arguments and returns x0.
pub fn call0(function: u32, a1: u64, a2: u64, a3: u64) -> u64 {
    call(function, [a1, a2, a3, 0, 0, 0, 0])[0]
}

/// Makes an SMC with recognisable values in x4..x17 and returns how many
/// of them came back changed (SMCCC 1.1 says none may).
pub fn clobbered_x4_to_x17(function: u32) -> u64 {
    let sent: [u64; 14] = core::array::from_fn(|i| 0x5a5a_0000_0000_0004 + i as u64);
    let mut got = sent;
    // SAFETY: as for `call`; x4..x17 are in-out so any change is seen.
    unsafe {
        core::arch::asm!(
            "smc #0",
            inout("x0") u64::from(function) => _,
            out("x1") _, out("x2") _, out("x3") _,
            inout("x4") got[0] => got[0],
            inout("x5") got[1] => got[1],
            inout("x6") got[2] => got[2],
            inout("x7") got[3] => got[3],
            inout("x8") got[4] => got[4],
            inout("x9") got[5] => got[5],
            inout("x10") got[6] => got[6],
            inout("x11") got[7] => got[7],
            inout("x12") got[8] => got[8],
            inout("x13") got[9] => got[9],
            inout("x14") got[10] => got[10],
            inout("x15") got[11] => got[11],
            inout("x16") got[12] => got[12],
            inout("x17") got[13] => got[13],
            options(nostack)
        );
    }
    sent.iter().zip(got.iter()).filter(|(s, g)| s != g).count() as u64
}

/// PSCI SYSTEM_OFF (QEMU exits 0).
pub fn system_off() -> ! {
    call0(PSCI_SYSTEM_OFF, 0, 0, 0);
    loop {
        core::hint::spin_loop();
    }
}

/// PSCI SYSTEM_RESET (QEMU exits 1).
pub fn system_reset() -> ! {
    call0(PSCI_SYSTEM_RESET, 0, 0, 0);
    loop {
        core::hint::spin_loop();
    }
}
