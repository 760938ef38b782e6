//! The hardware domain's device tree when another domain owns SCMI.
//!
//! Xen builds the hardware domain's DT from the host DT, asking the
//! mediator about every node. When the hardware domain is not the SCMI
//! owner it must not see the SCMI nodes (its kernel would probe SCMI and be
//! refused), but its toolstack still has to map the shared memory channels
//! into the owner (`iomem=` in xl.cfg), and Xen only lets a domain hand out
//! I/O memory it may access itself. Hence: skip the nodes, grant access to
//! every channel they reference. This answers the RFC review's question
//! about the condition: the grant is for the *non*-owner case; an owning
//! hardware domain keeps the nodes and Xen maps their memory as for any
//! other device.
//!
//! Unlike the first C version, the SCMI node is found by compatible, not by
//! the path /firmware/scmi, and every shmem phandle is followed, including
//! those of protocol sub-nodes (which may have channels of their own).
//!
//! Only what the mediator handles is touched: an "arm,scmi-smc" node whose
//! "status" says it is disabled is an ordinary node (Xen does not probe it
//! either), and an "arm,scmi-shmem" node is left out only when a handled
//! SCMI node refers to it, so the channels of another SCMI transport
//! (mailbox, OP-TEE) stay with the nodes that use them. A channel must lie
//! inside the windows of the buses above it (see [`channel_region`]).

mod dom0;
mod problem;
mod reg;
mod shmem;

use core::ffi::CStr;

pub use dom0::{dom0_node_action, dom0_node_action_multi_agent, Dom0DtSink, NodeAction};
pub use problem::DtProblem;
pub(crate) use reg::one_cell;
pub use reg::{channel_region, take_cells};
pub use shmem::{
    for_each_shmem_region, is_handled_channel, is_handled_scmi_node, ShmemRegion, ShmemVisit,
    MAX_SCMI_CHILDREN, PAGE_SHIFT,
};

/// Compatible of the SCMI-over-SMC firmware node.
pub static SCMI_SMC_COMPATIBLE: &CStr = names::cstr(&names::SCMI_SMC);
/// Compatible of an SCMI shared memory channel.
pub static SCMI_SHMEM_COMPATIBLE: &CStr = names::cstr(&names::SCMI_SHMEM);
/// Name of the property listing shared memory phandles.
pub static SHMEM_PROPERTY: &CStr = names::cstr(&names::SHMEM);
/// Compatible of the node that describes the domain agents
/// (`docs/multi-agent.md`).
pub static AGENTS_COMPATIBLE: &CStr = names::cstr(&names::AGENTS);

/// The names the walk looks up, as statics rather than literals: the
/// compiler pools literals in an anonymous section the kbuild rule cannot
/// tell from resident data, but it sends these (`.rodata` of
/// `scmi_smc::dt`) to `.init.rodata` with the boot code that reads them.
/// The `&CStr` statics over them are folded away by the optimiser. Code
/// that runs after boot must not use them (nor the three public ones
/// above): in Xen they are freed with the rest of `.init`.
pub(crate) mod names {
    use core::ffi::CStr;

    pub(super) static SCMI_SMC: [u8; 13] = *b"arm,scmi-smc\0";
    pub(super) static SCMI_SHMEM: [u8; 15] = *b"arm,scmi-shmem\0";
    pub(super) static SHMEM: [u8; 6] = *b"shmem\0";
    pub(super) static AGENTS: [u8; 20] = *b"xen,scmi-smc-agents\0";
    static STATUS: [u8; 7] = *b"status\0";
    static REG: [u8; 4] = *b"reg\0";

    pub(crate) static STATUS_PROPERTY: &CStr = cstr(&STATUS);
    pub(crate) static REG_PROPERTY: &CStr = cstr(&REG);

    /// A name as a `CStr`. Only ever evaluated by the compiler (for a
    /// `static`), where a missing or early NUL is a build error.
    #[allow(clippy::panic)]
    pub(super) const fn cstr(bytes: &'static [u8]) -> &'static CStr {
        match CStr::from_bytes_with_nul(bytes) {
            Ok(name) => name,
            Err(_) => panic!("a name is NUL-terminated, with no other NUL"),
        }
    }
}

/// Read access to a device tree, implemented by the FFI over Xen's
/// unflattened tree (`struct dt_device_node`) and by the test support's
/// reader of flattened blobs (`tests/fdt-reader`: tests, fuzzing).
pub trait DeviceTree {
    /// A handle to one node; equal handles name the same node.
    type Node: Copy + PartialEq;

    /// Whether the node's "compatible" list contains `compat`, compared
    /// without regard to ASCII case (Xen's `dt_device_is_compatible()`).
    fn is_compatible(&self, node: Self::Node, compat: &CStr) -> bool;

    /// Whether the node is enabled: no "status", or "okay" or "ok" (Xen's
    /// `dt_device_is_available()`, which this default follows).
    fn is_available(&self, node: Self::Node) -> bool {
        status_is_okay(self.property(node, names::STATUS_PROPERTY))
    }

    /// The raw value of a property, if the node has it.
    fn property(&self, node: Self::Node, name: &CStr) -> Option<&[u8]>;

    /// The node whose "phandle" (or "linux,phandle") is `phandle`.
    ///
    /// Never called with 0 or 0xffffffff, which are not valid phandles; an
    /// implementation over Xen's tree, where nodes without a phandle have
    /// phandle 0, relies on that.
    fn node_by_phandle(&self, phandle: u32) -> Option<Self::Node>;

    /// The first node after `after` (from the start of the tree for
    /// `None`), in document order, compatible with `compat` (Xen's
    /// `dt_find_compatible_node(after, NULL, compat)`).
    fn next_compatible(&self, after: Option<Self::Node>, compat: &CStr) -> Option<Self::Node>;

    /// The node's parent; `None` for the root.
    fn parent(&self, node: Self::Node) -> Option<Self::Node>;

    /// The node's first child.
    fn first_child(&self, node: Self::Node) -> Option<Self::Node>;

    /// The node's next sibling.
    fn next_sibling(&self, node: Self::Node) -> Option<Self::Node>;

    /// How many cells an address and a size take in `node`'s "reg": the
    /// `#address-cells` and `#size-cells` of its bus, or the nearest
    /// ancestor that has them (2 and 1 if none does), as Xen's
    /// `dt_n_addr_cells()` and `dt_n_size_cells()` read them.
    fn reg_cells(&self, node: Self::Node) -> (u32, u32);

    /// The CPU physical address of the bus address `addr` of `node`:
    /// translated through the "ranges" of every bus between `node` and the
    /// root, as Xen's `dt_translate_address()` does. `addr` is in the form
    /// of `node`'s "reg": big-endian cells, as many as the bus uses (the
    /// rest are 0). `None` when some bus does not map it.
    fn translate(&self, node: Self::Node, addr: &[u32; 4]) -> Option<u64>;
}

/// Whether a "status" value means enabled, as Xen's
/// `dt_device_is_available()` decides: absent, or "okay" or "ok" up to the
/// first NUL.
pub fn status_is_okay(status: Option<&[u8]>) -> bool {
    let Some(value) = status else {
        return true;
    };
    let text = value.split(|byte| *byte == 0).next().unwrap_or(value);
    !value.is_empty() && (text == b"okay" || text == b"ok")
}
