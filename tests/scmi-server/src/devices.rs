//! Which device owns each clock and each reset domain: the lookups behind
//! every permission check, derived at compile time from [`DEVICES`],
//! which is checked here to give every clock and reset domain exactly one
//! owner.

use crate::platform::{DeviceDesc, CLOCKS, DEVICES, RESETS};

/// The device owning each clock, indexed by clock id.
pub const CLOCK_DEVICE: [usize; CLOCKS.len()] = owners(Resource::Clock);
/// The device owning each reset domain, indexed by domain id.
pub const RESET_DEVICE: [usize; RESETS.len()] = owners(Resource::Reset);

#[derive(Clone, Copy)]
enum Resource {
    Clock,
    Reset,
}

const fn resources(device: &DeviceDesc, kind: Resource) -> &'static [usize] {
    match kind {
        Resource::Clock => device.clocks,
        Resource::Reset => device.resets,
    }
}

/// For each resource of `kind`, the device listing it; `usize::MAX` for
/// one no device lists (rejected at compile time below).
const fn owners<const N: usize>(kind: Resource) -> [usize; N] {
    let mut owner = [usize::MAX; N];
    let mut d = 0;
    while d < DEVICES.len() {
        let list = resources(&DEVICES[d], kind);
        let mut i = 0;
        while i < list.len() {
            if list[i] < N {
                owner[list[i]] = d;
            }
            i += 1;
        }
        d += 1;
    }
    owner
}

/// Whether every resource of `kind` (there are `count`) is listed by
/// exactly one device, and no device lists a resource that does not exist.
const fn owned_once(kind: Resource, count: usize) -> bool {
    let mut r = 0;
    while r < count {
        let mut listed = 0;
        let mut d = 0;
        while d < DEVICES.len() {
            let list = resources(&DEVICES[d], kind);
            let mut i = 0;
            while i < list.len() {
                if list[i] >= count {
                    return false;
                }
                if list[i] == r {
                    listed += 1;
                }
                i += 1;
            }
            d += 1;
        }
        if listed != 1 {
            return false;
        }
        r += 1;
    }
    true
}

const _: () = assert!(
    owned_once(Resource::Clock, CLOCKS.len()) && owned_once(Resource::Reset, RESETS.len()),
    "platform::DEVICES must list every clock and every reset domain exactly once"
);
