//! Who may touch which device: the state behind
//! BASE_SET_DEVICE_PERMISSIONS, BASE_SET_PROTOCOL_PERMISSIONS and
//! BASE_RESET_AGENT_CONFIGURATION, and the check the Clock and Reset
//! protocols make before acting on a device.
//!
//! The rules, chosen by this platform where DEN0056 leaves the choice to
//! it:
//!
//! - The privileged agent ([`AgentId::PRIVILEGED`]) may use every device
//!   through every protocol, always; its permissions cannot be changed.
//! - Every other agent starts (at boot, and after a permissions reset)
//!   with access to no device: a domain gets exactly what Xen grants it,
//!   so a forgotten grant fails closed rather than open.
//! - Granting a device grants it through every protocol its resources
//!   belong to (Clock for its clocks, Reset for its reset domains).
//!   Protocol permissions then narrow that grant: denying Reset on the
//!   UART leaves the agent the UART's clock but not its reset. Denying
//!   the device drops the narrowing with it, so a later grant is whole
//!   again.
//! - Taking a permission away does not undo what the agent already set
//!   (a clock it enabled keeps running); BASE_RESET_AGENT_CONFIGURATION
//!   is what undoes that.

use crate::agents::{AgentId, MAX_AGENTS};
use crate::platform::DEVICES;
use crate::protocol;

/// One agent's rights on one device.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Grant {
    /// BASE_SET_DEVICE_PERMISSIONS allowed the device.
    device: bool,
    /// Protocols denied on the device by BASE_SET_PROTOCOL_PERMISSIONS,
    /// one bit per entry of [`protocol::IMPLEMENTED`].
    denied_protocols: u8,
}

const _: () = assert!(
    protocol::IMPLEMENTED.len() <= 8,
    "a Grant has one bit per protocol"
);

/// No rights: the reset state of every non-privileged agent.
const NONE: Grant = Grant {
    device: false,
    denied_protocols: 0,
};

/// Every agent's rights on every device (the privileged agent's row is
/// kept but never consulted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Permissions {
    grants: [[Grant; DEVICES.len()]; MAX_AGENTS],
}

impl Default for Permissions {
    fn default() -> Self {
        Self::new()
    }
}

impl Permissions {
    /// The reset state: no agent but the privileged one has any device.
    pub const fn new() -> Self {
        Self {
            grants: [[NONE; DEVICES.len()]; MAX_AGENTS],
        }
    }

    fn grant(&self, agent: AgentId, device: usize) -> Grant {
        self.grants
            .get(agent.index())
            .and_then(|row| row.get(device))
            .copied()
            .unwrap_or(NONE)
    }

    fn grant_mut(&mut self, agent: AgentId, device: usize) -> Option<&mut Grant> {
        self.grants.get_mut(agent.index())?.get_mut(device)
    }

    /// Whether `agent` has been granted `device` (whatever its protocol
    /// permissions say); always true for the privileged agent.
    pub fn has_device(&self, agent: AgentId, device: usize) -> bool {
        agent.is_privileged() || self.grant(agent, device).device
    }

    /// Whether `agent` may act on `device` through `protocol`: the check
    /// behind every DENIED the Clock and Reset protocols answer.
    pub fn allows(&self, agent: AgentId, protocol: u8, device: usize) -> bool {
        if agent.is_privileged() {
            return true;
        }
        let grant = self.grant(agent, device);
        let usable = protocol_bit(protocol).is_some_and(|bit| grant.denied_protocols & bit == 0);
        grant.device && usable
    }

    /// BASE_SET_DEVICE_PERMISSIONS for a non-privileged `agent` and an
    /// existing `device` (the caller checks both).
    pub fn set_device(&mut self, agent: AgentId, device: usize, allow: bool) {
        if let Some(grant) = self.grant_mut(agent, device) {
            *grant = Grant {
                device: allow,
                denied_protocols: 0,
            };
        }
    }

    /// BASE_SET_PROTOCOL_PERMISSIONS for a non-privileged `agent`, an
    /// existing `device` it has been granted, and one of the
    /// [`protocol::IMPLEMENTED`] protocols (the caller checks all three).
    pub fn set_protocol(&mut self, agent: AgentId, device: usize, protocol: u8, allow: bool) {
        let (Some(bit), Some(grant)) = (protocol_bit(protocol), self.grant_mut(agent, device))
        else {
            return;
        };
        if allow {
            grant.denied_protocols &= !bit;
        } else {
            grant.denied_protocols |= bit;
        }
    }

    /// Puts `agent` back to the reset state (the permissions half of
    /// BASE_RESET_AGENT_CONFIGURATION).
    pub fn reset(&mut self, agent: AgentId) {
        if let Some(row) = self.grants.get_mut(agent.index()) {
            *row = [NONE; DEVICES.len()];
        }
    }
}

/// The bit of `protocol` in [`Grant::denied_protocols`]; `None` for a
/// protocol that is not implemented (Base included: it is never denied).
fn protocol_bit(protocol: u8) -> Option<u8> {
    protocol::IMPLEMENTED
        .iter()
        .position(|&id| id == protocol)
        .map(|i| 1 << i)
}

/// The agent a command comes from, with what it may touch: handed to the
/// protocol handlers.
#[derive(Clone, Copy, Debug)]
pub struct Caller<'a> {
    /// The agent whose channel carried the command.
    pub agent: AgentId,
    permissions: &'a Permissions,
}

impl<'a> Caller<'a> {
    /// `agent`, judged by `permissions`.
    pub fn new(agent: AgentId, permissions: &'a Permissions) -> Self {
        Self { agent, permissions }
    }

    /// Whether the caller may act on `device` through `protocol`.
    pub fn may_use(&self, protocol: u8, device: usize) -> bool {
        self.permissions.allows(self.agent, protocol, device)
    }
}
