//! Every log line of the mediator, as a C `printk` format, in one place.
//!
//! The FFI prints these with Xen's own `printk`, so no formatting code is
//! linked from Rust. Each format starts with its Xen log level (`<0>` error,
//! `<1>` warning, `<2>` info, `<3>` debug; `<G>` marks lines a guest can
//! provoke, so Xen's guest log level and rate limits apply to them). Lines
//! are short, as Xen's own are: the docs explain them.
//!
//! Each format belongs to a family with a fixed argument list, which the FFI
//! always passes in full (C ignores surplus variadic arguments):
//!
//! | family | arguments the FFI passes |
//! |---|---|
//! | [`Probe`] | `u64` value |
//! | [`Domain`] | `unsigned int` domain id, `u64` value |
//! | [`Dt`] | `char *` node full name, `u64` a, `u64` b |
//! | [`Grant`] | `u64` first pfn, `u64` last pfn, `i64` error |
//!
//! The family is part of a format's type ([`LogFormat<F>`]), and the FFI
//! prints each family through a function that takes only that family's
//! formats. The compiler checks every format against its family when it
//! builds the `static` holding it: conversions are limited to `%u`
//! (unsigned int), `%lu`/`%lx`/`%ld` (64-bit on arm64) and `%s`, with flags
//! and widths, and must consume a prefix of the family's arguments in type.
//!
//! Each line is a `static` of its own, so the linker can tell them apart:
//! the lines only the boot prints live in [`boot`], whose section names the
//! kbuild rule sends to Xen's `.init.rodata`, freed after boot.

use core::ffi::c_char;
use core::marker::PhantomData;

/// The C type of one `printk` argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogArg {
    /// `unsigned int`, printed with `%u` (domain ids).
    U32,
    /// `unsigned long` (64-bit), printed with `%lu` or `%lx`.
    U64,
    /// `long` (64-bit), printed with `%ld`.
    I64,
    /// NUL-terminated C string, printed with `%s`.
    Str,
}

/// A family of formats: the argument list the FFI passes for every one of
/// them.
pub trait Family {
    /// What the FFI passes, in order.
    const ARGS: &'static [LogArg];
}

/// The probe family (also sanitising): one `u64`.
#[derive(Debug)]
pub enum Probe {}
/// The domain family: `unsigned int` domain id, `u64`.
#[derive(Debug)]
pub enum Domain {}
/// The device-tree family: `char *` node, `u64`, `u64`.
#[derive(Debug)]
pub enum Dt {}
/// The grant family: `u64` first pfn, `u64` last pfn, `i64` error.
#[derive(Debug)]
pub enum Grant {}

impl Family for Probe {
    const ARGS: &'static [LogArg] = &[U64];
}
impl Family for Domain {
    const ARGS: &'static [LogArg] = &[U32, U64];
}
impl Family for Dt {
    const ARGS: &'static [LogArg] = &[Str, U64, U64];
}
impl Family for Grant {
    const ARGS: &'static [LogArg] = &[U64, U64, I64];
}

use LogArg::{Str, I64, U32, U64};

/// A NUL-terminated `printk` format of family `F`, stored in place: a
/// `static` of type `LogFormat<F, [u8; N]>`, used as `&LogFormat<F>`.
#[derive(Debug)]
#[repr(C)]
pub struct LogFormat<F, T: ?Sized = [u8]> {
    family: PhantomData<F>,
    text: T,
}

impl<F> LogFormat<F> {
    /// The format for `printk`: NUL-terminated, with no NUL before the end
    /// (checked when the `static` was built).
    pub fn as_ptr(&self) -> *const c_char {
        self.text.as_ptr().cast()
    }

    /// The format's bytes, up to and including the NUL.
    pub fn to_bytes_with_nul(&self) -> &[u8] {
        &self.text
    }
}

impl<F: Family, const N: usize> LogFormat<F, [u8; N]> {
    /// Builds a line from `text` plus a NUL. Only ever evaluated by the
    /// compiler (for a `static`), where a failed check (or an index out of
    /// bounds) is a build error, never a panic in Xen.
    #[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
    const fn new(text: &str) -> Self {
        let text = text.as_bytes();
        assert!(text.len() + 1 == N, "N is the text's length plus its NUL");
        assert!(
            fits_family(text, F::ARGS),
            "a conversion is unsupported or does not match the family"
        );
        let mut bytes = [0u8; N];
        let mut i = 0;
        while i < text.len() {
            assert!(text[i] != 0, "a NUL inside a format would cut it short");
            bytes[i] = text[i];
            i += 1;
        }
        LogFormat {
            family: PhantomData,
            text: bytes,
        }
    }
}

/// Whether the conversions of `format` consume a prefix of `family`, in
/// type. Supported: `%%`, then flags (`-+ #0`), a decimal width and `u`,
/// `s`, `lu`, `lx` or `ld`.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
pub(crate) const fn fits_family(format: &[u8], family: &[LogArg]) -> bool {
    let mut i = 0;
    let mut used = 0;
    while i < format.len() {
        if format[i] != b'%' {
            i += 1;
            continue;
        }
        i += 1;
        if i < format.len() && format[i] == b'%' {
            i += 1;
            continue;
        }
        while i < format.len() && matches!(format[i], b'-' | b'+' | b' ' | b'#' | b'0'..=b'9') {
            i += 1;
        }
        let long = i < format.len() && format[i] == b'l';
        if long {
            i += 1;
        }
        if i >= format.len() || used >= family.len() {
            return false;
        }
        let wanted = match (long, format[i]) {
            (false, b'u') => U32,
            (false, b's') => Str,
            (true, b'u' | b'x') => U64,
            (true, b'd') => I64,
            _ => return false,
        };
        if wanted as u8 != family[used] as u8 {
            return false;
        }
        used += 1;
        i += 1;
    }
    true
}

/// Declares lines: `NAME: Family = "text";`, each a checked `static`.
macro_rules! lines {
    ($($(#[$doc:meta])* $name:ident: $family:ty = $text:expr;)*) => {$(
        $(#[$doc])*
        pub static $name: LogFormat<$family, [u8; $text.len() + 1]> = LogFormat::new($text);
    )*};
}

/// Lines only the boot prints: the probe and the hardware domain's device
/// tree. The kbuild rule places them in `.init.rodata`.
pub mod boot {
    use super::{Dt, Grant, LogFormat, Probe};

    lines! {
        /// Probe refused: Xen booted with ACPI.
        PROBE_ACPI: Probe = "<1>SCMI: not supported with ACPI\n";
        /// Probe refused: SMCCC older than 1.1; arg: the version.
        PROBE_SMCCC_TOO_OLD: Probe = "<1>SCMI: SMCCC 0x%lx, need 1.1\n";
        /// Probe refused: no "arm,smc-id" property.
        PROBE_NO_SMC_ID: Probe = "<1>SCMI: no arm,smc-id\n";
        /// Probe refused: "arm,smc-id" is not one cell; arg: its length.
        PROBE_BAD_SMC_ID_LEN: Probe = "<1>SCMI: arm,smc-id is %lu bytes\n";
        /// Probe refused: a yielding call; arg: the id.
        PROBE_NOT_FAST_CALL: Probe = "<1>SCMI: SMC %#lx not a fast call\n";
        /// Probe refused: outside the SiP range, which is all Xen routes to
        /// the mediator; arg: the id.
        PROBE_NOT_SIP: Probe = "<1>SCMI: SMC %#lx not SiP\n";
        /// Probe accepted; arg: the function id forwarded.
        PROBE_OK: Probe = "<2>SCMI: forwarding SMC %#lx\n";
        /// `sci_register()` refused the mediator; arg: minus the errno.
        REGISTER_FAILED: Probe = "<0>SCMI: sci_register: -%lu\n";
        /// The passthrough option is set: dom0 does not own SCMI.
        PASSTHROUGH_ON: Probe = "<2>SCMI: passthrough, dom0 not the owner\n";

        /// The SCMI node has no "shmem"; args: node.
        DT_MISSING_SHMEM: Dt = "<1>SCMI: %s: no shmem\n";
        /// "shmem" is empty or not whole cells; args: node, length.
        DT_BAD_SHMEM_LENGTH: Dt = "<1>SCMI: %s: shmem is %lu bytes\n";
        /// A shmem phandle names no node; args: node, phandle.
        DT_DANGLING_PHANDLE: Dt = "<1>SCMI: %s: no node %#lx\n";
        /// A shmem phandle names another kind of node; args: it, phandle.
        DT_NOT_SHMEM: Dt = "<1>SCMI: %s: %#lx not arm,scmi-shmem\n";
        /// Channel without a "reg" entry that translates; args: node.
        DT_BAD_REG: Dt = "<1>SCMI: %s: no usable reg\n";
        /// Channel "reg" runs past its bus window; args: node.
        DT_REG_PAST_WINDOW: Dt = "<1>SCMI: %s: reg past bus window\n";
        /// Channel of size zero; args: node, address.
        DT_ZERO_SIZE: Dt = "<1>SCMI: %s: size 0 at %#lx\n";
        /// Channel running past 2^64; args: node, address, size.
        DT_OVERFLOW: Dt = "<1>SCMI: %s: %#lx+%#lx overflows\n";
        /// More children than are searched; args: node, limit.
        DT_TOO_MANY_CHILDREN: Dt = "<1>SCMI: %s: over %lu children\n";

        /// Agents are described but Xen's channel is unusable; arg: its
        /// address (0: none in the tree).
        AGENTS_NO_CHANNEL: Probe = "<0>SCMI: no channel for Xen's agent %#lx\n";
        /// The firmware did not answer Xen's BASE_DISCOVER_AGENT.
        AGENTS_NO_ANSWER: Probe = "<0>SCMI: no answer on Xen's channel\n";
        /// Xen's own agent id; arg: it.
        AGENTS_XEN: Probe = "<2>SCMI: Xen is agent %lu\n";
        /// An agent node without a usable id or doorbell; args: node.
        AGENT_BAD_NODE: Dt = "<1>SCMI: %s: bad agent node\n";
        /// The firmware does not know the agent; args: node, agent id.
        AGENT_UNKNOWN: Dt = "<1>SCMI: %s: agent %lu unknown to firmware\n";
        /// A duplicate, a full table or a doorbell Xen cannot route; args:
        /// node, agent id.
        AGENT_REFUSED: Dt = "<1>SCMI: %s: agent %lu refused\n";
        /// An agent Xen hands out; args: node, agent id, doorbell.
        AGENT_OK: Dt = "<2>SCMI: %s: agent %lu, SMC %#lx\n";

        /// dom0 may map a channel, to hand it to the owner; args: pfns.
        GRANT_OK: Grant = "<3>SCMI: dom0 may map %#lx-%#lx\n";
        /// Xen refused that; args: pfns, the negative errno.
        GRANT_FAILED: Grant = "<0>SCMI: dom0 map %#lx-%#lx: %ld\n";
    }
}

lines! {
    /// An unknown `arm_sci_type` (sanitising refuses it earlier); args:
    /// domain id, the raw type.
    INIT_INVALID_TYPE: Domain = "<1>SCMI: d%u: arm_sci_type %lu\n";
    /// A domain asked for SCMI without the passthrough option; args: id.
    INIT_NOT_ALLOWED: Domain = "<1>SCMI: d%u: scmi-smc-passthrough not set\n";
    /// SCMI already has an owner; args: domain id, the owner's id.
    INIT_BUSY: Domain = "<1>SCMI: d%u: owned by d%lu\n";
    /// `scmi_smc_multiagent` without domain agents described; args: id.
    INIT_NO_AGENTS: Domain = "<1>SCMI: d%u: no agents described\n";
    /// The requested agent is not described; args: id, agent id.
    INIT_AGENT_UNKNOWN: Domain = "<1>SCMI: d%u: no agent %lu\n";
    /// The requested agent is Xen's own; args: id, agent id.
    INIT_AGENT_XEN: Domain = "<1>SCMI: d%u: agent %lu is Xen's\n";
    /// Another domain holds the agent; args: id, the holder's id.
    INIT_AGENT_BUSY: Domain = "<1>SCMI: d%u: agent held by d%lu\n";
    /// `scmi_smc` while domain agents are described; args: id.
    INIT_SINGLE_AGENT: Domain = "<1>SCMI: d%u: use scmi_smc_multiagent\n";
    /// A domain was given an agent; args: id, agent id.
    INIT_AGENT: Domain = "<2>SCMI: d%u has agent %lu\n";
    /// The agent of a destroyed domain is back in its reset state; args:
    /// id, agent id.
    DESTROY_AGENT_RESET: Domain = "<2>SCMI: d%u: agent %lu reset\n";
    /// The firmware did not reset it: the next holder may inherit
    /// permissions; args: id, agent id.
    DESTROY_AGENT_RESET_FAILED: Domain = "<0>SCMI: d%u: agent %lu not reset\n";
    /// An `access-controllers` entry naming Xen's SCMI node has other than
    /// one cell; args: id, how many.
    ASSIGN_BAD_ENTRY: Domain = "<1>SCMI: d%u: %lu access-controller cells\n";
    /// A device naming Xen's SCMI node goes to a domain without an agent;
    /// args: id, SCMI device.
    ASSIGN_NO_AGENT: Domain = "<1>SCMI: d%u: device %lu needs an agent\n";
    /// The domain's agent may use the device now; args: id, SCMI device.
    ASSIGN_GRANTED: Domain = "<2>SCMI: d%u: device %lu granted\n";
    /// The firmware refused or did not answer; args: id, SCMI device.
    ASSIGN_FAILED: Domain = "<0>SCMI: d%u: device %lu not granted\n";
    /// A domain became the owner; args: domain id.
    INIT_OWNER: Domain = "<2>SCMI: d%u owns SCMI\n";
    /// The owner was destroyed, SCMI is free; args: domain id.
    DESTROY_RELEASED: Domain = "<2>SCMI: d%u released SCMI\n";
    /// A domain that is not the owner issued the SCMI SMC; args: domain
    /// id, the function id. Guest-triggered: rate-limited.
    CALL_REFUSED: Domain = "<G><1>SCMI: d%u: SMC %#lx refused\n";
    /// Sanitising refused an unknown `arm_sci_type`; arg: the raw type.
    SANITISE_BAD_TYPE: Probe = "<1>SCMI: arm_sci_type %lu\n";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checker_accepts_what_the_families_pass() {
        assert!(fits_family(b"100%% %08lx %u", &[U64, U32]));
        assert!(!fits_family(b"%s %#lx %ld", Grant::ARGS));
        assert!(fits_family(b"%s %#lx %lu", Dt::ARGS));
        assert!(fits_family(b"%#lx-%#lx: %ld", Grant::ARGS));
        assert!(fits_family(b"no conversion", Probe::ARGS));
    }

    #[test]
    fn the_checker_refuses_what_printk_would_misread() {
        for bad in [&b"%d"[..], b"%x", b"%llx", b"%p", b"%lu", b"%", b"%l"] {
            assert!(!fits_family(bad, Domain::ARGS), "{bad:?}");
        }
        // One conversion too many for the family.
        assert!(!fits_family(b"%lu %lu", Probe::ARGS));
    }
}
