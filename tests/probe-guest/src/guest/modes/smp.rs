//! `probe=smp-calls n=N [clock=C]`: the domain owns SCMI and calls it from
//! two vCPUs at once. vCPU 0 starts vCPU 1 with PSCI CPU_ON; each then
//! makes SCMI calls in a loop (Base PROTOCOL_VERSION, and with `clock=`
//! every other call a CLOCK_RATE_GET of that clock), each checked: the
//! channel handed back without error, the header its own (the token names
//! the vCPU and the call), SUCCESS.
//!
//! The two vCPUs share the one channel, so a lock keeps their messages
//! apart: Peterson's, made of plain loads and stores, because with the
//! MMU off memory is Device memory and exclusives are not to be used
//! there.
//!
//! Each vCPU makes at least N calls and goes on until the domain has been
//! paused: a test pauses it (`xl pause`) when the load it runs beside is
//! over, and vCPU 0 sees a gap of [`PAUSE_SECONDS`] between two calls. It
//! then prints one line with what each vCPU issued, which the test holds
//! against the firmware's count:
//! `smp-calls ok n=<total> vcpu0=<calls> vcpu1=<calls> failed=0`.

use crate::guest::console;
use crate::guest::dtb::GuestDt;
#[cfg(target_arch = "aarch64")]
use {
    super::channel_or_say,
    crate::guest::channel::Channel,
    crate::guest::{counter, smc},
    core::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering::SeqCst},
    probe_guest::line::Line,
    probe_guest::scmi::{
        self, BASE_PROTOCOL, CLOCK_PROTOCOL, CLOCK_RATE_GET, MIN_CHANNEL_SIZE, PROTOCOL_VERSION,
    },
};

/// A gap this long between two of vCPU 0's calls means the domain was
/// paused (the tests pause it for 12 s). 3 s was not enough: on a host
/// with 2 busy cores, QEMU let a vCPU of this guest stand still that long
/// (smp-agents: an owner stopped before dom0 had started).
#[cfg(target_arch = "aarch64")]
const PAUSE_SECONDS: u64 = 8;

/// PSCI CPU_ON, SMC64 (Xen answers PSCI on either conduit).
#[cfg(target_arch = "aarch64")]
const PSCI_CPU_ON: u32 = 0xc400_0003;

/// vCPU 1's MPIDR as Xen gives it: vCPU n has Aff0 = n (below 16).
#[cfg(target_arch = "aarch64")]
const VCPU1_MPIDR: usize = 1;

/// What the vCPUs share; vCPU 0 writes the set-up before CPU_ON.
#[cfg(target_arch = "aarch64")]
mod shared {
    use super::{AtomicBool, AtomicU32, AtomicUsize};

    /// Peterson's lock: each vCPU's "I want the channel", and whose turn
    /// it is to wait.
    pub static WANTS0: AtomicBool = AtomicBool::new(false);
    pub static WANTS1: AtomicBool = AtomicBool::new(false);
    pub static TURN: AtomicU32 = AtomicU32::new(0);
    /// The channel and its doorbell, the rounds and the clock (0: none,
    /// else clock + 1).
    pub static BASE: AtomicUsize = AtomicUsize::new(0);
    pub static SMC_ID: AtomicU32 = AtomicU32::new(0);
    pub static ROUNDS: AtomicU32 = AtomicU32::new(0);
    pub static CLOCK: AtomicU32 = AtomicU32::new(0);
    /// Set by vCPU 0 once the domain was paused: vCPU 1 stops after its
    /// minimum.
    pub static STOP: AtomicBool = AtomicBool::new(false);
    /// vCPU 1's results, then `DONE`.
    pub static CALLS: AtomicU32 = AtomicU32::new(0);
    pub static FAILED: AtomicU32 = AtomicU32::new(0);
    pub static DONE: AtomicBool = AtomicBool::new(false);
}

#[cfg(target_arch = "arm")]
pub fn run(_dt: &GuestDt, _rounds: u32, _clock: Option<u32>) {
    console::say("PROBE: smp-calls FAILED: no secondary vCPUs on AArch32");
}

#[cfg(target_arch = "aarch64")]
pub fn run(dt: &GuestDt, rounds: u32, clock: Option<u32>) {
    let Some(channel) = channel_or_say(dt, "smp-calls") else {
        return;
    };
    shared::BASE.store(channel.base(), SeqCst);
    shared::SMC_ID.store(dt.scmi_smc_id(), SeqCst);
    shared::ROUNDS.store(rounds, SeqCst);
    shared::CLOCK.store(clock.map_or(0, |c| c.saturating_add(1)), SeqCst);
    let [rc, ..] = smc::call(PSCI_CPU_ON, [VCPU1_MPIDR, secondary_entry(), 1, 0, 0, 0, 0]);
    if rc != 0 {
        console::print(
            Line::new()
                .text("PROBE: smp-calls FAILED: CPU_ON rc=")
                .signed(rc as isize as i64),
        );
        return;
    }
    console::say("PROBE: smp-calls: vcpu 1 started");
    let (calls, failed) = call_loop(&channel, 0, rounds, clock);
    while !shared::DONE.load(SeqCst) {
        core::hint::spin_loop();
    }
    let (calls1, failed1) = (shared::CALLS.load(SeqCst), shared::FAILED.load(SeqCst));
    let failed = u64::from(failed) + u64::from(failed1);
    console::print(
        Line::new()
            .text(if failed == 0 {
                "PROBE: smp-calls ok n="
            } else {
                "PROBE: smp-calls FAILED n="
            })
            .dec(u64::from(calls) + u64::from(calls1))
            .text(" vcpu0=")
            .dec(u64::from(calls))
            .text(" vcpu1=")
            .dec(u64::from(calls1))
            .text(" failed=")
            .dec(failed),
    );
}

/// vCPU 1, from the entry code: the same loop on the channel vCPU 0 set
/// up, then its counts for vCPU 0 to report. It never returns.
#[cfg(target_arch = "aarch64")]
#[no_mangle]
extern "C" fn probe_secondary_main(_context: usize) -> ! {
    let clock = shared::CLOCK.load(SeqCst).checked_sub(1);
    let rounds = shared::ROUNDS.load(SeqCst);
    let base = shared::BASE.load(SeqCst) as u64;
    let (calls, failed) = match Channel::new(base, MIN_CHANNEL_SIZE, shared::SMC_ID.load(SeqCst)) {
        Some(channel) => call_loop(&channel, 1, rounds, clock),
        None => (0, 1),
    };
    shared::CALLS.store(calls, SeqCst);
    shared::FAILED.store(failed, SeqCst);
    shared::DONE.store(true, SeqCst);
    loop {
        core::hint::spin_loop();
    }
}

/// vCPU `me`'s calls: at least `rounds`, then until vCPU 0 saw the pause.
/// Returns the calls made and how many failed.
#[cfg(target_arch = "aarch64")]
fn call_loop(channel: &Channel, me: usize, rounds: u32, clock: Option<u32>) -> (u32, u32) {
    let other = 1 - me;
    let (mine, theirs) = if me == 0 {
        (&shared::WANTS0, &shared::WANTS1)
    } else {
        (&shared::WANTS1, &shared::WANTS0)
    };
    let pause = counter::frequency().saturating_mul(PAUSE_SECONDS);
    let (mut calls, mut failed) = (0u32, 0u32);
    let mut last = counter::now();
    loop {
        if me == 0 {
            let now = counter::now();
            if now.wrapping_sub(last) >= pause {
                shared::STOP.store(true, SeqCst);
            }
            last = now;
        }
        if calls >= rounds && shared::STOP.load(SeqCst) {
            return (calls, failed);
        }
        // The token: the vCPU in the top bit, the call's number below, so
        // a reply to the other vCPU's message, or a stale one, shows.
        let token = ((me as u16) << 9) | (calls & 0x1ff) as u16;
        let (header, param) = match clock {
            Some(id) if calls % 2 == 1 => (
                scmi::command_header(CLOCK_PROTOCOL, CLOCK_RATE_GET, token),
                Some(id),
            ),
            _ => (
                scmi::command_header(BASE_PROTOCOL, PROTOCOL_VERSION, token),
                None,
            ),
        };
        // Peterson's entry: want it, give the other the turn, wait while
        // it wants it and has the turn.
        mine.store(true, SeqCst);
        shared::TURN.store(other as u32, SeqCst);
        // A store-release then a load-acquire are ordered on Arm, but
        // QEMU's TCG on an x86 host puts its full barrier before the
        // store only, so the turn could still sit in the store buffer
        // when the other's flag is read, and both vCPUs enter (smp-agents
        // saw it once in 3.2 million calls). DMB ISH is translated to a
        // full barrier.
        core::sync::atomic::fence(SeqCst);
        while theirs.load(SeqCst) && shared::TURN.load(SeqCst) == other as u32 {
            core::hint::spin_loop();
        }
        let ok = channel.call_with(header, param, [0; 7]).succeeded(header);
        mine.store(false, SeqCst);
        calls = calls.wrapping_add(1);
        failed = failed.wrapping_add(u32::from(!ok));
    }
}

/// Where vCPU 1 starts: the entry code's address (the MMU is off, so it is
/// the IPA CPU_ON wants).
#[cfg(target_arch = "aarch64")]
fn secondary_entry() -> usize {
    let address: usize;
    // SAFETY: computes a PC-relative address; touches nothing.
    unsafe {
        core::arch::asm!(
            "adrp {0}, probe_secondary_entry",
            "add {0}, {0}, :lo12:probe_secondary_entry",
            out(reg) address,
            options(nomem, nostack, preserves_flags),
        );
    }
    address
}
