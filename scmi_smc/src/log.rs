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
//! | [`ProbeLine`] | `u64` value |
//! | [`DomainLine`] | `unsigned int` domain id, `u64` value |
//! | [`DtLine`] | `char *` node full name, `u64` a, `u64` b |
//! | [`GrantLine`] | `u64` first pfn, `u64` last pfn, `i64` error |
//! | [`DtReasonLine`] | `char *` node full name, `u64` agent, `char *` reason |
//! | [`DomainReasonLine`] | `unsigned int` domain id, `u64` agent, `char *` reason |
//! | [`DtTextLine`] | `char *` node full name, `char *` text |
//!
//! The family is part of a format's type ([`LogFormat<F>`]), and the FFI
//! prints each family through a function that takes only that family's
//! formats. The compiler checks every format against its family when it
//! builds the `static` holding it: conversions are limited to `%u`
//! (unsigned int), `%lu`/`%lx`/`%ld` (64-bit on arm64) and `%s`, with flags
//! and widths, and must consume a prefix of the family's arguments in type.
//!
//! Each line is a `static` of its own, so the linker can tell them apart:
//! the kbuild rule moves the lines only boot code prints to Xen's
//! `.init.rodata`, freed after boot. [`boot`] gathers them for the reader.

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
pub enum ProbeLine {}
/// The domain family: `unsigned int` domain id, `u64`.
#[derive(Debug)]
pub enum DomainLine {}
/// The device-tree family: `char *` node, `u64`, `u64`.
#[derive(Debug)]
pub enum DtLine {}
/// The grant family: `u64` first pfn, `u64` last pfn, `i64` error.
#[derive(Debug)]
pub enum GrantLine {}

/// The device-tree family with a reason: `char *` node, `u64`, `char *`.
#[derive(Debug)]
pub enum DtReasonLine {}
/// The domain family with a reason: `unsigned int` domain id, `u64`,
/// `char *`.
#[derive(Debug)]
pub enum DomainReasonLine {}

/// The device-tree family with a text: `char *` node, `char *`.
#[derive(Debug)]
pub enum DtTextLine {}

impl Family for ProbeLine {
    const ARGS: &'static [LogArg] = &[U64];
}
impl Family for DomainLine {
    const ARGS: &'static [LogArg] = &[U32, U64];
}
impl Family for DtLine {
    const ARGS: &'static [LogArg] = &[Str, U64, U64];
}
impl Family for GrantLine {
    const ARGS: &'static [LogArg] = &[U64, U64, I64];
}
impl Family for DtReasonLine {
    const ARGS: &'static [LogArg] = &[Str, U64, Str];
}
impl Family for DomainReasonLine {
    const ARGS: &'static [LogArg] = &[U32, U64, Str];
}
impl Family for DtTextLine {
    const ARGS: &'static [LogArg] = &[Str, Str];
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
/// tree.
pub mod boot {
    use super::{DtLine, DtReasonLine, DtTextLine, GrantLine, LogFormat, ProbeLine};

    lines! {
        /// Probe refused: Xen booted with ACPI.
        PROBE_ACPI: ProbeLine = "<1>SCMI: not supported with ACPI\n";
        /// Probe refused: SMCCC older than 1.1; arg: the version.
        PROBE_SMCCC_TOO_OLD: ProbeLine = "<1>SCMI: SMCCC 0x%lx, need 1.1\n";
        /// Probe refused: no "arm,smc-id" property.
        PROBE_NO_SMC_ID: ProbeLine = "<1>SCMI: no arm,smc-id\n";
        /// Probe refused: "arm,smc-id" is not one cell; arg: its length.
        PROBE_BAD_SMC_ID_LEN: ProbeLine = "<1>SCMI: arm,smc-id is %lu bytes\n";
        /// Probe refused: a yielding call; arg: the id.
        PROBE_NOT_FAST_CALL: ProbeLine = "<1>SCMI: SMC %#lx not a fast call\n";
        /// Probe refused: outside the SiP range, which is all Xen routes to
        /// the mediator; arg: the id.
        PROBE_NOT_SIP: ProbeLine = "<1>SCMI: SMC %#lx not SiP\n";
        /// Probe accepted; arg: the function id forwarded.
        PROBE_OK: ProbeLine = "<2>SCMI: forwarding SMC %#lx\n";
        /// `sci_register()` refused the mediator; arg: minus the errno.
        REGISTER_FAILED: ProbeLine = "<0>SCMI: sci_register: -%lu\n";
        /// The passthrough option in multi-agent mode, where each domain's
        /// agent is its configuration's and the option means nothing.
        PASSTHROUGH_IGNORED: ProbeLine = "<1>SCMI: scmi-smc-passthrough ignored with agents\n";
        /// The passthrough option is set: dom0 does not own SCMI.
        PASSTHROUGH_ON: ProbeLine = "<2>SCMI: passthrough, dom0 not the owner\n";

        /// The SCMI node has no "shmem"; args: node.
        DT_MISSING_SHMEM: DtLine = "<1>SCMI: %s: no shmem\n";
        /// "shmem" is empty or not whole cells; args: node, length.
        DT_BAD_SHMEM_LENGTH: DtLine = "<1>SCMI: %s: shmem is %lu bytes\n";
        /// A shmem phandle names no node; args: node, phandle.
        DT_DANGLING_PHANDLE: DtLine = "<1>SCMI: %s: no node %#lx\n";
        /// A shmem phandle names another kind of node; args: it, phandle.
        DT_NOT_SHMEM: DtLine = "<1>SCMI: %s: %#lx not arm,scmi-shmem\n";
        /// Channel without a "reg" entry that translates; args: node.
        DT_BAD_REG: DtLine = "<1>SCMI: %s: no usable reg\n";
        /// Channel "reg" runs past its bus window; args: node.
        DT_REG_PAST_WINDOW: DtLine = "<1>SCMI: %s: reg past bus window\n";
        /// A bus's translation of the channel wraps past 2^64; args: node.
        DT_REG_WRAPS: DtLine = "<1>SCMI: %s: reg wraps past 2^64\n";
        /// A one-cell parent bus would cut the channel's address to 32
        /// bits; args: node.
        DT_REG_TRUNCATED: DtLine = "<1>SCMI: %s: reg cut to 32 bits\n";
        /// Channel larger than any real one; args: node, size, bound.
        DT_TOO_LARGE: DtLine = "<1>SCMI: %s: size %#lx over %#lx\n";
        /// Channel of size zero; args: node, address.
        DT_ZERO_SIZE: DtLine = "<1>SCMI: %s: size 0 at %#lx\n";
        /// Channel running past 2^64; args: node, address, size.
        DT_OVERFLOW: DtLine = "<1>SCMI: %s: %#lx+%#lx overflows\n";
        /// A second enabled "arm,scmi-smc" node, which the single-agent
        /// mediator does not serve; args: node.
        DT_NOT_MEDIATED: DtLine = "<1>SCMI: %s: not mediated, only the first arm,scmi-smc node is\n";
        /// More children than are searched; args: node, limit.
        DT_TOO_MANY_CHILDREN: DtLine = "<1>SCMI: %s: over %lu children\n";
        /// The walk for what shares a channel's frames gave up, so they
        /// are taken as shared; args: channel, how many nodes it reads.
        DT_TREE_TOO_LARGE: DtLine = "<1>SCMI: %s: page not checked, tree over %lu nodes\n";
        /// A channel's frame holds another node's "reg", so it is not
        /// granted; args: channel, the frame, the other node.
        DT_SHARED_PAGE: DtReasonLine = "<1>SCMI: %s: page %#lx shared with %s, not granted\n";
        /// The same, granted with `scmi-smc-shared-page`; args: as above.
        DT_SHARED_PAGE_GRANTED: DtReasonLine = "<1>SCMI: %s: page %#lx shared with %s, granted\n";
        /// In passthrough, a node dom0 keeps refers to the SCMI node it
        /// lost; args: the node, the properties that do.
        DOM0_USES_SCMI: DtTextLine = "<1>SCMI: dom0: %s uses SCMI (%s), passed through\n";

        /// Agents are described but Xen's channel is unusable; arg: its
        /// address (0: none in the tree).
        AGENTS_NO_CHANNEL: ProbeLine = "<0>SCMI: no channel for Xen's agent %#lx\n";
        /// The firmware did not answer Xen's BASE_DISCOVER_AGENT.
        AGENTS_NO_ANSWER: ProbeLine = "<0>SCMI: no answer on Xen's channel\n";
        /// Xen's own agent id; arg: it.
        AGENTS_XEN: ProbeLine = "<2>SCMI: Xen is agent %lu\n";
        /// An "arm,scmi-smc" node outside any "xen,sci" container: a
        /// domain's, not Xen's; args: node.
        NOT_XENS_NODE: DtLine = "<3>SCMI: %s: not in a xen,sci node, left to its domain\n";
        /// The container lists no agents; args: container.
        AGENTS_MISSING: DtLine = "<1>SCMI: %s: no scmi-secondary-agents\n";
        /// `#scmi-secondary-agents-cells` is not 2 or 3; args: container,
        /// the value.
        AGENTS_BAD_CELLS: DtLine = "<1>SCMI: %s: #scmi-secondary-agents-cells %lu, need 2 or 3\n";
        /// The list is not whole entries; args: container, its length.
        AGENTS_BAD_LENGTH: DtLine = "<1>SCMI: %s: scmi-secondary-agents is %lu bytes\n";
        /// More entries than are read; args: container, how many are.
        AGENTS_TOO_MANY: DtLine = "<1>SCMI: %s: over %lu agents\n";
        /// A channel not on page boundaries; args: channel, address.
        AGENT_NOT_ALIGNED: DtLine = "<1>SCMI: %s: channel at %#lx not page aligned\n";
        /// The firmware does not know the agent; args: channel, agent id.
        AGENT_UNKNOWN: DtLine = "<1>SCMI: %s: agent %lu unknown to firmware\n";
        /// The firmware answered the agent's discovery with an error
        /// other than NOT_FOUND, not at all, or with a malformed answer;
        /// args: channel, agent id, why.
        AGENT_NOT_CONFIRMED: DtReasonLine = "<1>SCMI: %s: agent %lu not added: %s\n";
        /// The firmware gave no id for an entry of the two-cell form; args:
        /// channel.
        AGENT_NO_ID: DtLine = "<1>SCMI: %s: firmware gave no agent id\n";
        /// Agent 0 (the platform's) or above 254; args: channel, agent id.
        AGENT_RESERVED: DtLine = "<1>SCMI: %s: agent %lu reserved, need 1-254\n";
        /// The channel shares a page with Xen's or another agent's; args:
        /// channel, agent id.
        AGENT_OVERLAP: DtLine = "<1>SCMI: %s: agent %lu shares a channel page\n";
        /// A duplicate id or doorbell, a full table or a doorbell Xen
        /// cannot route; args: channel, agent id.
        AGENT_REFUSED: DtLine = "<1>SCMI: %s: agent %lu refused\n";
        /// An agent Xen hands out; args: channel, agent id, doorbell.
        AGENT_OK: DtLine = "<2>SCMI: %s: agent %lu, SMC %#lx\n";
        /// The hardware domain's agent; args: container, agent id.
        DOM0_AGENT: DtLine = "<2>SCMI: %s: dom0 has agent %lu\n";
        /// `xen,dom0-sci-agent-id` names an agent Xen did not add; args:
        /// container, agent id.
        DOM0_AGENT_UNKNOWN: DtLine = "<1>SCMI: %s: dom0 agent %lu not added, no SCMI for dom0\n";
        /// `xen,dom0-sci-agent-id` is 0, above 254 or not one cell; args:
        /// container, the value.
        DOM0_AGENT_INVALID: DtLine = "<1>SCMI: %s: dom0 agent %lu invalid, no SCMI for dom0\n";

        /// dom0 may map a channel, to hand it to the owner; args: pfns.
        GRANT_OK: GrantLine = "<3>SCMI: dom0 may map %#lx-%#lx\n";
        /// Xen refused that; args: pfns, the negative errno.
        GRANT_FAILED: GrantLine = "<0>SCMI: dom0 map %#lx-%#lx: %ld\n";
    }
}

lines! {
    /// An unknown `arm_sci_type` (sanitising refuses it earlier); args:
    /// domain id, the raw type.
    INIT_INVALID_TYPE: DomainLine = "<1>SCMI: d%u: arm_sci_type %lu\n";
    /// A domain asked for SCMI without the passthrough option; args: id.
    INIT_NOT_ALLOWED: DomainLine = "<1>SCMI: d%u: scmi-smc-passthrough not set\n";
    /// SCMI already has an owner; args: domain id, the owner's id.
    INIT_BUSY: DomainLine = "<1>SCMI: d%u: owned by d%lu\n";
    /// `scmi_smc_multiagent` without domain agents described; args: id.
    INIT_NO_AGENTS: DomainLine = "<1>SCMI: d%u: no agents described\n";
    /// The requested agent is not described; args: id, agent id.
    INIT_AGENT_UNKNOWN: DomainLine = "<1>SCMI: d%u: no agent %lu\n";
    /// The requested agent is Xen's own; args: id, agent id.
    INIT_AGENT_XEN: DomainLine = "<1>SCMI: d%u: agent %lu is Xen's\n";
    /// Another domain holds the agent; args: id, the holder's id.
    INIT_AGENT_BUSY: DomainLine = "<1>SCMI: d%u: agent held by d%lu\n";
    /// `scmi_smc` while domain agents are described; args: id.
    INIT_SINGLE_AGENT: DomainLine = "<1>SCMI: d%u: use scmi_smc_multiagent\n";
    /// A domain was given an agent; args: id, agent id.
    INIT_AGENT: DomainLine = "<2>SCMI: d%u has agent %lu\n";
    /// The agent of a destroyed domain is back in its reset state; args:
    /// id, agent id.
    DESTROY_AGENT_RESET: DomainLine = "<2>SCMI: d%u: agent %lu reset\n";
    /// The firmware did not reset it, so it may still carry the domain's
    /// permissions: no later domain gets it; args: id, agent id, why.
    DESTROY_AGENT_RESET_FAILED: DomainReasonLine = "<0>SCMI: d%u: agent %lu not reset (%s), not reused\n";
    /// The same, with `scmi-smc-reuse-unreset-agents`: the next domain
    /// gets it anyway; args: id, agent id, why.
    DESTROY_AGENT_REUSED: DomainReasonLine = "<0>SCMI: d%u: agent %lu not reset (%s), reused\n";
    /// The requested agent's last reset failed; args: id, agent id.
    INIT_AGENT_UNRESET: DomainLine = "<1>SCMI: d%u: agent %lu not reset, refused\n";
    /// An `access-controllers` entry naming Xen's SCMI node has other than
    /// one cell; args: id, how many.
    ASSIGN_BAD_ENTRY: DomainLine = "<1>SCMI: d%u: %lu access-controller cells\n";
    /// A device naming Xen's SCMI node goes to a domain without an agent;
    /// args: id, SCMI device.
    ASSIGN_NO_AGENT: DomainLine = "<1>SCMI: d%u: device %lu needs an agent\n";
    /// The domain's agent may use the device now; args: id, SCMI device.
    ASSIGN_GRANTED: DomainLine = "<2>SCMI: d%u: device %lu granted\n";
    /// The firmware refused or did not answer; args: id, SCMI device.
    ASSIGN_FAILED: DomainLine = "<0>SCMI: d%u: device %lu not granted\n";
    /// A domain became the owner; args: domain id.
    INIT_OWNER: DomainLine = "<2>SCMI: d%u owns SCMI\n";
    /// The owner was destroyed, SCMI is free; args: domain id.
    DESTROY_RELEASED: DomainLine = "<2>SCMI: d%u released SCMI\n";
    /// A domain that is not the owner issued the SCMI SMC; args: domain
    /// id, the function id. Guest-triggered: rate-limited.
    CALL_REFUSED: DomainLine = "<G><1>SCMI: d%u: SMC %#lx refused\n";
    /// Sanitising refused an unknown `arm_sci_type`; arg: the raw type.
    SANITISE_BAD_TYPE: ProbeLine = "<1>SCMI: arm_sci_type %lu\n";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checker_accepts_what_the_families_pass() {
        assert!(fits_family(b"100%% %08lx %u", &[U64, U32]));
        assert!(!fits_family(b"%s %#lx %ld", GrantLine::ARGS));
        assert!(fits_family(b"%s %#lx %lu", DtLine::ARGS));
        assert!(fits_family(b"%#lx-%#lx: %ld", GrantLine::ARGS));
        assert!(fits_family(b"no conversion", ProbeLine::ARGS));
    }

    #[test]
    fn the_checker_refuses_what_printk_would_misread() {
        for bad in [&b"%d"[..], b"%x", b"%llx", b"%p", b"%lu", b"%", b"%l"] {
            assert!(!fits_family(bad, DomainLine::ARGS), "{bad:?}");
        }
        // One conversion too many for the family.
        assert!(!fits_family(b"%lu %lu", ProbeLine::ARGS));
    }
}
