//! The EL3 firmware for QEMU virt: boots the machine into EL2 the way
//! TF-A would, then answers SMCs: SMCCC, PSCI 1.1 and SCMI.
//!
//! Only meaningful for `aarch64-unknown-none*`; on any other target it
//! builds as an empty program so workspace-wide host builds still work.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(all(target_arch = "aarch64", target_os = "none"))]
mod el3;

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("scmi-el3-firmware runs on aarch64-unknown-none only");
}
