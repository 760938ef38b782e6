//! Builds the EL3 test firmware (owned by the QEMU platform work).

use anyhow::{bail, Result};
use std::path::PathBuf;

/// Builds the firmware and returns the path of the flat binary for `-bios`.
pub fn build() -> Result<PathBuf> {
    bail!("the EL3 firmware is not built yet")
}
