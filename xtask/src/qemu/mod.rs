//! QEMU scenarios (owned by the QEMU platform work).

use anyhow::{bail, Result};

/// `cargo xtask qemu <scenario>`.
pub fn run(args: &[String]) -> Result<()> {
    bail!("no QEMU scenario exists yet (asked for {args:?})")
}
