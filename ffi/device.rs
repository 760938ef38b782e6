//! The device-tree driver entry: Xen matches it against the host tree at
//! boot (device class DEVICE_FIRMWARE) and calls `init` with the SCMI node.

use crate::dt::HostTree;
use crate::shared::Shared;
use crate::state::{PASSTHROUGH, SMC_ID};
use crate::{log, ops, xen};
use core::ffi::{c_int, c_void, CStr};
use core::ptr::{self, NonNull};
use core::sync::atomic::Ordering;
use scmi_smc::dt::{DeviceTree, SCMI_SMC_COMPATIBLE};
use scmi_smc::log as lines;
use xen_bindings::{
    device_class_DEVICE_FIRMWARE, device_desc, dt_device_match, dt_device_node, sci_register,
};

const fn compatible(name: &'static CStr) -> dt_device_match {
    dt_device_match {
        path: ptr::null(),
        type_: ptr::null(),
        compatible: name.as_ptr(),
        not_available: false,
        prop: ptr::null(),
        data: ptr::null(),
    }
}

const SENTINEL: dt_device_match = dt_device_match {
    path: ptr::null(),
    type_: ptr::null(),
    compatible: ptr::null(),
    not_available: false,
    prop: ptr::null(),
    data: ptr::null(),
};

static MATCHES: Shared<[dt_device_match; 2]> = Shared([compatible(SCMI_SMC_COMPATIBLE), SENTINEL]);

/// The property holding the function id: a static of this module, which
/// the kbuild rule places in `.init.rodata` (a literal would be pooled
/// with resident strings). The `&CStr` over it is folded away.
static SMC_ID_BYTES: [u8; 11] = *b"arm,smc-id\0";
static SMC_ID_PROPERTY: &CStr = match CStr::from_bytes_with_nul(&SMC_ID_BYTES) {
    Ok(name) => name,
    Err(_) => panic!("a property name is NUL-terminated"),
};

/// The entry of Xen's device table. Its symbol is what the build asks the
/// linker for, which pulls the whole mediator out of the static library.
#[used]
#[no_mangle]
#[link_section = ".dev.info"]
pub static scmi_smc_rs_device: Shared<device_desc> = Shared(device_desc {
    name: c"SCMI SMC mediator (Rust)".as_ptr(),
    class: device_class_DEVICE_FIRMWARE,
    dt_match: &MATCHES.0 as *const _ as *const dt_device_match,
    init: Some(init),
});

/// Xen's ENODEV, what a driver returns for a device it does not take.
const ENODEV: c_int = xen_bindings::ENODEV as c_int;

/// Probes the "arm,scmi-smc" node and registers the mediator.
unsafe extern "C" fn init(node: *mut dt_device_node, _data: *const c_void) -> c_int {
    let Some(node) = NonNull::new(node) else {
        return -ENODEV;
    };
    // Xen passes a node of its host device tree (see `HostTree`).
    let prop = HostTree.property(node, SMC_ID_PROPERTY);
    let id = match scmi_smc::probe::probe(!xen::acpi_disabled(), xen::smccc_version(), prop) {
        Ok(id) => id,
        Err(err) => {
            log::probe(err.log_line(), err.log_arg());
            return -ENODEV;
        }
    };
    #[cfg(feature = "multi-agent")]
    if crate::agents::probe(node, id).is_err() {
        return -ENODEV;
    }
    SMC_ID.store(id.0, Ordering::Relaxed);
    // SAFETY: OPS is a static with every mandatory callback set.
    let rc = unsafe { sci_register(&ops::OPS) };
    if rc != 0 {
        log::probe(&lines::boot::REGISTER_FAILED, u64::from(rc.unsigned_abs()));
        return rc;
    }
    log::probe(&lines::boot::PROBE_OK, u64::from(id.0));
    if PASSTHROUGH.load(Ordering::Relaxed) {
        log::probe(&lines::boot::PASSTHROUGH_ON, 0);
    }
    0
}
