//! Ending the QEMU run through Arm semihosting (`-semihosting-config
//! enable=on`): SYS_EXIT with an exit status, which QEMU passes on as its
//! own.

/// SYS_EXIT operation number.
const SYS_EXIT: u64 = 0x18;
/// ADP_Stopped_ApplicationExit: the reason that carries an exit status.
const ADP_STOPPED_APPLICATION_EXIT: u64 = 0x2_0026;

/// Stops QEMU with `status` as its exit status. If semihosting is off the
/// HLT instruction traps instead; the CPU then just stops here.
pub fn exit(status: u32) -> ! {
    // The AArch64 form takes a pointer to {reason, status}.
    let block: [u64; 2] = [ADP_STOPPED_APPLICATION_EXIT, u64::from(status)];
    // SAFETY: HLT #0xF000 is the semihosting call; QEMU only reads the two
    // words at x1, which live on this stack frame until the call returns
    // (it does not, when QEMU exits).
    unsafe {
        core::arch::asm!(
            "hlt #0xf000",
            inout("x0") SYS_EXIT => _,
            in("x1") block.as_ptr(),
            options(nostack, readonly)
        );
    }
    loop {
        core::hint::spin_loop();
    }
}
