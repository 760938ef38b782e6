//! Which SCMI device a passed-through device needs. Xen's SCI layer reads
//! the device's `access-controllers` (the generic access-controller
//! binding: a controller's phandle, then as many cells as its
//! `#access-controller-cells` says) and hands the mediator one entry at a
//! time; the entries naming Xen's SCMI node carry one cell, the firmware's
//! device id.

use crate::errno::Errno;
use crate::log::{self, DomainLine};
use crate::refusal::Refusal;

/// The SCMI device id an `access-controllers` entry asks for: `None` for
/// another controller's entry, which is not the mediator's business. An
/// entry naming Xen's SCMI node must carry exactly one cell (its
/// `#access-controller-cells` is 1): otherwise `EINVAL`, with the number
/// of cells it has.
pub fn device_of(
    names_xen_scmi_node: bool,
    args: &[u32],
) -> Result<Option<u32>, Refusal<DomainLine>> {
    if !names_xen_scmi_node {
        return Ok(None);
    }
    match args {
        [device] => Ok(Some(*device)),
        _ => Err(Refusal::new(
            Errno::EINVAL,
            &log::ASSIGN_BAD_ENTRY,
            args.len() as u64,
        )),
    }
}
