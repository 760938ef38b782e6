//! The device-tree driver entry: Xen matches it against the host tree at
//! boot (device class DEVICE_FIRMWARE) and calls `init` with the SCMI node.

use crate::boot_str::boot_cstr;
use crate::host_tree::{DtNode, HostTree};
use crate::state::PASSTHROUGH;
use crate::xen::Errno;
use crate::{ops, printk, xen};
use core::ffi::{c_int, c_void, CStr};
use core::ptr;
use core::sync::atomic::Ordering;
use scmi_smc::dt::{DeviceTree, SCMI_SMC_COMPATIBLE};
use scmi_smc::log as lines;
use xen_bindings::{device_class_DEVICE_FIRMWARE, device_desc, dt_device_match, dt_device_node};

/// A match table of one compatible string and its terminator, as Xen's
/// `DT_MATCH_COMPATIBLE()` list builds it.
///
/// # Invariants
/// The entries name only `'static` strings (or nothing) and are never
/// written: built by [`MatchTable::compatible`] alone.
#[repr(transparent)]
struct MatchTable([dt_device_match; 2]);

// SAFETY: by the invariants the table is read-only data whose pointers
// name `'static` strings, so any CPU may read it.
unsafe impl Sync for MatchTable {}

impl MatchTable {
    const fn compatible(name: &'static CStr) -> Self {
        const NONE: dt_device_match = dt_device_match {
            path: ptr::null(),
            type_: ptr::null(),
            compatible: ptr::null(),
            not_available: false,
            prop: ptr::null(),
            data: ptr::null(),
        };
        MatchTable([
            dt_device_match {
                compatible: name.as_ptr(),
                ..NONE
            },
            NONE,
        ])
    }
}

/// An entry of Xen's device table (`DT_DEVICE_START`).
///
/// # Invariants
/// Built by [`DeviceEntry::firmware`] alone from `'static` data, and never
/// written.
#[repr(transparent)]
pub struct DeviceEntry(device_desc);

// SAFETY: by the invariants the entry is read-only data whose pointers
// name `'static` data and a function, so any CPU may read it.
unsafe impl Sync for DeviceEntry {}

impl DeviceEntry {
    const fn firmware(
        name: &'static CStr,
        matches: &'static MatchTable,
        init: unsafe extern "C" fn(*mut dt_device_node, *const c_void) -> c_int,
    ) -> Self {
        DeviceEntry(device_desc {
            name: name.as_ptr(),
            class: device_class_DEVICE_FIRMWARE,
            dt_match: matches.0.as_ptr(),
            init: Some(init),
        })
    }
}

static MATCHES: MatchTable = MatchTable::compatible(SCMI_SMC_COMPATIBLE);

/// The property holding the function id.
static SMC_ID_PROPERTY: &CStr = boot_cstr!("arm,smc-id");

/// The entry of Xen's device table. Its symbol is what the build asks the
/// linker for, which pulls the whole mediator out of the static library.
#[used]
#[no_mangle]
#[link_section = ".dev.info"]
pub static scmi_smc_rs_device: DeviceEntry =
    DeviceEntry::firmware(c"SCMI SMC mediator (Rust)", &MATCHES, init);

/// Probes the "arm,scmi-smc" node and registers the mediator.
#[link_section = ".init.text"]
unsafe extern "C" fn init(node: *mut dt_device_node, _data: *const c_void) -> c_int {
    // SAFETY: Xen passes a node of its host device tree.
    let Some(node) = (unsafe { DtNode::from_raw(node) }) else {
        return Errno::ENODEV.to_errno();
    };
    if !ops::takes(node) {
        return Errno::ENODEV.to_errno();
    }
    let prop = HostTree.property(node, SMC_ID_PROPERTY);
    let id = match scmi_smc::probe::probe(!xen::acpi_disabled(), xen::smccc_version(), prop) {
        Ok(id) => id,
        Err(refusal) => return printk::refused(refusal),
    };
    // Agents Xen cannot manage were reported where they were found.
    let Ok(table) = ops::table_for(node, id) else {
        return Errno::ENODEV.to_errno();
    };
    if let Err(err) = xen::sci_register(table) {
        printk::probe(
            &lines::boot::REGISTER_FAILED,
            u64::from(err.get().unsigned_abs()),
        );
        return err.to_errno();
    }
    // Multi-agent mode said what it set up; Xen's doorbell is not
    // forwarded there, and the option has no meaning.
    #[cfg(not(feature = "multi-agent"))]
    {
        printk::probe(&lines::boot::PROBE_OK, u64::from(id.0));
        if PASSTHROUGH.load(Ordering::Relaxed) {
            printk::probe(&lines::boot::PASSTHROUGH_ON, 0);
        }
    }
    #[cfg(feature = "multi-agent")]
    if PASSTHROUGH.load(Ordering::Relaxed) {
        printk::probe(&lines::boot::PASSTHROUGH_IGNORED, 0);
    }
    0
}
