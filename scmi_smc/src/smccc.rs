//! SMC Calling Convention (Arm DEN 0028) facts the mediator relies on:
//! the function-id fields it checks, the version it needs, the "unknown
//! function" return value and the client id it passes.

/// `SMCCC_VERSION` value of SMCCC v1.1 (major 1 in bits 30:16, minor 1 in
/// bits 15:0). v1.1 is the first version whose calls preserve x4..x17, which
/// forwarding relies on (Xen's `ARM_SMCCC_VERSION_1_1`).
pub const SMCCC_VERSION_1_1: u32 = 0x1_0001;

/// What a caller sees in x0 for a function nobody handles
/// (`ARM_SMCCC_ERR_UNKNOWN_FUNCTION`, "NOT_SUPPORTED" in the spec).
pub const NOT_SUPPORTED: i64 = -1;

/// Bit 31: a fast (atomic) call; clear means a yielding call.
const FAST_CALL: u32 = 1 << 31;
/// Bits 29:24: the owning entity.
const OWNER_SHIFT: u32 = 24;
const OWNER_MASK: u32 = 0x3f;
/// Owning entity 2: Silicon Partner (SiP) service calls, where
/// SCMI-over-SMC lives and the only range Xen routes to the mediator.
const OWNER_SIP: u32 = 2;

/// A 32-bit SMCCC function identifier, as passed in w0: a plain newtype,
/// whose value is `.0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FunctionId(pub u32);

impl FunctionId {
    /// The identifier a caller meant with x0: only w0 counts, whatever an
    /// AArch64 caller left in bits 63:32.
    pub const fn from_x0(x0: u64) -> FunctionId {
        FunctionId(x0 as u32)
    }

    /// Bit 31: fast (atomic) call.
    pub const fn is_fast(self) -> bool {
        self.0 & FAST_CALL != 0
    }

    /// Bits 29:24 name the SiP service range.
    pub const fn is_sip(self) -> bool {
        (self.0 >> OWNER_SHIFT) & OWNER_MASK == OWNER_SIP
    }
}

/// The SMCCC client id a hypervisor puts in `W7[15:0]` for calls it makes on
/// behalf of domain `domid`.
///
/// SMCCC reserves W7 for a "Client ID" set by the hypervisor: bits 15:0 name
/// the calling VM, bits 31:16 a Secure OS session and are left zero here.
/// Client id 0 means "the hypervisor itself", so a VM's id cannot simply be
/// its domain id (dom0 would look like Xen); as Xen's OP-TEE mediator does,
/// the id is `domid + 1`. Firmware that counts per caller subtracts 1 to
/// name the domain. Real domain ids stay below 0x7ff0, so the addition never
/// saturates in practice; saturating keeps a bogus id from becoming 0.
pub const fn client_id_for_domain(domid: u16) -> u16 {
    domid.saturating_add(1)
}
