//! The SCMI SMCs: one channel per agent at the contract's addresses, one
//! multi-agent server for the platform, and per-client counters, all
//! behind one lock.

use super::cycles;
use super::spinlock::SpinLock;
use scmi_el3_firmware::agent_lines;
use scmi_el3_firmware::client_counters::ClientCounters;
use scmi_el3_firmware::contract::{NS_DTB, SCMI_SHMEM_SIZE};
use scmi_el3_firmware::fault_config;
use scmi_el3_firmware::moved_channel;
use scmi_el3_firmware::pl011::Pl011;
use scmi_el3_firmware::scmi_channels::ScmiChannel;
use scmi_server::{init_channel, Server, SharedMemory};

/// A shared-memory channel in normal RAM, reached with volatile word
/// accesses (the agent writes it from another exception level).
struct Channel {
    base: usize,
}

impl Channel {
    /// `channel`, at `privileged` if it is the privileged agent's.
    fn of(channel: ScmiChannel, privileged: usize) -> Self {
        let base = if channel == ScmiChannel::PRIVILEGED {
            privileged
        } else {
            channel.base()
        };
        Self { base }
    }

    /// The address of the word at `offset`, if it is aligned and inside.
    fn word(&self, offset: usize) -> Option<usize> {
        let end = offset.checked_add(4)?;
        (offset & 3 == 0 && end <= SCMI_SHMEM_SIZE).then_some(self.base + offset)
    }
}

impl SharedMemory for Channel {
    fn size(&self) -> usize {
        SCMI_SHMEM_SIZE
    }

    fn read_u32(&self, offset: usize) -> Option<u32> {
        let addr = self.word(offset)?;
        // SAFETY: `word` keeps the access aligned and inside one of the
        // channels, which lie in the top of RAM that the harness withholds
        // from the normal world's memory (the DT's /memory ends before
        // it), or, moved, on the one page of normal RAM the platform names
        // for it (`moved_channel`), which the harness places nothing on
        // and the scenario reserves `no-map`: it aliases nothing of the
        // firmware's.
        Some(unsafe { (addr as *const u32).read_volatile() })
    }

    fn write_u32(&mut self, offset: usize, value: u32) -> Option<()> {
        let addr = self.word(offset)?;
        // SAFETY: as for `read_u32`.
        unsafe { (addr as *mut u32).write_volatile(value) };
        Some(())
    }
}

struct Scmi {
    server: Server,
    counters: ClientCounters,
    /// Where the privileged agent's channel lies.
    privileged: usize,
}

// Agent 1 keeps every permission, so a set-up that only ever rings the
// first channel is served as by a single-agent platform, except that
// Base discovery reports the other agents.
static SCMI: SpinLock<Scmi> = SpinLock::new(Scmi {
    server: Server::multi_agent(),
    counters: ClientCounters::new(),
    privileged: ScmiChannel::PRIVILEGED.base(),
});

/// The largest device tree read for fault rules.
const MAX_DTB: usize = 2 << 20;

/// Reads the scenario's settings from the normal world's device tree (where
/// the privileged channel lies, the fault rules; a setting that is not one
/// stops the machine with a line), then hands every channel to its agent
/// (free bit set): done once at boot, as agents wait for a free channel
/// before their first message.
pub fn init() {
    SCMI.with(|scmi| {
        configure(scmi);
        for channel in ScmiChannel::all() {
            init_channel(&mut Channel::of(channel, scmi.privileged));
        }
    });
}

fn configure(scmi: &mut Scmi) {
    // SAFETY: the harness loads the DTB at NS_DTB before any CPU runs, in
    // normal RAM that nothing writes while the boot CPU is still here; the
    // header is read first and the blob only as far as its size, capped.
    let header = unsafe { core::slice::from_raw_parts(NS_DTB as usize as *const u8, 40) };
    let Some(size) = fault_config::total_size(header) else {
        return;
    };
    // SAFETY: as above, the blob's own length, capped.
    let blob =
        unsafe { core::slice::from_raw_parts(NS_DTB as usize as *const u8, size.min(MAX_DTB)) };
    match moved_channel::privileged_base(blob) {
        Ok(Some(base)) => scmi.privileged = base,
        Ok(None) => {}
        Err(_) => super::fatal("bad scmi-shmem", 0),
    }
    if let Err(index) = fault_config::load(blob, scmi.server.faults_mut()) {
        super::fatal("bad scmi-faults rule", index as u64);
    }
}

/// Serves the message in `channel` from its agent, for hypervisor client
/// `client`; `started` is the cycle count when the SMC handler began, so
/// the client's cost covers dispatch, lock, message and counting.
pub fn call(channel: ScmiChannel, client: u16, started: u64) {
    SCMI.with(|scmi| {
        let outcome = scmi
            .server
            .process(channel.agent(), &mut Channel::of(channel, scmi.privileged));
        let cycles = cycles::now().wrapping_sub(started);
        scmi.counters.record(client, outcome.is_error(), cycles);
    });
}

/// Prints the counter lines the harness reads: per client, then per agent.
pub fn print_counters() {
    SCMI.with(|scmi| {
        let mut console = Pl011::console();
        scmi.counters.print(&mut console);
        agent_lines::print(&scmi.server, &mut console);
        fault_config::print(scmi.server.faults(), &mut console);
    });
}
