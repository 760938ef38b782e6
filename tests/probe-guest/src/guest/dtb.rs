//! The guest device tree Xen hands over in x0, read with the workspace's
//! panic-free FDT reader.

use fdt_reader::Fdt;
use probe_guest::bootargs::{self, Mode};
use probe_guest::smccc::SCMI_SMC_ID;
use scmi_smc::dt::{DeviceTree, SCMI_SHMEM_COMPATIBLE, SCMI_SMC_COMPATIBLE};

/// FDT magic, big-endian in the blob.
const FDT_MAGIC: u32 = 0xd00d_feed;
/// Larger blobs are taken for garbage: Xen's guest DTBs are far smaller.
const MAX_DTB_SIZE: u32 = 2 << 20;

/// The guest's device tree.
pub struct GuestDt {
    fdt: Fdt<'static>,
}

impl GuestDt {
    /// The blob at `address`, if an FDT header is there.
    pub fn at(address: usize) -> Option<GuestDt> {
        // The boot protocol puts the DTB on an 8-byte boundary; checking
        // it also keeps the header reads below aligned.
        if address == 0 || address % 8 != 0 {
            return None;
        }
        let header = address as *const u32;
        // SAFETY: Xen passes the address of the DTB it placed in guest
        // RAM; the two aligned words read are its magic and totalsize.
        let (magic, size) = unsafe { (header.read_volatile(), header.add(1).read_volatile()) };
        let size = u32::from_be(size);
        if u32::from_be(magic) != FDT_MAGIC || size > MAX_DTB_SIZE {
            return None;
        }
        // SAFETY: the header says the blob spans `size` bytes of guest RAM
        // that Xen filled before starting us; nothing writes it while the
        // probe runs, and the reader bounds-checks every offset in it.
        let blob = unsafe { core::slice::from_raw_parts(address as *const u8, size as usize) };
        Fdt::new(blob).ok().map(|fdt| GuestDt { fdt })
    }

    /// The mode asked for by /chosen/bootargs.
    pub fn mode(&self) -> Option<Mode> {
        let root = self.fdt.root()?;
        let mut child = self.fdt.first_child(root);
        while let Some(node) = child {
            if self.fdt.name(node) == b"chosen" {
                return bootargs::mode(self.fdt.property(node, c"bootargs")?);
            }
            child = self.fdt.next_sibling(node);
        }
        None
    }

    /// The first "arm,scmi-shmem" region, as `(address, size)`, with the
    /// cells and bus translations the tree specifies.
    pub fn scmi_shmem(&self) -> Option<(u64, u64)> {
        let node = self
            .fdt
            .nodes()
            .find(|node| self.fdt.is_compatible(*node, SCMI_SHMEM_COMPATIBLE))?;
        self.fdt.reg(node)
    }

    /// The SCMI function id: the "arm,smc-id" of an "arm,scmi-smc" node if
    /// the tree has one (dom0 does, a dom0less domU may not), else the
    /// platform's.
    pub fn scmi_smc_id(&self) -> u32 {
        self.fdt
            .nodes()
            .find(|node| self.fdt.is_compatible(*node, SCMI_SMC_COMPATIBLE))
            .and_then(|node| self.fdt.property(node, c"arm,smc-id"))
            .and_then(|value| <[u8; 4]>::try_from(value).ok())
            .map_or(SCMI_SMC_ID, u32::from_be_bytes)
    }
}
