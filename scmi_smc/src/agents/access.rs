//! Which SCMI device a passed-through device needs. Xen's SCI layer reads
//! the device's `access-controllers` (the generic access-controller
//! binding: a controller's phandle, then as many cells as its
//! `#access-controller-cells` says) and hands the mediator one entry at a
//! time; the entries naming Xen's SCMI node carry one cell, the firmware's
//! device id.

/// Why an entry naming Xen's SCMI node cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessError {
    /// Not exactly one cell: the SCMI node's `#access-controller-cells`
    /// must be 1.
    ScmiCells,
}

/// The SCMI device id an `access-controllers` entry asks for: `None` for
/// another controller's entry, which is not the mediator's business.
pub fn device_of(names_xen_scmi_node: bool, args: &[u32]) -> Result<Option<u32>, AccessError> {
    if !names_xen_scmi_node {
        return Ok(None);
    }
    match args {
        [device] => Ok(Some(*device)),
        _ => Err(AccessError::ScmiCells),
    }
}
