//! Nodes that refer to the SCMI node the hardware domain loses.
//!
//! In passthrough the hardware domain keeps the devices whose clocks,
//! power domains or resets SCMI provides (a GPU, an eMMC controller, a
//! thermal zone), but not the SCMI node: its kernel waits for a provider
//! that never comes, or fails the device, without saying why. Each such
//! node is found here so that Xen can say it once, at boot.
//!
//! A reference is a phandle in one of the phandle-and-arguments lists of
//! [`PROPERTIES`] that names an enabled "arm,scmi-smc" node or a node
//! below it (the protocol nodes are the providers). Each list is read as
//! its binding has it: a phandle, then as many cells as the provider's
//! `#...-cells` says. A phandle of 0 is an empty entry (as
//! `assigned-clock-parents` allows); a list that names no node, or a
//! provider without its cell count, is read no further. Regulators
//! (`*-supply`) and pin control (`pinctrl-N`) are not read: the trait
//! names no property it was not asked for, and no board tree Debian ships
//! uses SCMI for either over SMC.

use core::ffi::CStr;

use super::names::{
    cstr, ASSIGNED_CLOCKS, ASSIGNED_CLOCK_PARENTS, CLOCKS, CLOCK_CELLS, PERFORMANCE_DOMAINS,
    PERFORMANCE_DOMAIN_CELLS, POWER_DOMAINS, POWER_DOMAIN_CELLS, RESETS, RESET_CELLS,
    THERMAL_SENSORS, THERMAL_SENSOR_CELLS,
};
use super::reg::{one_cell, take_cells};
use super::{is_handled_scmi_node, DeviceTree, MAX_DEPTH};

/// The lists read, each with the provider property that gives its
/// argument count, in the order [`ScmiUses::names`] gives them.
pub static PROPERTIES: [(&CStr, &CStr); 7] = [
    (cstr(&CLOCKS), cstr(&CLOCK_CELLS)),
    (cstr(&ASSIGNED_CLOCKS), cstr(&CLOCK_CELLS)),
    (cstr(&ASSIGNED_CLOCK_PARENTS), cstr(&CLOCK_CELLS)),
    (cstr(&POWER_DOMAINS), cstr(&POWER_DOMAIN_CELLS)),
    (cstr(&RESETS), cstr(&RESET_CELLS)),
    (cstr(&PERFORMANCE_DOMAINS), cstr(&PERFORMANCE_DOMAIN_CELLS)),
    (cstr(&THERMAL_SENSORS), cstr(&THERMAL_SENSOR_CELLS)),
];

/// Which of `PROPERTIES` (the phandle lists read) of a node refer to SCMI: bit `i` for entry `i`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScmiUses(u8);

impl ScmiUses {
    /// None of them.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The names of the properties that do, in `PROPERTIES` order.
    pub fn names(self) -> impl Iterator<Item = &'static CStr> {
        PROPERTIES
            .iter()
            .enumerate()
            .filter(move |(bit, _)| self.0 & (1u8 << bit) != 0)
            .map(|(_, (name, _))| *name)
    }

    /// The names joined with ", " into `buf`, as a C string: cut short
    /// (at a whole name) if `buf` is too small, empty if it has no room.
    pub fn write_names(self, buf: &mut [u8]) -> &CStr {
        let room = buf.len().saturating_sub(1);
        let mut len = 0usize;
        for name in self.names() {
            let sep: &[u8] = if len == 0 { b"" } else { b", " };
            let name = name.to_bytes();
            let end = len.saturating_add(sep.len()).saturating_add(name.len());
            if end > room {
                break;
            }
            for byte in sep.iter().chain(name) {
                if let Some(slot) = buf.get_mut(len) {
                    *slot = *byte;
                }
                len = len.saturating_add(1);
            }
        }
        if let Some(slot) = buf.get_mut(len) {
            *slot = 0;
        }
        buf.get(..=len)
            .and_then(|text| CStr::from_bytes_with_nul(text).ok())
            .unwrap_or_default()
    }
}

/// Which of `node`'s lists refer to an SCMI node the mediator handles.
#[inline(never)]
pub fn scmi_uses<T: DeviceTree + ?Sized>(dt: &T, node: T::Node) -> ScmiUses {
    let mut uses = 0u8;
    for (bit, (list, cells)) in PROPERTIES.iter().enumerate() {
        let refers = dt
            .property(node, list)
            .is_some_and(|value| names_scmi(dt, value, cells));
        if refers {
            uses |= 1u8 << bit;
        }
    }
    ScmiUses(uses)
}

/// Whether a phandle of the list `value`, whose providers give their
/// argument count in `cells`, names SCMI.
fn names_scmi<T: DeviceTree + ?Sized>(dt: &T, value: &[u8], cells: &CStr) -> bool {
    let mut rest = value;
    while let Some(phandle) = take_cells(&mut rest, 1) {
        // One cell: the value fits.
        let phandle = phandle as u32;
        if phandle == 0 {
            continue;
        }
        if phandle == u32::MAX {
            return false;
        }
        let Some(provider) = dt.node_by_phandle(phandle) else {
            return false;
        };
        if is_scmi(dt, provider) {
            return true;
        }
        let Some(count) = dt.property(provider, cells).and_then(one_cell) else {
            return false;
        };
        let skip = usize::try_from(count)
            .ok()
            .and_then(|count| count.checked_mul(4));
        match skip.and_then(|skip| rest.get(skip..)) {
            Some(after) => rest = after,
            None => return false,
        }
    }
    false
}

/// Whether `node` is a handled SCMI node or lies below one.
fn is_scmi<T: DeviceTree + ?Sized>(dt: &T, node: T::Node) -> bool {
    let mut at = Some(node);
    for _ in 0..MAX_DEPTH {
        let Some(here) = at else {
            return false;
        };
        if is_handled_scmi_node(dt, here) {
            return true;
        }
        at = dt.parent(here);
    }
    false
}
