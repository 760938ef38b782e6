//! The firmware's SCMI channels: which one an SMC function id rings, where
//! it lies, and which agent it belongs to.
//!
//! Channel k (0 to [`SCMI_CHANNELS`] - 1) is rung by SMC [`SCMI_SMC_ID`] + k,
//! lies at [`SCMI_SHMEM_BASE`] + k * [`SCMI_SHMEM_SIZE`] and belongs to SCMI
//! agent k + 1 (agent 0 is the platform itself). Every other function id is
//! not SCMI, so the SiP ids after the last channel's stay unknown.

use crate::contract::{SCMI_CHANNELS, SCMI_SHMEM_BASE, SCMI_SHMEM_SIZE, SCMI_SMC_ID};
use scmi_server::{platform, AgentId};

// Every channel's agent must be one the multi-agent server serves, and
// every agent it serves must have a channel to call from.
const _: () = assert!(
    SCMI_CHANNELS == platform::MULTI_AGENT_NAMES.len(),
    "one SCMI channel per agent of the multi-agent platform"
);

/// One SCMI channel, with the agent it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScmiChannel {
    index: usize,
    agent: AgentId,
}

impl ScmiChannel {
    /// The first channel, the privileged agent's.
    pub const PRIVILEGED: Self = Self {
        index: 0,
        agent: AgentId::PRIVILEGED,
    };

    /// Channel `index`, if the firmware has it.
    pub const fn new(index: usize) -> Option<Self> {
        if index >= SCMI_CHANNELS {
            return None;
        }
        match AgentId::from_channel(index) {
            Some(agent) => Some(Self { index, agent }),
            None => None,
        }
    }

    /// The channel SMC `function` rings, if it is one of the SCMI ids. A
    /// real board's doorbell (`BOARD_SCMI_SMC_IDS`) rings the privileged
    /// agent's channel.
    pub const fn from_smc_id(function: u32) -> Option<Self> {
        let mut i = 0;
        while i < qemu_platform::BOARD_SCMI_SMC_IDS.len() {
            if qemu_platform::BOARD_SCMI_SMC_IDS[i] == function {
                return Some(Self::PRIVILEGED);
            }
            i += 1;
        }
        match function.checked_sub(SCMI_SMC_ID) {
            Some(offset) => Self::new(offset as usize),
            None => None,
        }
    }

    /// Position among the channels (0 is the privileged agent's).
    pub const fn index(self) -> usize {
        self.index
    }

    /// The SCMI agent that calls on this channel.
    pub const fn agent(self) -> AgentId {
        self.agent
    }

    /// The SMC function id that rings it.
    pub const fn smc_id(self) -> u32 {
        SCMI_SMC_ID + self.index as u32
    }

    /// Its first byte; it is [`SCMI_SHMEM_SIZE`] bytes long.
    pub const fn base(self) -> usize {
        SCMI_SHMEM_BASE + self.index * SCMI_SHMEM_SIZE
    }

    /// Every channel, in order.
    pub fn all() -> impl Iterator<Item = Self> {
        (0..SCMI_CHANNELS).filter_map(Self::new)
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    fn mapped(function: u32) -> Option<(usize, u32, usize)> {
        ScmiChannel::from_smc_id(function).map(|c| (c.index(), c.agent().id(), c.base()))
    }

    #[test]
    fn each_agent_has_its_own_smc_id_and_page() {
        assert_eq!(mapped(0x8200_0002), Some((0, 1, 0xBFF0_0000)));
        assert_eq!(mapped(0x8200_0003), Some((1, 2, 0xBFF0_1000)));
        assert_eq!(mapped(0x8200_0004), Some((2, 3, 0xBFF0_2000)));
        assert_eq!(mapped(0x8200_0005), Some((3, 4, 0xBFF0_3000)));
    }

    #[test]
    fn a_boards_doorbell_rings_the_privileged_channel() {
        assert_eq!(mapped(0x8200_0010), Some((0, 1, 0xBFF0_0000)));
        assert_eq!(mapped(0x8200_0011), None);
        // i.MX8ULP's, an SMC64 id, and Amlogic C3's.
        assert_eq!(mapped(0xC200_00FE), Some((0, 1, 0xBFF0_0000)));
        assert_eq!(mapped(0x8200_00FE), None);
        assert_eq!(mapped(0x8200_00C1), Some((0, 1, 0xBFF0_0000)));
    }

    #[test]
    fn the_first_channel_is_the_privileged_agents() {
        let first = ScmiChannel::from_smc_id(SCMI_SMC_ID);
        assert_eq!(first, Some(ScmiChannel::PRIVILEGED));
        assert_eq!(ScmiChannel::new(0), Some(ScmiChannel::PRIVILEGED));
        assert_eq!(ScmiChannel::PRIVILEGED.agent(), AgentId::PRIVILEGED);
        assert_eq!(ScmiChannel::PRIVILEGED.base(), SCMI_SHMEM_BASE);
    }

    #[test]
    fn other_sip_ids_are_not_scmi() {
        for function in [
            0x8200_0000,
            0x8200_0001,
            0x8200_0006,
            0x8200_0042,
            0x8200_00ff,
        ] {
            assert_eq!(ScmiChannel::from_smc_id(function), None, "{function:#x}");
        }
        // The SMC64 and the standard-service ids next to them neither.
        for function in [0xC200_0002, 0x8400_0002, 0x0200_0002, 0] {
            assert_eq!(ScmiChannel::from_smc_id(function), None, "{function:#x}");
        }
    }

    #[test]
    fn smc_ids_and_channels_round_trip() {
        let all: std::vec::Vec<_> = ScmiChannel::all().collect();
        assert_eq!(all.len(), SCMI_CHANNELS);
        for (k, channel) in all.into_iter().enumerate() {
            assert_eq!(channel.index(), k);
            assert_eq!(ScmiChannel::from_smc_id(channel.smc_id()), Some(channel));
        }
        assert_eq!(ScmiChannel::new(SCMI_CHANNELS), None);
    }

    #[test]
    fn channels_are_disjoint_pages_inside_the_reserved_range() {
        let mut end = SCMI_SHMEM_BASE;
        for channel in ScmiChannel::all() {
            assert_eq!(channel.base(), end, "back to back");
            assert_eq!(channel.base() % 0x1000, 0, "page aligned");
            end = channel.base() + SCMI_SHMEM_SIZE;
        }
        assert_eq!(end, 0xBFF0_4000);
    }
}
