//! Safe wrappers around the Xen functions, variables and C helpers the
//! mediator uses. Each wrapper states what makes its call sound.

use core::ffi::{c_int, c_ulong};
use core::marker::PhantomData;
use core::ptr::NonNull;
pub use scmi_smc::errno::Errno;
use xen_bindings::{domain, sci_mediator_ops};

extern "C" {
    fn scmi_rs_current_domain() -> *mut domain;
    fn scmi_rs_domain_id(d: *const domain) -> u16;
    fn scmi_rs_is_hardware_domain(d: *const domain) -> bool;
    fn scmi_rs_is_32bit_domain(d: *const domain) -> bool;
    fn scmi_rs_set_sci_enabled(d: *mut domain, enabled: bool);
    fn scmi_rs_acpi_disabled() -> bool;
    fn scmi_rs_iomem_permit_access(d: *mut domain, first: c_ulong, last: c_ulong) -> c_int;
    fn scmi_rs_printk_ratelimit() -> bool;
}

#[cfg(feature = "multi-agent")]
extern "C" {
    fn scmi_rs_domain_sci_hint(d: *const domain) -> c_ulong;
    fn scmi_rs_set_domain_sci_hint(d: *mut domain, hint: c_ulong);
}

/// A domain Xen handed us, for the duration of the callback it came with.
///
/// # Invariants
/// `ptr` points to a `struct domain` that stays alive for `'a`: the
/// callback's (or the trap's) duration. The lifetime keeps a `Domain` from
/// being stored beyond it.
#[derive(Clone, Copy)]
pub struct Domain<'a> {
    ptr: NonNull<domain>,
    _alive: PhantomData<&'a domain>,
}

impl<'a> Domain<'a> {
    /// Wraps a domain pointer from a Xen callback.
    ///
    /// # Safety
    /// `d` must be null or point to a `struct domain` that stays alive for
    /// `'a` (true for the argument of any mediator callback, for the
    /// callback's duration).
    pub unsafe fn from_raw(d: *mut domain) -> Option<Self> {
        NonNull::new(d).map(|ptr| Domain {
            ptr,
            _alive: PhantomData,
        })
    }

    /// The domain of the vCPU running on this CPU.
    ///
    /// # Safety
    /// Only while this CPU handles a trap of that vCPU, and `'a` must not
    /// outlive the trap: the trapping vCPU's domain is alive until then.
    /// [`crate::regs::TrapFrame::caller`] ties `'a` to the trap.
    pub(crate) unsafe fn current() -> Option<Self> {
        // SAFETY: `current` is always a valid vCPU, and by the caller's
        // guarantee its domain outlives `'a`.
        unsafe { Self::from_raw(scmi_rs_current_domain()) }
    }

    /// The address, as the opaque token the ownership slot keeps.
    pub fn token(self) -> usize {
        self.ptr.as_ptr() as usize
    }

    /// The domain id.
    pub fn id(self) -> u16 {
        // SAFETY: the domain is alive (see `from_raw`); the helper reads one field.
        unsafe { scmi_rs_domain_id(self.ptr.as_ptr()) }
    }

    /// True for the hardware domain (dom0).
    pub fn is_hardware(self) -> bool {
        // SAFETY: as for `id`.
        unsafe { scmi_rs_is_hardware_domain(self.ptr.as_ptr()) }
    }

    /// True for an AArch32 domain.
    pub fn is_32bit(self) -> bool {
        // SAFETY: as for `id`.
        unsafe { scmi_rs_is_32bit_domain(self.ptr.as_ptr()) }
    }

    /// The agent-table hint kept in `d->arch.sci_data` (0 until set).
    #[cfg(feature = "multi-agent")]
    pub fn sci_hint(self) -> usize {
        // SAFETY: as for `id`; the helper reads one field, which only the
        // mediator writes.
        unsafe { scmi_rs_domain_sci_hint(self.ptr.as_ptr()) as usize }
    }

    /// Keeps `hint` in `d->arch.sci_data` for the domain's later calls.
    #[cfg(feature = "multi-agent")]
    pub fn set_sci_hint(self, hint: usize) {
        // SAFETY: as for `id`; the SCI layer leaves the field to the
        // mediator, and a number there is never dereferenced.
        unsafe { scmi_rs_set_domain_sci_hint(self.ptr.as_ptr(), hint as c_ulong) }
    }

    /// Sets `d->arch.sci_enabled`, which `sci_domain_is_enabled()` reads.
    pub fn set_sci_enabled(self, enabled: bool) {
        // SAFETY: as for `id`; Xen writes this field only through us.
        unsafe { scmi_rs_set_sci_enabled(self.ptr.as_ptr(), enabled) }
    }

    /// Lets the domain map the machine frames `first..=last` (iomem
    /// capability; the toolstack then maps them into the SCMI owner).
    pub fn iomem_permit(self, first: u64, last: u64) -> Result<(), Errno> {
        // SAFETY: as for `id`; the rangeset call allocates and may fail,
        // which is reported, not assumed away.
        Errno::from_return(unsafe { scmi_rs_iomem_permit_access(self.ptr.as_ptr(), first, last) })
    }
}

/// Hands Xen the mediator's callbacks, which it keeps for the rest of its
/// run.
pub fn sci_register(ops: &'static sci_mediator_ops) -> Result<(), Errno> {
    // SAFETY: the table lives for the whole run; Xen checks its mandatory
    // callbacks and only reads it.
    Errno::from_return(unsafe { xen_bindings::sci_register(ops) })
}

/// True unless Xen booted with ACPI.
pub fn acpi_disabled() -> bool {
    // SAFETY: reads a boot-time constant.
    unsafe { scmi_rs_acpi_disabled() }
}

/// The SMCCC version the firmware reported to Xen's PSCI code.
pub fn smccc_version() -> u32 {
    // SAFETY: `smccc_ver` is written once, by psci_init(), before any
    // initcall runs; after that it is only read.
    unsafe { core::ptr::addr_of!(xen_bindings::smccc_ver).read() }
}

/// Xen's printk rate limiter: true when a guest-triggered line may be
/// printed now.
pub fn printk_ratelimit() -> bool {
    // SAFETY: no arguments; Xen serialises the limiter internally.
    unsafe { scmi_rs_printk_ratelimit() }
}
