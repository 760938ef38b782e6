//! Multi-agent mode (`docs/multi-agent.md`, built with the `multi-agent`
//! feature): the domain agents the host tree describes, checked with the
//! firmware at boot over Xen's own channel, the Base management messages
//! Xen sends over it later (device permissions, resetting an agent), and
//! the callbacks' multi-agent paths.

use crate::dt::{full_name, HostTree};
use crate::ops::info;
use crate::xen::Domain;
use crate::{log, smc};
use core::ffi::{c_int, c_void};
use core::ptr::NonNull;
use core::sync::atomic::{AtomicBool, AtomicPtr, AtomicU32, Ordering};
use scmi_smc::agents::{
    device_of, for_each_agent, AgentTable, BaseRequest, Channel, ChannelError, MIN_CHANNEL_SIZE,
};
use scmi_smc::domain::{self as policy, InitOutcome};
use scmi_smc::dt::{for_each_shmem_region, DeviceTree, ShmemVisit, AGENTS_COMPATIBLE};
use scmi_smc::log::{self as lines, LogFormat};
use scmi_smc::smccc::FunctionId;
use xen_bindings::{domain, dt_device_node, dt_phandle_args, xen_domctl_createdomain};

/// Xen's EINVAL and EIO, as the callbacks return them.
const EINVAL: c_int = xen_bindings::EINVAL as c_int;
const EIO: c_int = xen_bindings::EIO as c_int;

extern "C" {
    fn scmi_rs_map_channel(start: u64, len: usize) -> *mut c_void;
}

/// The domain agents and who holds each.
#[link_section = ".data.read_mostly"]
pub static AGENTS: AgentTable = AgentTable::new();

/// Xen's SCMI node (the one it probed), which `access-controllers` entries
/// name; null until multi-agent mode is set up.
#[link_section = ".data.ro_after_init"]
pub static XEN_SCMI_NODE: AtomicPtr<dt_device_node> = AtomicPtr::new(core::ptr::null_mut());

/// Xen's channel, mapped at boot; null in single-agent mode.
#[link_section = ".data.ro_after_init"]
static CHANNEL: AtomicPtr<u32> = AtomicPtr::new(core::ptr::null_mut());

/// Xen's doorbell: the probed node's "arm,smc-id".
#[link_section = ".data.ro_after_init"]
static DOORBELL: AtomicU32 = AtomicU32::new(0);

/// One management exchange at a time: the channel holds one message.
static CHANNEL_BUSY: AtomicBool = AtomicBool::new(false);

/// Xen's mapped channel.
///
/// # Invariants
/// `base` points to at least `MIN_CHANNEL_SIZE` bytes of device memory
/// mapped at boot and never unmapped, which only the holder of
/// `CHANNEL_BUSY` accesses.
struct Mmio {
    base: NonNull<u32>,
}

impl Channel for Mmio {
    fn read(&mut self, offset: usize) -> u32 {
        // SAFETY: by the invariants the word is mapped and ours; the
        // policy only uses aligned offsets below `MIN_CHANNEL_SIZE`.
        unsafe { self.base.as_ptr().add(offset / 4).read_volatile() }
    }

    fn write(&mut self, offset: usize, value: u32) {
        // SAFETY: as for `read`.
        unsafe { self.base.as_ptr().add(offset / 4).write_volatile(value) }
    }
}

/// Sends one Base request as Xen's agent and waits for the answer.
pub fn exchange(request: BaseRequest) -> Result<u32, ChannelError> {
    let Some(base) = NonNull::new(CHANNEL.load(Ordering::Acquire)) else {
        return Err(ChannelError::NoResponse);
    };
    while CHANNEL_BUSY
        .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
        .is_err()
    {
        core::hint::spin_loop();
    }
    let doorbell = u64::from(DOORBELL.load(Ordering::Relaxed));
    let result = request.exchange(&mut Mmio { base }, |_| {
        // The message must reach memory before the firmware looks; client
        // id 0 is the hypervisor itself.
        smc::barrier();
        let _ = smc::smc(&[doorbell, 0, 0, 0, 0, 0, 0, 0]);
    });
    CHANNEL_BUSY.store(false, Ordering::Release);
    result
}

/// Called once the node's single-agent checks passed, before the mediator
/// registers: if the host tree describes domain agents, maps Xen's
/// channel, learns Xen's agent id and adds every agent the firmware
/// confirms. `Err` when agents are described but Xen cannot manage them:
/// the mediator then stays off rather than fall back to giving the
/// hardware domain Xen's agent.
pub fn probe(node: NonNull<dt_device_node>, smc_id: FunctionId) -> Result<(), ()> {
    let tree = HostTree;
    let Some(agents) = tree.next_compatible(None, AGENTS_COMPATIBLE) else {
        return Ok(());
    };
    let mut channel = None;
    for_each_shmem_region(&tree, node, |visit| {
        if let (None, ShmemVisit::Region(region)) = (channel, visit) {
            channel = Some((region.addr, region.size));
        }
    });
    let Some((addr, size)) = channel.filter(|(_, size)| *size >= MIN_CHANNEL_SIZE) else {
        log::probe(&lines::boot::AGENTS_NO_CHANNEL, 0);
        return Err(());
    };
    // SAFETY: a boot-time mapping of the channel the host tree gives Xen's
    // agent, which nothing else maps for Xen; Xen checks the range.
    let base = unsafe { scmi_rs_map_channel(addr, size as usize) };
    if base.is_null() {
        log::probe(&lines::boot::AGENTS_NO_CHANNEL, addr);
        return Err(());
    }
    DOORBELL.store(smc_id.0, Ordering::Relaxed);
    CHANNEL.store(base.cast(), Ordering::Release);
    let own = match exchange(BaseRequest::DiscoverAgent { agent: u32::MAX }) {
        Ok(id) => id,
        Err(_) => {
            log::probe(&lines::boot::AGENTS_NO_ANSWER, 0);
            CHANNEL.store(core::ptr::null_mut(), Ordering::Release);
            return Err(());
        }
    };
    AGENTS.set_privileged(own, smc_id);
    XEN_SCMI_NODE.store(node.as_ptr(), Ordering::Release);
    log::probe(&lines::boot::AGENTS_XEN, u64::from(own));
    for_each_agent(&tree, agents, |at, agent| {
        let name = full_name(at);
        let Ok((id, smc)) = agent else {
            return log::dt(&lines::boot::AGENT_BAD_NODE, name, 0, 0);
        };
        match exchange(BaseRequest::DiscoverAgent { agent: id }) {
            Ok(found) if found == id => {}
            _ => return log::dt(&lines::boot::AGENT_UNKNOWN, name, u64::from(id), 0),
        }
        match AGENTS.add(id, smc) {
            Ok(()) => log::dt(
                &lines::boot::AGENT_OK,
                name,
                u64::from(id),
                u64::from(smc.0),
            ),
            Err(_) => log::dt(&lines::boot::AGENT_REFUSED, name, u64::from(id), 0),
        }
    });
    Ok(())
}

/// Whether the host tree described domain agents and the boot checks
/// passed: multi-agent mode.
pub fn is_on() -> bool {
    AGENTS.is_multi_agent()
}

/// Takes back the agent of a dying domain and resets it in the firmware.
pub fn domain_destroy(d: Domain<'_>) {
    let Some(agent) = AGENTS.release(d.token()) else {
        return;
    };
    d.set_sci_enabled(false);
    // Back to the reset state, permissions included. Another domain may
    // claim the agent as soon as it is released; one created in between
    // would start with what is left, which the reset then clears.
    let line: &LogFormat<_> = match exchange(BaseRequest::ResetAgentConfiguration { agent }) {
        Ok(_) => &lines::DESTROY_AGENT_RESET,
        Err(_) => &lines::DESTROY_AGENT_RESET_FAILED,
    };
    log::domain(line, d.id(), u64::from(agent));
}

/// `domain_init` when domain agents are described: the agent the
/// configuration names, if the policy allows it.
pub fn domain_init(d: Domain<'_>, config: &xen_domctl_createdomain) -> c_int {
    let (requested, agent) = (config.arch.arm_sci_type, requested_agent(config));
    match policy::domain_init_multi_agent(&AGENTS, &info(d), requested, agent) {
        Ok(InitOutcome::Owner) => {
            d.set_sci_enabled(true);
            log::domain(&lines::INIT_AGENT, d.id(), u64::from(agent));
            0
        }
        Ok(InitOutcome::NoScmi) => 0,
        Err(err) => {
            log::domain(err.log_line(), d.id(), err.log_arg());
            err.errno()
        }
    }
}

/// The agent id the configuration names (0: this Xen's ABI has no field
/// for it, and the policy then finds no such agent).
#[cfg(xen_sci_agent_id)]
fn requested_agent(config: &xen_domctl_createdomain) -> u8 {
    config.arch.arm_sci_agent_id
}

#[cfg(not(xen_sci_agent_id))]
fn requested_agent(_config: &xen_domctl_createdomain) -> u8 {
    0
}

/// A device passed through to `d` names Xen's SCMI node among its access
/// controllers: allow the domain's agent that SCMI device.
pub unsafe extern "C" fn assign_dt_device(d: *mut domain, spec: *mut dt_phandle_args) -> c_int {
    // SAFETY: Xen passes the domain being built and one parsed
    // `access-controllers` entry, both alive for the call.
    let (Some(d), Some(spec)) = (unsafe { Domain::from_raw(d) }, unsafe { spec.as_ref() }) else {
        return -EINVAL;
    };
    let names_xen = !spec.np.is_null() && spec.np == XEN_SCMI_NODE.load(Ordering::Acquire);
    let count = usize::try_from(spec.args_count).unwrap_or(usize::MAX);
    let args = spec.args.get(..count).unwrap_or(&[]);
    let device = match device_of(names_xen, args) {
        Ok(Some(device)) => device,
        Ok(None) => return 0,
        Err(_) => {
            log::domain(&lines::ASSIGN_BAD_ENTRY, d.id(), count as u64);
            return -EINVAL;
        }
    };
    let Some(agent) = AGENTS.held_by(d.token()) else {
        log::domain(&lines::ASSIGN_NO_AGENT, d.id(), u64::from(device));
        // The hardware domain never holds an agent here; its devices keep
        // whatever the firmware gives them rather than stop the boot. Any
        // other domain was configured to use a device it cannot control.
        return if d.is_hardware() { 0 } else { -EINVAL };
    };
    let request = BaseRequest::SetDevicePermissions {
        agent,
        device,
        allow: true,
    };
    match exchange(request) {
        Ok(_) => {
            log::domain(&lines::ASSIGN_GRANTED, d.id(), u64::from(device));
            0
        }
        Err(_) => {
            log::domain(&lines::ASSIGN_FAILED, d.id(), u64::from(device));
            -EIO
        }
    }
}
