//! Pieces shared by the EL3 firmware and its smoke payload: the boot
//! contract with the QEMU harness, SMCCC/PSCI/SCMI function ids, the SCMI
//! channels, and console output without `core::fmt`.
//!
//! The images themselves are the binaries `scmi-el3-firmware` (EL3) and
//! `smoke-payload` (EL2); they only build for `aarch64-unknown-none*`.
#![no_std]
#![warn(missing_docs)]

pub mod agent_lines;
pub mod client_counters;
pub mod console;
pub mod contract;
pub mod fault_config;
pub mod function_ids;
pub mod moved_channel;
pub mod scmi_channels;

#[cfg(all(target_arch = "aarch64", target_os = "none"))]
pub mod pl011;
#[cfg(all(target_arch = "aarch64", target_os = "none"))]
pub mod semihosting;
