//! From reset to the normal world: the boot CPU prepares the machine and
//! enters EL2 at the contract's entry; the others park for CPU_ON.

use super::{cpus, cycles, entry, gicv3, regs, scmi, sysreg};
use scmi_el3_firmware::console::Sink;
use scmi_el3_firmware::contract::{NS_DTB, NS_ENTRY};
use scmi_el3_firmware::pl011::Pl011;

/// What every CPU sets up for itself before its first entry to EL2: its
/// EL3/EL2 registers, its GIC CPU interface and its redistributor, and
/// the cycle counter that times SCMI messages.
pub fn init_this_cpu() {
    regs::init_this_cpu();
    cycles::init_this_cpu();
    gicv3::init_redistributor(sysreg::read!("mpidr_el1"));
}

/// The boot CPU, from the reset code with .data and .bss ready.
#[no_mangle]
extern "C" fn el3_boot_main() -> ! {
    gicv3::init_distributor();
    init_this_cpu();
    scmi::init();
    let mut console = Pl011::console();
    console.str("EL3: firmware up, entering EL2 at ");
    console.hex(NS_ENTRY);
    console.str(" dtb=");
    console.hex(NS_DTB);
    console.str("\n");
    cpus::mark_on(cpus::current());
    // SAFETY: the harness loads an EL2 image at NS_ENTRY and a DTB at
    // NS_DTB; this EL3 call stack is abandoned (and reset) on the way.
    unsafe { entry::el3_enter_lower(NS_ENTRY, NS_DTB, regs::SPSR_EL2H_MASKED) }
}

/// A secondary CPU (index `cpu`), straight from reset.
#[no_mangle]
extern "C" fn el3_secondary_main(cpu: u64) -> ! {
    cpus::park(cpu as usize)
}
