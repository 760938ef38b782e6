//! A scenario with a board's layout can move the privileged agent's
//! channel from the firmware's top of RAM into normal RAM, as the seed's
//! Renesas R-Car example has it, with a property of the node the fault
//! rules live in (`fault_config`):
//!
//! ```dts
//! / {
//!     el3-test-firmware {
//!         scmi-shmem = <0x0 0x47ff0000>;
//!     };
//! };
//! ```
//!
//! Only the platform's [`MOVED_SHMEM`] is accepted: the harness keeps
//! every image it places off that page, and the scenario reserves it
//! `no-map`, so the firmware writing there clobbers nothing.

use crate::fault_config::{self, Malformed};
use qemu_platform::MOVED_SHMEM;

/// The property giving the channel's new address, two cells.
pub const PROPERTY: &str = "scmi-shmem";

/// Why the property was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// The blob is not a device tree, as far as it was read.
    Malformed,
    /// Not two cells, or not the one place the platform allows.
    NotThePlace,
}

/// The privileged channel's address if the tree moves it, `Ok(None)` if it
/// stays where the contract has it.
pub fn privileged_base(blob: &[u8]) -> Result<Option<usize>, Refused> {
    let value =
        fault_config::node_property(blob, PROPERTY).map_err(|Malformed| Refused::Malformed)?;
    let Some(value) = value else {
        return Ok(None);
    };
    let cells: [u8; 8] = value.try_into().map_err(|_| Refused::NotThePlace)?;
    let address = u64::from_be_bytes(cells);
    if address != MOVED_SHMEM {
        return Err(Refused::NotThePlace);
    }
    usize::try_from(address)
        .map(Some)
        .map_err(|_| Refused::NotThePlace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fault_config::tests::fdt;

    #[test]
    fn the_channel_stays_without_the_property() {
        let blob = fdt(&[("el3-test-firmware", &[("scmi-faults", b"x\0")])]);
        assert_eq!(privileged_base(&blob), Ok(None));
        assert_eq!(privileged_base(&fdt(&[])), Ok(None));
    }

    #[test]
    fn the_platform_place_is_taken() {
        let cells = MOVED_SHMEM.to_be_bytes();
        let blob = fdt(&[("el3-test-firmware", &[(PROPERTY, &cells)])]);
        assert_eq!(privileged_base(&blob), Ok(Some(0x47ff_0000)));
    }

    #[test]
    fn any_other_place_or_shape_is_refused() {
        let other = (MOVED_SHMEM + 0x1000).to_be_bytes();
        let short = 0x47ff_0000u32.to_be_bytes();
        for value in [&other[..], &short[..], &[][..]] {
            let blob = fdt(&[("el3-test-firmware", &[(PROPERTY, value)])]);
            assert_eq!(privileged_base(&blob), Err(Refused::NotThePlace));
        }
        // The property elsewhere is not the firmware's.
        let cells = MOVED_SHMEM.to_be_bytes();
        let blob = fdt(&[("chosen", &[(PROPERTY, &cells)])]);
        assert_eq!(privileged_base(&blob), Ok(None));
        assert_eq!(privileged_base(b"not a tree"), Err(Refused::Malformed));
    }
}
