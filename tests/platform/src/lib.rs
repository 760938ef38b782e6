//! The platform the project tests on, in one place: QEMU's `virt` machine
//! as the harness (`cargo xtask qemu`) boots it, with the EL3 firmware of
//! `tests/firmware` serving PSCI and SCMI. The harness writes the device
//! tree and places the images from these values, the firmware serves the
//! channels they name, and the probe guest calls the ids they give, so
//! the three cannot disagree.
//!
//! SCMI is served to [`SCMI_AGENTS`] agents, numbered from 1 (SCMI's agent
//! 0 is the platform itself). Agent `a` rings its own SiP fast call,
//! [`scmi_smc_id`]`(a)`, over its own page, [`scmi_shmem`]`(a)`. Agent 1
//! is the privileged one, the hypervisor's: a set-up with one agent uses
//! only its channel, whose id is the device tree's `arm,smc-id`.
//!
//! The `*_hex!` macros give some of these numbers as the string literals
//! Xen and Linux print (`"0x82000002"`), for `concat!` in the harness's
//! expected console lines and device-tree text; each literal is checked
//! against its number when this crate compiles.
#![no_std]

/// Start of normal-world RAM.
pub const RAM_BASE: u64 = 0x4000_0000;
/// Size of normal-world RAM (`-m 2G`).
pub const RAM_SIZE: u64 = 0x8000_0000;
/// The top of RAM the firmware keeps: the device tree's /memory node
/// stops below it, so no domain is ever given it. The SCMI channels lie
/// there.
pub const FIRMWARE_RAM_SIZE: u64 = 0x20_0000;

/// Where the firmware enters the normal world, at EL2: Xen's image (or the
/// firmware's smoke payload) is loaded here.
pub const NS_ENTRY: u64 = 0x4020_0000;
/// The device tree the harness loads, which the firmware passes in x0.
pub const NS_DTB: u64 = 0x4400_0000;

/// Where a scenario can move the privileged agent's channel instead,
/// inside normal RAM: the page the seed's Renesas R-Car example gives its
/// channel. The scenario names it to the firmware
/// (`el3-test-firmware { scmi-shmem = <0x0 0x47ff0000>; }`) and reserves
/// it `no-map` in its tree; the harness never places an image over it.
pub const MOVED_SHMEM: u64 = 0x47FF_0000;

/// SCMI agents the firmware serves, each with its channel.
pub const SCMI_AGENTS: u32 = 4;
/// The privileged agent's SMC function id (SiP, fast, SMC32); agent `a`'s
/// is `a - 1` after it.
pub const SCMI_SMC_ID: u32 = 0x8200_0002;
/// The privileged agent's channel; agent `a`'s is `a - 1` channels after
/// it.
pub const SCMI_SHMEM_BASE: u64 = 0xBFF0_0000;
/// Size of each channel, and the distance between two.
pub const SCMI_SHMEM_SIZE: u64 = 0x1000;

/// Doorbells of real boards (Rockchip RK3588 and RK356x trees, NXP
/// i.MX8ULP's SMC64 id, Amlogic C3's) that the harness's board scenarios
/// keep as the boards' trees have them: each rings the privileged agent's
/// channel, as the board's own firmware serves its one agent there.
pub const BOARD_SCMI_SMC_IDS: [u32; 3] = [0x8200_0010, 0xC200_00FE, 0x8200_00C1];

/// A SiP fast call that nothing on the platform implements, in any
/// configuration: the first id after the last agent's. The firmware
/// answers it NOT_SUPPORTED, and no hypervisor set-up forwards it (even
/// with every agent described), so a guest calling it measures a plain
/// trap into the hypervisor and back.
pub const UNIMPLEMENTED_SMC_ID: u32 = SCMI_SMC_ID + SCMI_AGENTS;

/// Agent `agent`'s SMC function id (agents count from 1).
pub const fn scmi_smc_id(agent: u32) -> u32 {
    assert!(agent >= 1 && agent <= SCMI_AGENTS, "no such SCMI agent");
    SCMI_SMC_ID + (agent - 1)
}

/// The first byte of agent `agent`'s channel (agents count from 1).
pub const fn scmi_shmem(agent: u32) -> u64 {
    assert!(agent >= 1 && agent <= SCMI_AGENTS, "no such SCMI agent");
    SCMI_SHMEM_BASE + (agent as u64 - 1) * SCMI_SHMEM_SIZE
}

/// [`scmi_smc_id`]`(agent)` as Xen and Linux print it, a string literal.
#[macro_export]
macro_rules! scmi_smc_id_hex {
    (1) => {
        "0x82000002"
    };
    (2) => {
        "0x82000003"
    };
    (3) => {
        "0x82000004"
    };
    (4) => {
        "0x82000005"
    };
}

/// [`scmi_shmem`]`(agent)` as a hex string literal (`"0xbff01000"`).
#[macro_export]
macro_rules! scmi_shmem_hex {
    (1) => {
        "0xbff00000"
    };
    (2) => {
        "0xbff01000"
    };
    (3) => {
        "0xbff02000"
    };
    (4) => {
        "0xbff03000"
    };
}

/// [`scmi_shmem`]`(agent)` as a device-tree unit address, hex without
/// `0x` (`"bff01000"`, as in `sram@bff01000`).
#[macro_export]
macro_rules! scmi_shmem_unit {
    (1) => {
        "bff00000"
    };
    (2) => {
        "bff01000"
    };
    (3) => {
        "bff02000"
    };
    (4) => {
        "bff03000"
    };
}

/// The page frame number of [`scmi_shmem`]`(agent)` as Xen prints it
/// (`"0xbff00"`).
#[macro_export]
macro_rules! scmi_shmem_pfn_hex {
    (1) => {
        "0xbff00"
    };
    (2) => {
        "0xbff01"
    };
    (3) => {
        "0xbff02"
    };
    (4) => {
        "0xbff03"
    };
}

/// [`SCMI_SHMEM_SIZE`] as a hex string literal.
#[macro_export]
macro_rules! scmi_shmem_size_hex {
    () => {
        "0x1000"
    };
}

/// The value of a hex literal with or without `0x`; `u64::MAX` if it is
/// not one, which matches none of the numbers checked below.
const fn hex(text: &str) -> u64 {
    let bytes = text.as_bytes();
    let mut i = if bytes.len() > 2 && bytes[0] == b'0' && bytes[1] == b'x' {
        2
    } else {
        0
    };
    if i == bytes.len() {
        return u64::MAX;
    }
    let mut value: u64 = 0;
    while i < bytes.len() {
        let digit = match bytes[i] {
            b @ b'0'..=b'9' => b - b'0',
            b @ b'a'..=b'f' => b - b'a' + 10,
            _ => return u64::MAX,
        };
        value = value * 16 + digit as u64;
        i += 1;
    }
    value
}

/// Page size of the frame numbers Xen prints.
const PAGE_SHIFT: u32 = 12;

// The literals are the numbers: checked for every agent when this crate
// builds, so an edit to one without the other does not compile.
const _: () = {
    macro_rules! agent {
        ($a:tt) => {
            assert!(hex(scmi_smc_id_hex!($a)) == scmi_smc_id($a) as u64);
            assert!(hex(scmi_shmem_hex!($a)) == scmi_shmem($a));
            assert!(hex(scmi_shmem_unit!($a)) == scmi_shmem($a));
            assert!(hex(scmi_shmem_pfn_hex!($a)) == scmi_shmem($a) >> PAGE_SHIFT);
        };
    }
    agent!(1);
    agent!(2);
    agent!(3);
    agent!(4);
    assert!(SCMI_AGENTS == 4, "one macro arm per agent");
    assert!(hex(scmi_shmem_size_hex!()) == SCMI_SHMEM_SIZE);
    // The channels lie in the RAM the firmware keeps, page aligned.
    assert!(SCMI_SHMEM_BASE >= RAM_BASE + RAM_SIZE - FIRMWARE_RAM_SIZE);
    assert!(scmi_shmem(SCMI_AGENTS) + SCMI_SHMEM_SIZE <= RAM_BASE + RAM_SIZE);
    assert!(SCMI_SHMEM_BASE % (1 << PAGE_SHIFT) == 0 && SCMI_SHMEM_SIZE % (1 << PAGE_SHIFT) == 0);
    // The moved channel: a page of normal RAM clear of the device tree the
    // harness loads (1 MiB at most) and of the firmware's top of RAM.
    assert!(MOVED_SHMEM % (1 << PAGE_SHIFT) == 0);
    assert!(MOVED_SHMEM >= NS_DTB + 0x10_0000);
    assert!(MOVED_SHMEM + SCMI_SHMEM_SIZE <= RAM_BASE + RAM_SIZE - FIRMWARE_RAM_SIZE);
    // A board's doorbell is none of the agents' and not the unused id.
    let mut i = 0;
    while i < BOARD_SCMI_SMC_IDS.len() {
        let id = BOARD_SCMI_SMC_IDS[i];
        assert!(id < SCMI_SMC_ID || id > UNIMPLEMENTED_SMC_ID);
        i += 1;
    }
    // SiP fast calls, SMC32: the id that rings nothing stays one.
    assert!(UNIMPLEMENTED_SMC_ID & 0xFFFF_0000 == 0x8200_0000);
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agents_have_consecutive_ids_and_pages() {
        assert_eq!(scmi_smc_id(1), SCMI_SMC_ID);
        assert_eq!(scmi_smc_id(4), 0x8200_0005);
        assert_eq!(scmi_shmem(1), SCMI_SHMEM_BASE);
        assert_eq!(scmi_shmem(2), 0xBFF0_1000);
        assert_eq!(UNIMPLEMENTED_SMC_ID, 0x8200_0006);
    }

    #[test]
    fn the_unimplemented_id_is_no_agents() {
        for agent in 1..=SCMI_AGENTS {
            assert_ne!(scmi_smc_id(agent), UNIMPLEMENTED_SMC_ID);
        }
    }

    #[test]
    fn hex_reads_only_hex() {
        assert_eq!(hex("0x82000002"), 0x8200_0002);
        assert_eq!(hex("bff01000"), 0xBFF0_1000);
        assert_eq!(hex("0x"), u64::MAX);
        assert_eq!(hex("0xBFF"), u64::MAX);
        assert_eq!(hex(""), u64::MAX);
    }
}
