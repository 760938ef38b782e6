//! SMC Calling Convention (Arm DEN 0028) facts the mediator relies on:
//! function-id decoding, the version it needs, the "unknown function"
//! return value and the hypervisor client id.

use bitflags::bitflags;

/// `SMCCC_VERSION` value of SMCCC v1.1 (major 1 in bits 30:16, minor 1 in
/// bits 15:0). v1.1 is the first version whose calls preserve x4..x17, which
/// forwarding relies on (Xen's `ARM_SMCCC_VERSION_1_1`).
pub const SMCCC_VERSION_1_1: u32 = 0x1_0001;

/// What a caller sees in x0 for a function nobody handles
/// (`ARM_SMCCC_ERR_UNKNOWN_FUNCTION`, "NOT_SUPPORTED" in the spec).
pub const NOT_SUPPORTED: i64 = -1;

bitflags! {
    /// The single-bit fields of an SMCCC function identifier.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct CallFlags: u32 {
        /// Bit 31: a fast (atomic) call; clear means a yielding call.
        const FAST_CALL = 1 << 31;
        /// Bit 30: SMC64/HVC64 calling convention; clear means SMC32/HVC32.
        const SMC64 = 1 << 30;
    }
}

const OWNER_SHIFT: u32 = 24;
const OWNER_MASK: u32 = 0x3f;
const NUMBER_MASK: u32 = 0xffff;

/// Owning entity of a function identifier (bits 29:24).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// 0: Arm architecture calls (SMCCC_VERSION, ARCH_FEATURES, ...).
    Arch,
    /// 1: CPU service calls.
    Cpu,
    /// 2: Silicon Partner (SiP) service calls; SCMI-over-SMC lives here.
    SiP,
    /// 3: OEM service calls.
    Oem,
    /// 4: standard secure service calls (PSCI, ...).
    StandardSecure,
    /// 5: standard hypervisor service calls.
    StandardHypervisor,
    /// 6: vendor-specific hypervisor service calls.
    VendorHypervisor,
    /// 7..=47: reserved for future use; carries the raw owner number.
    Reserved(u8),
    /// 48..=49: trusted application calls; carries the raw owner number.
    TrustedApp(u8),
    /// 50..=63: trusted OS calls; carries the raw owner number.
    TrustedOs(u8),
}

impl Owner {
    /// Decodes the 6-bit owning-entity number.
    pub const fn from_raw(raw: u8) -> Owner {
        match raw & (OWNER_MASK as u8) {
            0 => Owner::Arch,
            1 => Owner::Cpu,
            2 => Owner::SiP,
            3 => Owner::Oem,
            4 => Owner::StandardSecure,
            5 => Owner::StandardHypervisor,
            6 => Owner::VendorHypervisor,
            n @ 48..=49 => Owner::TrustedApp(n),
            n @ 50..=63 => Owner::TrustedOs(n),
            n => Owner::Reserved(n),
        }
    }
}

/// A 32-bit SMCCC function identifier, as passed in w0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FunctionId(pub u32);

impl FunctionId {
    /// The identifier a caller meant with x0: only w0 counts, whatever an
    /// AArch64 caller left in bits 63:32.
    pub const fn from_x0(x0: u64) -> FunctionId {
        FunctionId(x0 as u32)
    }

    /// The raw 32-bit value.
    pub const fn raw(self) -> u32 {
        self.0
    }

    /// The flag bits (fast call, SMC64).
    pub const fn flags(self) -> CallFlags {
        CallFlags::from_bits_truncate(self.0)
    }

    /// Bit 31: fast (atomic) call.
    pub const fn is_fast(self) -> bool {
        self.flags().contains(CallFlags::FAST_CALL)
    }

    /// Bit 30: SMC64 calling convention.
    pub const fn is_smc64(self) -> bool {
        self.flags().contains(CallFlags::SMC64)
    }

    /// Bits 29:24: the owning entity.
    pub const fn owner(self) -> Owner {
        Owner::from_raw(((self.0 >> OWNER_SHIFT) & OWNER_MASK) as u8)
    }

    /// Bits 15:0: the function number within the owner's range.
    pub const fn number(self) -> u16 {
        (self.0 & NUMBER_MASK) as u16
    }
}

/// Client id that stands for the hypervisor itself in `W7[15:0]`.
pub const HYPERVISOR_CLIENT_ID: u16 = 0;

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
