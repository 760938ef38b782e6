//! Xen's unflattened host device tree seen through the policy crate's
//! `DeviceTree` trait, and the `dom0_dt_handle_node` callback.

use crate::log;
use crate::state::OWNER;
use crate::xen::Domain;
use core::ffi::CStr;
use core::ptr::NonNull;
use scmi_smc::dt::{dom0_node_action, DeviceTree, Dom0DtSink, DtProblem};
use scmi_smc::log::{self as lines, Dt, Grant, LogFormat};
use xen_bindings::{
    domain, dt_device_is_available, dt_device_is_compatible, dt_device_node,
    dt_find_compatible_node, dt_find_node_by_phandle, dt_get_property, dt_n_addr_cells,
    dt_n_size_cells, dt_translate_address,
};

/// The host device tree. Xen unflattens it once at boot and never frees
/// or changes it, so node pointers and property data live for the whole
/// run of the hypervisor.
pub struct HostTree;

type Node = NonNull<dt_device_node>;

impl DeviceTree for HostTree {
    type Node = Node;

    fn is_compatible(&self, node: Node, compat: &CStr) -> bool {
        // SAFETY: `node` is a host-tree node (see `HostTree`); the string is
        // NUL-terminated and only read.
        unsafe { dt_device_is_compatible(node.as_ptr(), compat.as_ptr()) }
    }

    fn is_available(&self, node: Node) -> bool {
        // SAFETY: `node` is a host-tree node (see `HostTree`); Xen only
        // reads its "status".
        unsafe { dt_device_is_available(node.as_ptr()) }
    }

    /// Out of line: the walk looks up properties in several places, each
    /// a call rather than a copy of the length handling.
    #[inline(never)]
    fn property(&self, node: Node, name: &CStr) -> Option<&[u8]> {
        let mut len: u32 = 0;
        // SAFETY: as above; Xen returns the property's value and length,
        // which live as long as the tree.
        unsafe {
            let data = dt_get_property(node.as_ptr(), name.as_ptr(), &mut len);
            (!data.is_null()).then(|| core::slice::from_raw_parts(data.cast::<u8>(), len as usize))
        }
    }

    fn node_by_phandle(&self, phandle: u32) -> Option<Node> {
        // SAFETY: a lookup in the host tree; any value is accepted.
        NonNull::new(unsafe { dt_find_node_by_phandle(phandle) })
    }

    fn next_compatible(&self, after: Option<Node>, compat: &CStr) -> Option<Node> {
        let from = after.map_or(core::ptr::null_mut(), NonNull::as_ptr);
        // SAFETY: `from` is null (search from the start) or a host-tree
        // node; Xen walks its list of all nodes and only reads them. The
        // string is NUL-terminated; a null type matches any.
        NonNull::new(unsafe { dt_find_compatible_node(from, core::ptr::null(), compat.as_ptr()) })
    }

    fn parent(&self, node: Node) -> Option<Node> {
        // SAFETY: `node` points to a live host-tree node (see `HostTree`).
        NonNull::new(unsafe { node.as_ref() }.parent)
    }

    fn first_child(&self, node: Node) -> Option<Node> {
        // SAFETY: `node` points to a live host-tree node (see `HostTree`).
        NonNull::new(unsafe { node.as_ref() }.child)
    }

    fn next_sibling(&self, node: Node) -> Option<Node> {
        // SAFETY: as above.
        NonNull::new(unsafe { node.as_ref() }.sibling)
    }

    fn reg_cells(&self, node: Node) -> (u32, u32) {
        // SAFETY: as above; Xen only reads the node and its ancestors. A
        // negative count becomes one no reader accepts.
        unsafe {
            (
                dt_n_addr_cells(node.as_ptr()) as u32,
                dt_n_size_cells(node.as_ptr()) as u32,
            )
        }
    }

    fn translate(&self, node: Node, addr: &[u32; 4]) -> Option<u64> {
        let mut cpu = 0u64;
        // SAFETY: as above; Xen reads at most 4 cells of `addr` (its
        // largest address) and writes one local u64.
        let rc = unsafe { dt_translate_address(node.as_ptr(), addr.as_ptr(), &mut cpu) };
        (rc == 0).then_some(cpu)
    }
}

/// What names a node without a full name: a static of this module, which
/// the kbuild rule places in `.init.rodata` (a literal would be pooled with
/// resident strings).
static NO_NAME: [u8; 2] = *b"?\0";

pub(crate) fn full_name(node: Node) -> &'static CStr {
    // SAFETY: every host-tree node has a NUL-terminated full name that
    // lives as long as the tree.
    unsafe {
        let name = node.as_ref().full_name;
        CStr::from_ptr(if name.is_null() {
            NO_NAME.as_ptr().cast()
        } else {
            name
        })
    }
}

/// Prints a problem line about `node`: out of line, so that each place
/// that reports a problem only loads the line and its arguments.
#[inline(never)]
fn report(line: &LogFormat<Dt>, node: Node, a: u64, b: u64) {
    log::dt(line, full_name(node), a, b);
}

/// Carries out the policy's side effects for the hardware domain.
struct Dom0Sink<'a>(Domain<'a>);

impl Dom0DtSink<Node> for Dom0Sink<'_> {
    fn grant(&mut self, first_pfn: u64, last_pfn: u64) {
        let (line, err): (&LogFormat<Grant>, _) = match self.0.iomem_permit(first_pfn, last_pfn) {
            Ok(()) => (&lines::boot::GRANT_OK, 0),
            Err(err) => (&lines::boot::GRANT_FAILED, err),
        };
        log::grant(line, first_pfn, last_pfn, err);
    }

    /// Inlined where the policy reports, which knows the problem there:
    /// what is left is a call of [`report`] with constants.
    #[inline(always)]
    fn problem(&mut self, at: Node, problem: DtProblem) {
        let [a, b] = problem.log_args();
        report(problem.log_line(), at, a, b);
    }
}

/// Called for every host node while the hardware domain's DT is built:
/// true leaves the node out.
pub unsafe extern "C" fn dom0_dt_handle_node(d: *mut domain, node: *mut dt_device_node) -> bool {
    // SAFETY: Xen passes the hardware domain under construction.
    let Some(d) = (unsafe { Domain::from_raw(d) }) else {
        return false;
    };
    let Some(node) = NonNull::new(node) else {
        return false;
    };
    let sink = &mut Dom0Sink(d);
    #[cfg(feature = "multi-agent")]
    if crate::agents::is_on() {
        return scmi_smc::dt::dom0_node_action_multi_agent(&HostTree, node, sink).is_skip();
    }
    let owner = OWNER.is_owner(d.token());
    dom0_node_action(&HostTree, node, owner, sink).is_skip()
}
