//! The SCMI SMC: the channel at the contract's address, one server for
//! the platform, and per-client counters, all behind one lock.

use super::cycles;
use super::spinlock::SpinLock;
use scmi_el3_firmware::client_counters::ClientCounters;
use scmi_el3_firmware::contract::{SCMI_SHMEM_BASE, SCMI_SHMEM_SIZE};
use scmi_el3_firmware::pl011::Pl011;
use scmi_server::{init_channel, AgentId, Server, SharedMemory};

/// The shared-memory channel in normal RAM, reached with volatile word
/// accesses (the agent writes it from another exception level).
struct Channel;

impl Channel {
    /// The address of the word at `offset`, if it is aligned and inside.
    fn word(offset: usize) -> Option<usize> {
        let end = offset.checked_add(4)?;
        (offset & 3 == 0 && end <= SCMI_SHMEM_SIZE).then_some(SCMI_SHMEM_BASE + offset)
    }
}

impl SharedMemory for Channel {
    fn size(&self) -> usize {
        SCMI_SHMEM_SIZE
    }

    fn read_u32(&self, offset: usize) -> Option<u32> {
        let addr = Self::word(offset)?;
        // SAFETY: `word` keeps the access aligned and inside the channel,
        // which the harness reserves for SCMI (the DT's /memory ends
        // before it), so it aliases nothing of the firmware.
        Some(unsafe { (addr as *const u32).read_volatile() })
    }

    fn write_u32(&mut self, offset: usize, value: u32) -> Option<()> {
        let addr = Self::word(offset)?;
        // SAFETY: as for `read_u32`.
        unsafe { (addr as *mut u32).write_volatile(value) };
        Some(())
    }
}

struct Scmi {
    server: Server,
    counters: ClientCounters,
}

static SCMI: SpinLock<Scmi> = SpinLock::new(Scmi {
    server: Server::new(),
    counters: ClientCounters::new(),
});

/// Hands the channel to the agent (free bit set): done once at boot, as
/// agents wait for a free channel before their first message.
pub fn init() {
    SCMI.with(|_| init_channel(&mut Channel));
}

/// Serves the message in the channel for hypervisor client `client`;
/// `started` is the cycle count when the SMC handler began, so the
/// client's cost covers dispatch, lock, message and counting. The one
/// channel belongs to the single-agent server's one (privileged) agent.
pub fn call(client: u16, started: u64) {
    SCMI.with(|scmi| {
        let outcome = scmi.server.process(AgentId::PRIVILEGED, &mut Channel);
        let cycles = cycles::now().wrapping_sub(started);
        scmi.counters.record(client, outcome.is_error(), cycles);
    });
}

/// Prints the counter lines the harness reads.
pub fn print_counters() {
    SCMI.with(|scmi| scmi.counters.print(&mut Pl011::console()));
}
