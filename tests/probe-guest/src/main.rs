//! The probe guest: a bare-metal AArch64 image that Xen boots as dom0 or
//! as a dom0less domU, to show from inside a guest what the SCMI mediator
//! allows, refuses, and how long a round trip takes.
//!
//! It prints `PROBE: ...` lines through Xen's console hypercall, picks its
//! mode from /chosen/bootargs (see [`probe_guest::bootargs`]) and shuts
//! its domain down when done. It runs with the MMU off, so every data
//! access is to Device memory: accesses stay aligned (the target is
//! strict-align) and nothing uses exclusives.
//!
//! Only meaningful for `aarch64-unknown-none`, and `armv7a-none-eabi` for
//! the AArch32 variant; elsewhere it builds as an empty program so
//! workspace-wide host builds still work.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(all(any(target_arch = "aarch64", target_arch = "arm"), target_os = "none"))]
mod guest;

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("probe-guest runs on aarch64-unknown-none and armv7a-none-eabi only");
}
