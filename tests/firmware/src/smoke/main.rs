//! The smoke payload: a tiny EL2 image the firmware enters instead of Xen.
//! It checks SMCCC, PSCI (CPU_ON/CPU_OFF with a second CPU when there is
//! one), two SCMI round trips through the privileged agent's channel and
//! a second agent's permissions through its own channel, prints one
//! `SMOKE: PASS`/`SMOKE: FAIL` line per check, and ends QEMU with
//! SYSTEM_OFF (all passed) or SYSTEM_RESET (something failed).
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(all(target_arch = "aarch64", target_os = "none"))]
mod payload;

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("smoke-payload runs on aarch64-unknown-none only");
}
