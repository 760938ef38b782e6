//! Multi-agent mode (`docs/multi-agent.md`, built with the `multi-agent`
//! feature): the domain agents the host tree describes, checked with the
//! firmware at boot over Xen's own channel, the Base management messages
//! Xen sends over it later (device permissions, resetting an agent), and
//! the callbacks of the table registered in this mode.

use crate::dom0_tree::Dom0Sink;
use crate::host_tree::{DtNode, HostTree};
use crate::ops::{self, info};
use crate::spinlock::SpinLock;
use crate::xen::Domain;
use crate::{printk, smc};
use core::ffi::{c_int, c_void};
use core::marker::PhantomData;
use core::ptr::NonNull;
use core::sync::atomic::{AtomicPtr, Ordering};
use scmi_smc::agents::{
    confirm_agent, container_of, device_of, dom0_agent, for_each_secondary_agent, AgentError,
    AgentHint, AgentTable, BaseRequest, Channel, ChannelError, Confirmation, Dom0Agent, EntryError,
    ResetOutcome, SecondaryAgent, Sender, UnresetAgents, MAX_SECONDARY_AGENTS, MIN_CHANNEL_SIZE,
};
use scmi_smc::dt::{dom0_node_action_multi_agent, for_each_shmem_region, ShmemVisit};
use scmi_smc::errno::Errno;
use scmi_smc::lifecycle::{self as policy, InitOutcome, SciType};
use scmi_smc::log::{self as lines, LogFormat};
use scmi_smc::smccc::FunctionId;
use xen_bindings::{
    cpu_user_regs, domain, dt_device_node, dt_phandle_args, sci_mediator_ops, spinlock_t,
    xen_domctl_createdomain,
};

// The ABI's multi-agent type and agent field, which this mode reads, are
// the bindings' own: a Xen without them does not build this mode.
const _: () = assert!(
    SciType::ScmiSmcMultiAgent as u32 == xen_bindings::XEN_DOMCTL_CONFIG_ARM_SCI_SCMI_SMC_MA
);

extern "C" {
    fn scmi_rs_map_channel(start: u64, len: usize) -> *mut c_void;
    fn scmi_rs_unmap_channel(va: *mut c_void);
    /// Defined with `DEFINE_SPINLOCK()` in the C helpers.
    static mut scmi_rs_management_lock: spinlock_t;
}

/// The callbacks of multi-agent mode. Xen keeps a pointer to the table
/// after boot: it lives in a section the build never moves to `.init`.
#[link_section = ".rodata"]
pub static OPS: sci_mediator_ops = sci_mediator_ops {
    domain_init: Some(domain_init),
    domain_sanitise_config: Some(ops::domain_sanitise_config),
    domain_destroy: Some(domain_destroy),
    relinquish_resources: None,
    handle_call: Some(handle_call),
    dom0_dt_handle_node: Some(dom0_dt_handle_node),
    dom0_dt_finalize: None,
    assign_dt_device: Some(assign_dt_device),
};

/// The domain agents and who holds each.
#[link_section = ".data.read_mostly"]
static AGENTS: AgentTable = AgentTable::new();

/// The agents whose reset failed, kept from later domains.
#[link_section = ".data.read_mostly"]
static UNRESET: UnresetAgents = UnresetAgents::new();

/// Xen's SCMI node (the one it probed), which `access-controllers` entries
/// name.
#[link_section = ".data.ro_after_init"]
static XEN_SCMI_NODE: AtomicPtr<dt_device_node> = AtomicPtr::new(core::ptr::null_mut());

/// Xen's own channel to the firmware and its doorbell.
///
/// # Invariants
/// `base`, once set, points to at least `MIN_CHANNEL_SIZE` bytes of device
/// memory mapped at boot and never unmapped, which nothing but this
/// structure accesses.
struct ManagementChannel {
    base: Option<NonNull<u32>>,
    doorbell: u32,
    sender: Sender,
}

// SAFETY: the mapping is device memory that any CPU may access; nothing
// in it is tied to the CPU that mapped it.
unsafe impl Send for ManagementChannel {}

/// One management exchange at a time: the channel holds one message.
// SAFETY: the lock is defined by `DEFINE_SPINLOCK()` in the C helpers,
// lives for the whole run and nothing else takes it.
static MANAGEMENT: SpinLock<ManagementChannel> = unsafe {
    SpinLock::new(
        &raw mut scmi_rs_management_lock,
        ManagementChannel {
            base: None,
            doorbell: 0,
            sender: Sender::new(),
        },
    )
};

/// A mapped channel, for one exchange at a time.
///
/// # Invariants
/// `base` points to at least `MIN_CHANNEL_SIZE` bytes of mapped device
/// memory that nothing else accesses for `'a`: Xen's channel while the
/// management lock is held, or a domain agent's channel mapped at boot
/// for the one exchange that learns its id.
struct Mmio<'a> {
    base: NonNull<u32>,
    _held: PhantomData<&'a mut ()>,
}

impl Mmio<'_> {
    /// The word at `offset`, if it is one the exchange may touch.
    fn word(&self, offset: usize) -> Option<*mut u32> {
        let end = offset.checked_add(4)?;
        (offset % 4 == 0 && end <= MIN_CHANNEL_SIZE as usize)
            // SAFETY: within the mapped bytes (the type's invariants).
            .then(|| unsafe { self.base.as_ptr().add(offset / 4) })
    }

    /// Sends one Base request over this channel through `sender`, rings
    /// `doorbell` and waits for the answer.
    fn exchange(
        &mut self,
        sender: &mut Sender,
        doorbell: u32,
        request: BaseRequest,
    ) -> Result<u32, ChannelError> {
        let doorbell = u64::from(doorbell);
        sender.send(request, self, |_| {
            // The message must reach memory before the firmware looks;
            // client id 0 is the hypervisor itself.
            smc::barrier();
            smc::smc(&[doorbell, 0, 0, 0, 0, 0, 0, 0])[0]
        })
    }
}

impl Channel for Mmio<'_> {
    fn read(&mut self, offset: usize) -> u32 {
        // SAFETY: `word` gives only aligned words inside the mapping, which
        // is ours for now (the type's invariants).
        self.word(offset)
            .map_or(0, |word| unsafe { word.read_volatile() })
    }

    fn write(&mut self, offset: usize, value: u32) {
        if let Some(word) = self.word(offset) {
            // SAFETY: as for `read`.
            unsafe { word.write_volatile(value) }
        }
    }
}

/// Sends one Base request as Xen's agent and waits for the answer.
fn exchange(request: BaseRequest) -> Result<u32, ChannelError> {
    let mut channel = MANAGEMENT.lock();
    let Some(base) = channel.base else {
        return Err(ChannelError::NoResponse);
    };
    // The guard is held for the whole exchange: the mapping is ours.
    let mut mmio = Mmio {
        base,
        _held: PhantomData,
    };
    let doorbell = channel.doorbell;
    mmio.exchange(&mut channel.sender, doorbell, request)
}

/// Maps `len` bytes at `addr` for an exchange; `None` if Xen cannot.
fn map(addr: u64, len: u64) -> Option<NonNull<u32>> {
    let len = usize::try_from(len).ok()?;
    // SAFETY: a boot-time mapping of a channel the host tree describes,
    // which Xen checks and maps as device memory.
    NonNull::new(unsafe { scmi_rs_map_channel(addr, len) }).map(NonNull::cast)
}

/// Whether Xen manages the agents through `node`: Xen's SCMI node sits in
/// a "xen,sci" container. Any other "arm,scmi-smc" node (a domain's, as
/// the hardware domain's `/firmware/scmi`) is not the mediator's to probe.
pub fn is_xens_node(node: &'static DtNode) -> bool {
    if container_of(&HostTree, node).is_some() {
        return true;
    }
    printk::dt(&lines::boot::NOT_XENS_NODE, node.full_name(), 0, 0);
    false
}

/// Sets multi-agent mode up once Xen's node passed the probe: maps Xen's
/// channel, learns Xen's agent id, adds every domain agent the container
/// lists and the firmware confirms, and the hardware domain's agent. `Err`
/// when Xen cannot manage the agents: the mediator then stays off.
pub fn probe(node: &'static DtNode, smc_id: FunctionId) -> Result<(), Errno> {
    let tree = HostTree;
    let container = container_of(&tree, node).ok_or(Errno::ENODEV)?;
    let mut channel = None;
    for_each_shmem_region(&tree, node, |visit| {
        if let (None, ShmemVisit::Region(region)) = (channel, visit) {
            channel = Some(region);
        }
    });
    let Some(region) = channel.filter(|region| region.size >= MIN_CHANNEL_SIZE) else {
        printk::probe(&lines::boot::AGENTS_NO_CHANNEL, 0);
        return Err(Errno::ENODEV);
    };
    let Some(base) = map(region.addr, region.size) else {
        printk::probe(&lines::boot::AGENTS_NO_CHANNEL, region.addr);
        return Err(Errno::ENODEV);
    };
    *MANAGEMENT.lock() = ManagementChannel {
        base: Some(base),
        doorbell: smc_id.0,
        sender: Sender::new(),
    };
    let Ok(own) = exchange(BaseRequest::DiscoverAgent { agent: u32::MAX }) else {
        printk::probe(&lines::boot::AGENTS_NO_ANSWER, 0);
        return Err(Errno::ENODEV);
    };
    AGENTS.set_privileged(own, smc_id, (region.first_pfn(), region.last_pfn()));
    XEN_SCMI_NODE.store(node.as_ptr(), Ordering::Release);
    printk::probe(&lines::boot::AGENTS_XEN, u64::from(own));
    for_each_secondary_agent(&tree, container, |entry| match entry {
        Ok(agent) => add_agent(agent),
        Err(err) => report_entry(container, err),
    });
    let name = container.full_name();
    match dom0_agent(&tree, container) {
        Dom0Agent::None => {}
        Dom0Agent::Agent(id) => match AGENTS.set_dom0_agent(id) {
            Ok(()) => printk::dt(&lines::boot::DOM0_AGENT, name, u64::from(id), 0),
            Err(_) => printk::dt(&lines::boot::DOM0_AGENT_UNKNOWN, name, u64::from(id), 0),
        },
        Dom0Agent::Invalid(id) => {
            printk::dt(&lines::boot::DOM0_AGENT_INVALID, name, u64::from(id), 0)
        }
    }
    Ok(())
}

/// Adds one entry of the container's list, once the firmware confirmed
/// its agent id (the three-cell form) or told it (the two-cell form).
fn add_agent(agent: SecondaryAgent<&'static DtNode>) {
    let name = agent.channel.node.full_name();
    let id = match agent.agent {
        Some(id) => {
            let answer = exchange(BaseRequest::DiscoverAgent { agent: id });
            match confirm_agent(id, answer) {
                Confirmation::Confirmed => id,
                Confirmation::Unknown => {
                    return printk::dt(&lines::boot::AGENT_UNKNOWN, name, u64::from(id), 0)
                }
                Confirmation::Failed(why) => {
                    let line = &lines::boot::AGENT_NOT_CONFIRMED;
                    return printk::dt_reason(line, name, u64::from(id), why);
                }
            }
        }
        None => match discover(&agent) {
            Some(id) => id,
            None => return printk::dt(&lines::boot::AGENT_NO_ID, name, 0, 0),
        },
    };
    let channel = (agent.channel.first_pfn(), agent.channel.last_pfn());
    let line: &LogFormat<_> = match AGENTS.add(id, agent.smc, channel) {
        Ok(()) => &lines::boot::AGENT_OK,
        Err(AgentError::Reserved) => &lines::boot::AGENT_RESERVED,
        Err(AgentError::Overlap) => &lines::boot::AGENT_OVERLAP,
        Err(_) => &lines::boot::AGENT_REFUSED,
    };
    printk::dt(line, name, u64::from(id), u64::from(agent.smc.0));
}

/// The agent id of an entry in the two-cell form: the firmware's answer
/// to BASE_DISCOVER_AGENT on the agent's own channel and doorbell, the
/// channel mapped for that exchange alone.
fn discover(agent: &SecondaryAgent<&'static DtNode>) -> Option<u32> {
    let base = map(agent.channel.addr, MIN_CHANNEL_SIZE)?;
    let mut mmio = Mmio {
        base,
        _held: PhantomData,
    };
    let request = BaseRequest::DiscoverAgent { agent: u32::MAX };
    let id = mmio.exchange(&mut Sender::new(), agent.smc.0, request);
    // SAFETY: the mapping made above, which nothing uses any more.
    unsafe { scmi_rs_unmap_channel(base.as_ptr().cast()) };
    id.ok()
}

/// Prints why the list or one of its entries is not used.
fn report_entry(container: &'static DtNode, err: EntryError<&'static DtNode>) {
    let name = container.full_name();
    match err {
        EntryError::Missing => printk::dt(&lines::boot::AGENTS_MISSING, name, 0, 0),
        EntryError::BadCells(cells) => {
            printk::dt(&lines::boot::AGENTS_BAD_CELLS, name, u64::from(cells), 0)
        }
        EntryError::BadLength(len) => {
            printk::dt(&lines::boot::AGENTS_BAD_LENGTH, name, len as u64, 0)
        }
        EntryError::Channel { at, problem } => {
            let (line, [a, b]) = problem.report();
            printk::dt(line, at.full_name(), a, b);
        }
        EntryError::NotPageAligned { at, addr } => {
            printk::dt(&lines::boot::AGENT_NOT_ALIGNED, at.full_name(), addr, 0)
        }
        EntryError::TooMany => printk::dt(
            &lines::boot::AGENTS_TOO_MANY,
            name,
            MAX_SECONDARY_AGENTS as u64,
            0,
        ),
    }
}

/// Resets the agent of a dying domain in the firmware, then takes it
/// back: a domain that claims the agent afterwards starts from the reset
/// state, never with the permissions the dying one had. If the firmware
/// did not confirm the reset, the agent is marked first and refused to
/// every later domain (unless `scmi-smc-reuse-unreset-agents`); the dying
/// domain lets go of it either way.
unsafe extern "C" fn domain_destroy(d: *mut domain) {
    // SAFETY: Xen passes the dying domain, alive for the call.
    let Some(d) = (unsafe { Domain::from_raw(d) }) else {
        return;
    };
    let Some(agent) = AGENTS.held_by(d.token()) else {
        return;
    };
    let reset = exchange(BaseRequest::ResetAgentConfiguration { agent });
    let reuse = crate::state::REUSE_UNRESET.load(Ordering::Relaxed);
    let (id, value) = (d.id(), u64::from(agent));
    match UNRESET.record(agent, reset, reuse) {
        ResetOutcome::Reset => printk::domain(&lines::DESTROY_AGENT_RESET, id, value),
        ResetOutcome::KeptBack(why) => {
            printk::domain_reason(&lines::DESTROY_AGENT_RESET_FAILED, id, value, why)
        }
        ResetOutcome::Reused(why) => {
            printk::domain_reason(&lines::DESTROY_AGENT_REUSED, id, value, why)
        }
    }
    AGENTS.release(d.token());
    d.set_sci_hint(AgentHint::NONE.raw());
    d.set_sci_enabled(false);
}

/// The agent the configuration names, if the policy allows it.
unsafe extern "C" fn domain_init(d: *mut domain, config: *mut xen_domctl_createdomain) -> c_int {
    // SAFETY: Xen passes the domain being created and its configuration,
    // both alive for the call.
    let (Some(d), Some(config)) = (unsafe { Domain::from_raw(d) }, unsafe { config.as_ref() })
    else {
        return Errno::EINVAL.to_errno();
    };
    let (requested, agent) = (config.arch.arm_sci_type, config.arch.arm_sci_agent_id);
    match policy::domain_init_multi_agent(&AGENTS, &UNRESET, &info(d), requested, agent) {
        Ok(InitOutcome::Owner) => {
            d.set_sci_enabled(true);
            // The hardware domain's agent is the host tree's, not its
            // configuration's.
            let held = AGENTS.held_by(d.token()).unwrap_or(u32::from(agent));
            d.set_sci_hint(AGENTS.hint_for(d.token()).raw());
            printk::domain(&lines::INIT_AGENT, d.id(), u64::from(held));
            0
        }
        Ok(InitOutcome::NoScmi) => 0,
        Err(refusal) => printk::domain_refused(refusal, d.id()),
    }
}

/// Only the holder of an agent may ring its doorbell, and nobody Xen's.
unsafe extern "C" fn handle_call(regs: *mut cpu_user_regs) -> bool {
    // SAFETY: Xen passes the trapping vCPU's saved frame, as `handle_call`
    // requires.
    unsafe {
        ops::handle_call_with(regs, |caller, x0| {
            AGENTS.classify_hinted(caller.token(), AgentHint::from_raw(caller.sci_hint()), x0)
        })
    }
}

/// The hardware domain's device tree: the "xen,sci" container and the
/// channels that are not the hardware domain's left out, every domain
/// agent's channel granted.
#[link_section = ".init.text"]
unsafe extern "C" fn dom0_dt_handle_node(d: *mut domain, node: *mut dt_device_node) -> bool {
    // SAFETY: Xen passes the hardware domain under construction, alive for
    // the call, and a node of its host device tree.
    let (Some(d), Some(node)) = (unsafe { Domain::from_raw(d) }, unsafe {
        DtNode::from_raw(node)
    }) else {
        return false;
    };
    dom0_node_action_multi_agent(&HostTree, node, &AGENTS, &mut Dom0Sink(d)).is_skip()
}

/// A device passed through to `d` names Xen's SCMI node among its access
/// controllers: allow the domain's agent that SCMI device.
unsafe extern "C" fn assign_dt_device(d: *mut domain, spec: *mut dt_phandle_args) -> c_int {
    // SAFETY: Xen passes the domain being built and one parsed
    // `access-controllers` entry, both alive for the call.
    let (Some(d), Some(spec)) = (unsafe { Domain::from_raw(d) }, unsafe { spec.as_ref() }) else {
        return Errno::EINVAL.to_errno();
    };
    let names_xen = !spec.np.is_null() && spec.np == XEN_SCMI_NODE.load(Ordering::Acquire);
    let count = usize::try_from(spec.args_count).unwrap_or(usize::MAX);
    let args = spec.args.get(..count).unwrap_or(&[]);
    let device = match device_of(names_xen, args) {
        Ok(Some(device)) => device,
        Ok(None) => return 0,
        Err(refusal) => return printk::domain_refused(refusal, d.id()),
    };
    let Some(agent) = AGENTS.held_by(d.token()) else {
        printk::domain(&lines::ASSIGN_NO_AGENT, d.id(), u64::from(device));
        // The hardware domain never holds an agent here; its devices keep
        // whatever the firmware gives them rather than stop the boot. Any
        // other domain was configured to use a device it cannot control.
        return if d.is_hardware() {
            0
        } else {
            Errno::EINVAL.to_errno()
        };
    };
    let request = BaseRequest::SetDevicePermissions {
        agent,
        device,
        allow: true,
    };
    match exchange(request) {
        Ok(_) => {
            printk::domain(&lines::ASSIGN_GRANTED, d.id(), u64::from(device));
            0
        }
        Err(_) => {
            printk::domain(&lines::ASSIGN_FAILED, d.id(), u64::from(device));
            Errno::EIO.to_errno()
        }
    }
}
