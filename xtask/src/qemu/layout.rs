//! The guest-physical memory layout shared with the EL3 firmware.
//!
//! The firmware enters Xen at `XEN_ENTRY` with x0 = `DTB_ADDR`; both, the
//! RAM and the SCMI channel come from the platform crate
//! (`tests/platform`), which the firmware reads too. Everything after that
//! (dom0's kernel and ramdisk, dom0less images and partial device trees)
//! is placed here by size, 2 MiB aligned.

use anyhow::{bail, Result};

pub use qemu_platform::{RAM_BASE, RAM_SIZE, SCMI_SHMEM_SIZE, SCMI_SMC_ID};

/// The memory size argument matching `RAM_SIZE`.
pub const RAM_ARG: &str = "2G";
const _: () = assert!(RAM_SIZE == 2 << 30, "RAM_ARG is RAM_SIZE");
/// QEMU writes its own DTB here (1 MiB) when booting firmware: keep clear.
pub const QEMU_DTB_END: u64 = RAM_BASE + 0x10_0000;
/// Where the firmware ERETs to, at EL2: Xen's image is loaded here.
pub const XEN_ENTRY: u64 = qemu_platform::NS_ENTRY;
/// The DTB handed to Xen in x0.
pub const DTB_ADDR: u64 = qemu_platform::NS_DTB;
/// Room reserved for our DTB.
pub const DTB_MAX: u64 = 0x10_0000;
/// First boot module.
pub const MODULES_BASE: u64 = 0x4500_0000;
/// The top of RAM belongs to the firmware and is not in the DT's /memory
/// node, so Xen never hands it to anyone.
pub const XEN_RAM_END: u64 = RAM_BASE + RAM_SIZE - qemu_platform::FIRMWARE_RAM_SIZE;
/// The privileged agent's SCMI shared-memory channel, inside the withheld
/// top of RAM.
pub const SCMI_SHMEM: u64 = qemu_platform::SCMI_SHMEM_BASE;

const ALIGN: u64 = 0x20_0000;

/// Where a scenario can move the privileged SCMI channel (one page inside
/// normal RAM, the seed's R-Car layout), and the end of that page.
const MOVED_SHMEM: u64 = qemu_platform::MOVED_SHMEM;
const MOVED_SHMEM_END: u64 = MOVED_SHMEM + SCMI_SHMEM_SIZE;

/// Hands out non-overlapping, 2 MiB aligned load addresses for modules.
pub struct Placer {
    next: u64,
}

impl Default for Placer {
    fn default() -> Self {
        Placer { next: MODULES_BASE }
    }
}

impl Placer {
    /// Reserves `size` bytes and returns their start address.
    pub fn place(&mut self, size: u64) -> Result<u64> {
        let mut addr = self.next;
        // The page a scenario may move the SCMI channel to stays clear of
        // every image, whatever the scenario.
        if addr < MOVED_SHMEM_END && MOVED_SHMEM < addr.saturating_add(size) {
            addr = MOVED_SHMEM_END.next_multiple_of(ALIGN);
        }
        let end = addr
            .checked_add(size)
            .and_then(|e| e.checked_next_multiple_of(ALIGN));
        match end {
            Some(end) if end <= XEN_RAM_END => {
                self.next = end;
                Ok(addr)
            }
            _ => bail!("boot module of {size:#x} bytes does not fit below {XEN_RAM_END:#x}"),
        }
    }
}

/// Checks that Xen's image stays clear of QEMU's DTB and of ours.
pub fn check_xen_size(size: u64) -> Result<()> {
    if XEN_ENTRY < QEMU_DTB_END || XEN_ENTRY + size > DTB_ADDR {
        bail!("Xen image of {size:#x} bytes overlaps the DTB at {DTB_ADDR:#x}");
    }
    Ok(())
}

/// Checks that our DTB fits below the first module.
pub fn check_dtb_size(size: u64) -> Result<()> {
    if size > DTB_MAX || DTB_ADDR + size > MODULES_BASE {
        bail!("DTB of {size:#x} bytes is larger than its {DTB_MAX:#x} slot");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_are_aligned_and_disjoint() {
        let mut p = Placer::default();
        let a = p.place(0x240_0001).unwrap();
        let b = p.place(10).unwrap();
        assert_eq!(a, MODULES_BASE);
        assert_eq!(b, MODULES_BASE + 0x260_0000);
        assert_eq!(b % ALIGN, 0);
    }

    #[test]
    fn no_module_covers_the_moved_channel() {
        let mut p = Placer::default();
        let below = p.place(MOVED_SHMEM - MODULES_BASE).unwrap();
        let over = p.place(0x1000).unwrap();
        assert_eq!(below, MODULES_BASE);
        assert_eq!(over, MOVED_SHMEM.next_multiple_of(ALIGN));
        let mut p = Placer::default();
        let big = p.place(0x400_0000).unwrap();
        assert!(big >= MOVED_SHMEM + SCMI_SHMEM_SIZE, "{big:#x}");
        assert!(p.place(RAM_SIZE).is_err());
    }
}
