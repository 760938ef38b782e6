//! Xen's unflattened host device tree seen through the policy crate's
//! `DeviceTree` trait.

use core::cell::UnsafeCell;
use core::ffi::CStr;
use scmi_smc::dt::DeviceTree;
use xen_bindings::{
    dt_device_is_available, dt_device_is_compatible, dt_device_node, dt_find_compatible_node,
    dt_find_node_by_phandle, dt_get_property, dt_n_addr_cells, dt_n_size_cells,
    dt_translate_address,
};

/// One node of Xen's host device tree.
///
/// Safe code only ever holds a `&'static DtNode`, and the only way to get
/// one is [`DtNode::from_raw`] (or a walk from such a node), so every
/// `DtNode` the mediator sees is a real host-tree node.
///
/// # Invariants
/// `self` is a `struct dt_device_node` of the host tree, which Xen
/// unflattens once at boot and never frees. Xen may still write some of
/// its fields (which domain uses the device, for one), hence the
/// `UnsafeCell`; the ones read here (the links to parent, child and
/// sibling, the full name, the properties) never change after boot.
#[repr(transparent)]
pub struct DtNode(UnsafeCell<dt_device_node>);

impl DtNode {
    /// The node behind a pointer Xen handed over.
    ///
    /// # Safety
    /// `ptr` must be null or point to a node of Xen's host device tree.
    pub unsafe fn from_raw(ptr: *mut dt_device_node) -> Option<&'static DtNode> {
        // SAFETY: a host-tree node lives for the rest of Xen's run (the
        // caller's guarantee), and `DtNode` is a transparent wrapper of it.
        unsafe { ptr.cast::<DtNode>().as_ref() }
    }

    /// The pointer Xen's device-tree functions take.
    pub fn as_ptr(&self) -> *mut dt_device_node {
        self.0.get()
    }

    /// The node's full path, which Xen builds when it unflattens the tree.
    pub fn full_name(&self) -> &'static CStr {
        // SAFETY: by the invariants the node is a live host-tree node
        // whose `full_name` is set once and never changes; only the field
        // is read.
        let name = unsafe { (*self.as_ptr()).full_name };
        if name.is_null() {
            return c"?";
        }
        // SAFETY: a non-null full name is a NUL-terminated string that
        // lives as long as the tree.
        unsafe { CStr::from_ptr(name) }
    }

    /// The parent node; `None` for the root.
    pub fn parent(&self) -> Option<&'static DtNode> {
        // SAFETY: by the invariants the node is live and its links are
        // never written after boot; only the field is read, and it is null
        // or another host-tree node. The same holds for the two below.
        unsafe { DtNode::from_raw((*self.as_ptr()).parent) }
    }

    /// The first child node.
    pub fn first_child(&self) -> Option<&'static DtNode> {
        // SAFETY: as for `parent`.
        unsafe { DtNode::from_raw((*self.as_ptr()).child) }
    }

    /// The next sibling node.
    pub fn next_sibling(&self) -> Option<&'static DtNode> {
        // SAFETY: as for `parent`.
        unsafe { DtNode::from_raw((*self.as_ptr()).sibling) }
    }
}

/// Two handles are equal when they name the same node.
impl PartialEq for DtNode {
    fn eq(&self, other: &Self) -> bool {
        core::ptr::eq(self, other)
    }
}

/// The host device tree. Every node it hands out is a [`DtNode`], and
/// Xen's lookups only read the tree, so all its methods are safe.
pub struct HostTree;

impl DeviceTree for HostTree {
    type Node = &'static DtNode;

    fn is_compatible(&self, node: Self::Node, compat: &CStr) -> bool {
        // SAFETY: `node` is a host-tree node (`DtNode`'s invariants); the
        // string is NUL-terminated and only read.
        unsafe { dt_device_is_compatible(node.as_ptr(), compat.as_ptr()) }
    }

    fn is_available(&self, node: Self::Node) -> bool {
        // SAFETY: as above; Xen only reads its "status".
        unsafe { dt_device_is_available(node.as_ptr()) }
    }

    /// Out of line: the walk looks up properties in several places, each
    /// a call rather than a copy of the length handling.
    #[inline(never)]
    fn property(&self, node: Self::Node, name: &CStr) -> Option<&[u8]> {
        let mut len: u32 = 0;
        // SAFETY: as above; Xen returns the property's value and length,
        // which live as long as the tree.
        unsafe {
            let data = dt_get_property(node.as_ptr(), name.as_ptr(), &mut len);
            (!data.is_null()).then(|| core::slice::from_raw_parts(data.cast::<u8>(), len as usize))
        }
    }

    fn node_by_phandle(&self, phandle: u32) -> Option<Self::Node> {
        // SAFETY: a lookup in the host tree, which returns null or one of
        // its nodes; any value is accepted.
        unsafe { DtNode::from_raw(dt_find_node_by_phandle(phandle)) }
    }

    fn next_compatible(&self, after: Option<Self::Node>, compat: &CStr) -> Option<Self::Node> {
        let from = after.map_or(core::ptr::null_mut(), DtNode::as_ptr);
        // SAFETY: `from` is null (search from the start) or a host-tree
        // node; Xen walks its list of all nodes, only reads them and
        // returns null or one of them. A null type matches any.
        unsafe {
            DtNode::from_raw(dt_find_compatible_node(
                from,
                core::ptr::null(),
                compat.as_ptr(),
            ))
        }
    }

    fn parent(&self, node: Self::Node) -> Option<Self::Node> {
        node.parent()
    }

    fn first_child(&self, node: Self::Node) -> Option<Self::Node> {
        node.first_child()
    }

    fn next_sibling(&self, node: Self::Node) -> Option<Self::Node> {
        node.next_sibling()
    }

    fn reg_cells(&self, node: Self::Node) -> (u32, u32) {
        // SAFETY: `node` is a host-tree node; Xen only reads it and its
        // ancestors. A negative count becomes one no reader accepts.
        unsafe {
            (
                dt_n_addr_cells(node.as_ptr()) as u32,
                dt_n_size_cells(node.as_ptr()) as u32,
            )
        }
    }

    fn translate(&self, node: Self::Node, addr: &[u32; 4]) -> Option<u64> {
        let mut cpu = 0u64;
        // SAFETY: as above; Xen reads at most 4 cells of `addr` (its
        // largest address) and writes one local u64.
        let rc = unsafe { dt_translate_address(node.as_ptr(), addr.as_ptr(), &mut cpu) };
        (rc == 0).then_some(cpu)
    }
}
