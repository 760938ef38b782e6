//! Which CPUs are on, and the hand-over from PSCI CPU_ON to the parked CPU.
//!
//! A slot moves OFF -> CLAIMED (CPU_ON is filling in the entry) ->
//! ON_PENDING (the target may go) -> ON (it has left for the lower EL),
//! and back to OFF on CPU_OFF. Only CPU_ON's compare-and-swap leaves OFF,
//! so two CPU_ONs for one CPU cannot both win.

use super::{boot, entry, gicv3, sysreg};
use core::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use scmi_el3_firmware::contract::MAX_CPUS;
use scmi_el3_firmware::function_ids::{
    AFFINITY_OFF, AFFINITY_ON, AFFINITY_ON_PENDING, PSCI_ALREADY_ON, PSCI_INVALID_PARAMETERS,
    PSCI_ON_PENDING,
};

const OFF: u32 = 0;
const CLAIMED: u32 = 1;
const ON_PENDING: u32 = 2;
const ON: u32 = 3;

/// One CPU's power state and its pending entry point.
struct Slot {
    state: AtomicU32,
    entry: AtomicU64,
    context: AtomicU64,
    spsr: AtomicU64,
}

impl Slot {
    const fn new() -> Self {
        Self {
            state: AtomicU32::new(OFF),
            entry: AtomicU64::new(0),
            context: AtomicU64::new(0),
            spsr: AtomicU64::new(0),
        }
    }
}

/// All zero at start, so it lives in .bss: parked CPUs may read it before
/// the boot CPU has cleared .bss (QEMU's RAM starts zeroed).
static SLOTS: [Slot; MAX_CPUS] = [const { Slot::new() }; MAX_CPUS];

/// This CPU's index (Aff0; the reset code parks any other layout).
pub fn current() -> usize {
    (sysreg::read!("mpidr_el1") & 0xff) as usize
}

/// The index of the CPU with affinity `mpidr`, if the firmware runs it.
pub fn index_of(mpidr: u64) -> Option<usize> {
    // Only affinity fields count; U, MT and the RES1 bit 31 do not.
    let affinity = mpidr & 0xff_00ff_ffff;
    let index = usize::try_from(affinity).ok().filter(|&i| i < MAX_CPUS)?;
    gicv3::redistributor_of(affinity).map(|_| index)
}

/// Records the boot CPU as on.
pub fn mark_on(cpu: usize) {
    if let Some(slot) = SLOTS.get(cpu) {
        slot.state.store(ON, Ordering::Release);
    }
}

/// CPU_ON's core: hands `entry`, `context` and `spsr` to parked CPU `cpu`.
/// Errors are PSCI return codes.
pub fn request_on(cpu: usize, entry: u64, context: u64, spsr: u64) -> Result<(), i64> {
    let slot = SLOTS.get(cpu).ok_or(PSCI_INVALID_PARAMETERS)?;
    if let Err(state) =
        slot.state
            .compare_exchange(OFF, CLAIMED, Ordering::Acquire, Ordering::Acquire)
    {
        return Err(if state == ON {
            PSCI_ALREADY_ON
        } else {
            PSCI_ON_PENDING
        });
    }
    slot.entry.store(entry, Ordering::Relaxed);
    slot.context.store(context, Ordering::Relaxed);
    slot.spsr.store(spsr, Ordering::Relaxed);
    slot.state.store(ON_PENDING, Ordering::Release);
    // SAFETY: SEV only signals an event to the other CPUs; it touches no
    // memory. The DSB makes the slot visible before they wake.
    unsafe { core::arch::asm!("dsb sy", "sev", options(nostack, preserves_flags)) };
    Ok(())
}

/// AFFINITY_INFO's answer for CPU `cpu`.
pub fn affinity_info(cpu: usize) -> i64 {
    match SLOTS
        .get(cpu)
        .map(|slot| slot.state.load(Ordering::Acquire))
    {
        Some(ON) => AFFINITY_ON,
        Some(CLAIMED | ON_PENDING) => AFFINITY_ON_PENDING,
        _ => AFFINITY_OFF,
    }
}

/// Parks this CPU until CPU_ON names it, then sets it up and enters the
/// lower EL at the requested entry point with x0 = the context id.
pub fn park(cpu: usize) -> ! {
    let Some(slot) = SLOTS.get(cpu) else {
        super::fatal("park: CPU index out of range", cpu as u64)
    };
    while slot.state.load(Ordering::Acquire) != ON_PENDING {
        // SAFETY: WFE only waits for an event (CPU_ON's SEV); it touches
        // no memory.
        unsafe { core::arch::asm!("wfe", options(nomem, nostack, preserves_flags)) };
    }
    boot::init_this_cpu();
    let entry = slot.entry.load(Ordering::Relaxed);
    let context = slot.context.load(Ordering::Relaxed);
    let spsr = slot.spsr.load(Ordering::Relaxed);
    slot.state.store(ON, Ordering::Release);
    // SAFETY: entering the lower EL abandons this EL3 call stack, which
    // `el3_enter_lower` resets; the entry point was checked by CPU_ON.
    unsafe { entry::el3_enter_lower(entry, context, spsr) }
}

/// CPU_OFF: this CPU goes back to the parked state.
pub fn turn_off(cpu: usize) -> ! {
    if let Some(slot) = SLOTS.get(cpu) {
        slot.state.store(OFF, Ordering::Release);
    }
    park(cpu)
}
