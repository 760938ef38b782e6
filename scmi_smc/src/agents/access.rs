//! Which SCMI devices a passed-through device needs: the generic
//! access-controller binding on its host-tree node,
//! `access-controllers = <&ctrl ARGS...>, ...`. Each entry is a
//! controller's phandle followed by as many cells as that controller's
//! `#access-controller-cells` says; the entries naming Xen's SCMI node
//! carry one cell, the firmware's device id.

use crate::dt::DeviceTree;

/// Most cells an entry of another controller may carry; bounds the walk.
const MAX_CELLS: u32 = 8;

/// Why a device's `access-controllers` cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessError {
    /// An entry names no node, its controller has no usable
    /// `#access-controller-cells`, or the property ends inside an entry.
    /// The rest cannot be read reliably, so nothing is granted.
    Malformed,
    /// Xen's SCMI node says its entries have other than one cell.
    ScmiCells,
}

fn cell_at(bytes: &[u8], index: usize) -> Option<u32> {
    let start = index.checked_mul(4)?;
    let word = bytes.get(start..)?.first_chunk::<4>()?;
    Some(u32::from_be_bytes(*word))
}

/// Calls `grant` with every device id the `access-controllers` of `device`
/// gives to `scmi_node`, in order, after checking the whole property.
/// Returns how many there were (0 for a device without the property).
pub fn granted_devices<T, F>(
    dt: &T,
    device: T::Node,
    scmi_node: T::Node,
    mut grant: F,
) -> Result<usize, AccessError>
where
    T: DeviceTree + ?Sized,
    F: FnMut(u32),
{
    let Some(property) = dt.property(device, c"access-controllers") else {
        return Ok(0);
    };
    // Two passes: nothing is granted unless the whole property reads.
    for pass in 0..2 {
        let mut index = 0usize;
        let mut count = 0usize;
        let total = property.len() / 4;
        if property.len() % 4 != 0 {
            return Err(AccessError::Malformed);
        }
        while index < total {
            let phandle = cell_at(property, index).ok_or(AccessError::Malformed)?;
            let controller = match phandle {
                0 | u32::MAX => None,
                _ => dt.node_by_phandle(phandle),
            }
            .ok_or(AccessError::Malformed)?;
            let cells = dt
                .property(controller, c"#access-controller-cells")
                .and_then(|value| cell_at(value, 0).filter(|_| value.len() == 4))
                .filter(|cells| *cells <= MAX_CELLS)
                .ok_or(AccessError::Malformed)?;
            let next = index
                .checked_add(1)
                .and_then(|i| i.checked_add(cells as usize))
                .filter(|next| *next <= total)
                .ok_or(AccessError::Malformed)?;
            if controller == scmi_node {
                if cells != 1 {
                    return Err(AccessError::ScmiCells);
                }
                let id =
                    cell_at(property, index.saturating_add(1)).ok_or(AccessError::Malformed)?;
                if pass == 1 {
                    grant(id);
                }
                count = count.saturating_add(1);
            }
            index = next;
        }
        if pass == 1 {
            return Ok(count);
        }
    }
    Ok(0)
}
