//! The Base protocol messages with which the privileged agent manages the
//! others (DEN0056 3.x, Base protocol 2.0): BASE_SET_DEVICE_PERMISSIONS,
//! BASE_SET_PROTOCOL_PERMISSIONS and BASE_RESET_AGENT_CONFIGURATION.
//!
//! Xen, holding the privileged agent, grants a domain's agent the devices
//! assigned to the domain when it builds it, and resets the agent's
//! configuration when it destroys the domain. The status codes follow
//! the spec's return value lists; where it leaves a case to the platform
//! the choice is noted at the function.
//!
//! Device ids are the indices of [`DEVICES`]; protocol ids (the
//! `command_id` of BASE_SET_PROTOCOL_PERMISSIONS) are SCMI protocol ids.

use super::base::{RESET_AGENT_CONFIGURATION, SET_DEVICE_PERMISSIONS, SET_PROTOCOL_PERMISSIONS};
use super::{clock, index, reset};
use crate::agents::{AgentId, Agents};
use crate::message::Params;
use crate::permissions::Permissions;
use crate::platform::{DeviceDesc, DEVICES};
use crate::status::Status;

/// Permission flags bit 0: 1 allows access, 0 denies it (bits `[31:1]` are
/// reserved and must be zero).
pub const FLAG_ALLOW: u32 = 1 << 0;
/// BASE_RESET_AGENT_CONFIGURATION flags bit 0: also put the agent's
/// permissions back to their reset state (bits `[31:1]` are reserved).
pub const FLAG_RESET_PERMISSIONS: u32 = 1 << 0;

/// What the three messages act on.
pub struct Admin<'a> {
    /// The agents the server serves.
    pub agents: &'a Agents,
    /// The agent that sent the command.
    pub caller: AgentId,
    /// Every agent's permissions.
    pub permissions: &'a mut Permissions,
    /// The clocks, whose per-agent settings a configuration reset undoes.
    pub clocks: &'a mut clock::ClockStates,
    /// The reset domains, likewise.
    pub resets: &'a mut reset::ResetStates,
}

/// Whether `message_id` is one of the messages this module handles.
pub const fn handles(message_id: u8) -> bool {
    matches!(
        message_id,
        SET_DEVICE_PERMISSIONS | SET_PROTOCOL_PERMISSIONS | RESET_AGENT_CONFIGURATION
    )
}

/// Handles one of the three messages (the reply is the status alone).
/// Only the privileged agent may send them: any other caller gets DENIED
/// before its parameters are even read, so it learns nothing about other
/// agents or devices.
pub fn handle(admin: Admin<'_>, message_id: u8, params: &Params) -> Result<(), Status> {
    if !admin.caller.is_privileged() {
        return Err(Status::Denied);
    }
    match message_id {
        SET_DEVICE_PERMISSIONS => set_device_permissions(admin, params),
        SET_PROTOCOL_PERMISSIONS => set_protocol_permissions(admin, params),
        RESET_AGENT_CONFIGURATION => reset_agent_configuration(admin, params),
        _ => Err(Status::NotSupported),
    }
}

/// The agent a command names: NOT_FOUND for the platform (id 0, which has
/// no permissions to set) and for ids beyond the served agents.
fn target(admin: &Admin<'_>, agent_id: u32) -> Result<AgentId, Status> {
    admin.agents.lookup(agent_id).ok_or(Status::NotFound)
}

/// Bit 0 of a permission `flags` word; INVALID_PARAMETERS if a reserved
/// bit is set.
fn allow_flag(flags: u32) -> Result<bool, Status> {
    if flags & !FLAG_ALLOW != 0 {
        return Err(Status::InvalidParameters);
    }
    Ok(flags & FLAG_ALLOW != 0)
}

/// BASE_SET_DEVICE_PERMISSIONS(agent_id, device_id, flags). The
/// privileged agent's own permissions are fixed (it always has every
/// device), so naming it is DENIED: no caller may change them.
fn set_device_permissions(admin: Admin<'_>, params: &Params) -> Result<(), Status> {
    let agent = target(&admin, params.get(0)?)?;
    let device = index(params.get(1)?, DEVICES.len())?;
    let allow = allow_flag(params.get(2)?)?;
    if agent.is_privileged() {
        return Err(Status::Denied);
    }
    admin.permissions.set_device(agent, device, allow);
    Ok(())
}

/// BASE_SET_PROTOCOL_PERMISSIONS(agent_id, device_id, command_id, flags),
/// `command_id` being a protocol id. NOT_FOUND for a protocol the device
/// has no resource of, for the Base protocol (which cannot be denied;
/// Arm's SCMI compliance suite expects NOT_FOUND there), and for a device
/// the agent has not been granted: protocol permissions narrow a device
/// grant, and there is nothing to narrow.
fn set_protocol_permissions(admin: Admin<'_>, params: &Params) -> Result<(), Status> {
    let agent = target(&admin, params.get(0)?)?;
    let device = index(params.get(1)?, DEVICES.len())?;
    let desc = DEVICES.get(device).ok_or(Status::NotFound)?;
    let protocol = u8::try_from(params.get(2)?)
        .ok()
        .filter(|&protocol| device_uses(desc, protocol))
        .ok_or(Status::NotFound)?;
    let allow = allow_flag(params.get(3)?)?;
    if agent.is_privileged() {
        return Err(Status::Denied);
    }
    if !admin.permissions.has_device(agent, device) {
        return Err(Status::NotFound);
    }
    admin
        .permissions
        .set_protocol(agent, device, protocol, allow);
    Ok(())
}

/// Whether `device` has resources of `protocol` (Base never counts).
fn device_uses(device: &DeviceDesc, protocol: u8) -> bool {
    match protocol {
        super::CLOCK => !device.clocks.is_empty(),
        super::RESET => !device.resets.is_empty(),
        _ => false,
    }
}

/// BASE_RESET_AGENT_CONFIGURATION(agent_id, flags): undoes what the agent
/// set (its clock enable requests and a clock rate it set last go back to
/// their boot values, its reset holds are released) and, with bit 0 of
/// `flags`, puts its permissions back to the reset state (no device).
/// Allowed on the privileged agent too, whose permissions stay whole.
fn reset_agent_configuration(admin: Admin<'_>, params: &Params) -> Result<(), Status> {
    let agent = target(&admin, params.get(0)?)?;
    let flags = params.get(1)?;
    if flags & !FLAG_RESET_PERMISSIONS != 0 {
        return Err(Status::InvalidParameters);
    }
    clock::forget_agent(admin.clocks, agent);
    reset::forget_agent(admin.resets, agent);
    if flags & FLAG_RESET_PERMISSIONS != 0 {
        admin.permissions.reset(agent);
    }
    Ok(())
}
