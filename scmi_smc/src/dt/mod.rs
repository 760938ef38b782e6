//! The hardware domain's device tree when another domain owns SCMI.
//!
//! Xen builds the hardware domain's DT from the host DT, asking the
//! mediator about every node. When the hardware domain is not the SCMI
//! owner it must not see the SCMI nodes (its kernel would probe SCMI and be
//! refused), but its toolstack still has to map the shared memory channels
//! into the owner (`iomem=` in xl.cfg), and Xen only lets a domain hand out
//! I/O memory it may access itself. Hence: skip the nodes, grant access to
//! every channel they reference. The grant is for the *non*-owner case
//! only: an owning hardware domain keeps the nodes and Xen maps their
//! memory as for any other device.
//!
//! The SCMI node is found by compatible, at whatever path, and every shmem
//! phandle is followed, including those of protocol sub-nodes (which may
//! have channels of their own).
//!
//! Only what the mediator handles is touched: an "arm,scmi-smc" node whose
//! "status" says it is disabled is an ordinary node (Xen does not probe it
//! either), and an "arm,scmi-shmem" node is left out only when a handled
//! SCMI node refers to it, so the channels of another SCMI transport
//! (mailbox, OP-TEE) stay with the nodes that use them. A channel must lie
//! inside one window of each bus above it, with no sum on the way up
//! wrapping or cut short, and be no larger than [`MAX_CHANNEL_SIZE`] (see
//! `reg::channel_region`).

mod bus;
mod dom0;
mod problem;
mod reg;
mod share;
mod shmem;
mod uses;

use core::ffi::CStr;

pub use dom0::{
    dom0_node_action, dom0_node_action_multi_agent, Dom0DtSink, NodeAction, SharedPage,
};
pub use problem::DtProblem;
pub use reg::take_cells;
pub(crate) use reg::{channel_region, one_cell};
pub use share::MAX_TREE_NODES;
pub(crate) use shmem::is_handled_scmi_node;
pub use shmem::{
    check_mediated, for_each_shmem_region, ShmemRegion, ShmemVisit, MAX_CHANNEL_SIZE,
    MAX_SCMI_CHILDREN, PAGE_SHIFT,
};
pub use uses::{scmi_uses, ScmiUses};

/// Compatible of the SCMI-over-SMC firmware node.
pub static SCMI_SMC_COMPATIBLE: &CStr = names::cstr(&names::SCMI_SMC);
/// Compatible of an SCMI shared memory channel.
pub static SCMI_SHMEM_COMPATIBLE: &CStr = names::cstr(&names::SCMI_SHMEM);
/// Name of the property listing shared memory phandles.
pub static SHMEM_PROPERTY: &CStr = names::cstr(&names::SHMEM);

/// Deepest a node is searched for an ancestor: far more than any real
/// tree, and a bound on a walk over a malformed one.
pub const MAX_DEPTH: usize = 64;

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
    pub(crate) static SCI: [u8; 8] = *b"xen,sci\0";
    pub(crate) static SECONDARY_AGENTS: [u8; 22] = *b"scmi-secondary-agents\0";
    pub(crate) static SECONDARY_AGENTS_CELLS: [u8; 29] = *b"#scmi-secondary-agents-cells\0";
    pub(crate) static DOM0_AGENT_ID: [u8; 22] = *b"xen,dom0-sci-agent-id\0";
    static STATUS: [u8; 7] = *b"status\0";
    static REG: [u8; 4] = *b"reg\0";
    static RANGES: [u8; 7] = *b"ranges\0";
    static DEVICE_TYPE: [u8; 12] = *b"device_type\0";
    pub(super) static MEMORY: [u8; 7] = *b"memory\0";

    pub(crate) static STATUS_PROPERTY: &CStr = cstr(&STATUS);
    pub(crate) static REG_PROPERTY: &CStr = cstr(&REG);
    pub(crate) static RANGES_PROPERTY: &CStr = cstr(&RANGES);
    pub(crate) static DEVICE_TYPE_PROPERTY: &CStr = cstr(&DEVICE_TYPE);

    // The phandle lists a device names its clocks, power domains, resets
    // and sensors with, and the property of the provider that says how
    // many cells follow each phandle (`uses`).
    pub(super) static CLOCKS: [u8; 7] = *b"clocks\0";
    pub(super) static ASSIGNED_CLOCKS: [u8; 16] = *b"assigned-clocks\0";
    pub(super) static ASSIGNED_CLOCK_PARENTS: [u8; 23] = *b"assigned-clock-parents\0";
    pub(super) static POWER_DOMAINS: [u8; 14] = *b"power-domains\0";
    pub(super) static RESETS: [u8; 7] = *b"resets\0";
    pub(super) static PERFORMANCE_DOMAINS: [u8; 20] = *b"performance-domains\0";
    pub(super) static THERMAL_SENSORS: [u8; 16] = *b"thermal-sensors\0";
    pub(super) static CLOCK_CELLS: [u8; 13] = *b"#clock-cells\0";
    pub(super) static POWER_DOMAIN_CELLS: [u8; 20] = *b"#power-domain-cells\0";
    pub(super) static RESET_CELLS: [u8; 13] = *b"#reset-cells\0";
    pub(super) static PERFORMANCE_DOMAIN_CELLS: [u8; 26] = *b"#performance-domain-cells\0";
    pub(super) static THERMAL_SENSOR_CELLS: [u8; 22] = *b"#thermal-sensor-cells\0";

    /// A name as a `CStr`. Only ever evaluated by the compiler (for a
    /// `static`), where a missing or early NUL is a build error.
    #[allow(clippy::panic)]
    pub(crate) const fn cstr(bytes: &'static [u8]) -> &'static CStr {
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
fn status_is_okay(status: Option<&[u8]>) -> bool {
    let Some(value) = status else {
        return true;
    };
    let text = value.split(|byte| *byte == 0).next().unwrap_or(value);
    !value.is_empty() && (text == b"okay" || text == b"ok")
}
