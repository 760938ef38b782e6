//! `cargo xtask xen`: the Xen tree, the patch series and the hypervisor build.

use anyhow::{bail, Result};

/// Entry point of `cargo xtask xen`.
pub fn command(_args: &[String]) -> Result<()> {
    bail!("not written yet")
}
