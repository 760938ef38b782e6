//! Every log line of the mediator, as a C `printk` format, in one place.
//!
//! The FFI prints these with Xen's own `printk`, so no formatting code is
//! linked from Rust. Each format starts with its Xen log level (`<0>` error,
//! `<1>` warning, `<2>` info, `<3>` debug; `<G>` marks lines a guest can
//! provoke, so Xen's guest log level and rate limits apply to them).
//!
//! Each format belongs to a family with a fixed argument list, which the FFI
//! always passes in full (C ignores surplus variadic arguments); a format
//! uses a prefix of its family's list, as recorded in [`LogFormat::args`]:
//!
//! | family | arguments the FFI passes |
//! |---|---|
//! | probe ([`PROBE_FORMATS`]) | `u64` value from `ProbeError::log_arg` |
//! | domain ([`DOMAIN_FORMATS`]) | `unsigned int` domain id, `u64` value |
//! | dt ([`DT_FORMATS`]) | `char *` node full name, `u64` a, `u64` b |
//! | grant ([`GRANT_FORMATS`]) | `u64` first pfn, `u64` last pfn, `i64` error |
//!
//! The family is part of a format's type ([`LogFormat<F>`], [`Family`]),
//! and the FFI prints each family through a function that takes only that
//! family's formats, so a line cannot reach printk with another family's
//! arguments.
//!
//! Conversions are limited to `%u` (unsigned int), `%lu`/`%lx`/`%ld`
//! (64-bit on arm64, where `long` is 64 bits) and `%s`; a host test parses
//! every format and checks it against its declared arguments.

use core::ffi::CStr;
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
/// them. Its type is part of each format's, and the FFI's printing function
/// for a family takes only that family's formats, so the compiler refuses a
/// line printed with another family's arguments.
pub trait Family {
    /// What the FFI passes, in order.
    const ARGS: &'static [LogArg];
}

/// The probe family (also sanitising): one `u64`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Probe {}
/// The domain family: `unsigned int` domain id, `u64`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Domain {}
/// The device-tree family: `char *` node, `u64`, `u64`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dt {}
/// The grant family: `u64` first pfn, `u64` last pfn, `i64` error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// A `printk` format of family `F` and the arguments its conversions
/// consume, in order (a prefix of `F::ARGS`, which a host test checks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogFormat<F> {
    /// The format, level prefix included.
    pub format: &'static CStr,
    /// What each conversion consumes, in order.
    pub args: &'static [LogArg],
    family: PhantomData<F>,
}

use LogArg::{Str, I64, U32, U64};

const fn fmt<F>(format: &'static CStr, args: &'static [LogArg]) -> LogFormat<F> {
    LogFormat {
        format,
        args,
        family: PhantomData,
    }
}

// ---- probe family: (u64) ----

/// Probe refused: Xen booted with ACPI.
pub const PROBE_ACPI: LogFormat<Probe> = fmt(
    c"<1>SCMI: booted with ACPI, which the SCMI-SMC mediator does not support; SCMI disabled\n",
    &[],
);
/// Probe refused: firmware SMCCC version too old; arg: the version.
pub const PROBE_SMCCC_TOO_OLD: LogFormat<Probe> = fmt(
    c"<1>SCMI: firmware implements SMCCC version 0x%lx, forwarding needs 0x10001 (v1.1) or later; SCMI disabled\n",
    &[U64],
);
/// Probe refused: no "arm,smc-id" property.
pub const PROBE_NO_SMC_ID: LogFormat<Probe> = fmt(
    c"<1>SCMI: the \"arm,scmi-smc\" node has no \"arm,smc-id\" property; SCMI disabled\n",
    &[],
);
/// Probe refused: "arm,smc-id" is not one cell; arg: its length in bytes.
pub const PROBE_BAD_SMC_ID_LEN: LogFormat<Probe> = fmt(
    c"<1>SCMI: \"arm,smc-id\" is %lu bytes long, expected one 32-bit cell (4 bytes); SCMI disabled\n",
    &[U64],
);
/// Probe refused: the id is a yielding call; arg: the id.
pub const PROBE_NOT_FAST_CALL: LogFormat<Probe> = fmt(
    c"<1>SCMI: arm,smc-id 0x%08lx is not a fast call (bit 31 clear); SCMI disabled\n",
    &[U64],
);
/// Probe refused: the id is outside the SiP range; arg: the id.
pub const PROBE_NOT_SIP: LogFormat<Probe> = fmt(
    c"<1>SCMI: arm,smc-id 0x%08lx is not a SiP service call; Xen routes only SiP calls to the mediator; SCMI disabled\n",
    &[U64],
);
/// Probe accepted; arg: the function id that will be forwarded.
pub const PROBE_OK: LogFormat<Probe> = fmt(
    c"<2>SCMI: forwarding SMC 0x%08lx from the SCMI owner to firmware\n",
    &[U64],
);

/// `sci_register()` refused the mediator; arg: the errno, negated (so
/// positive).
pub const REGISTER_FAILED: LogFormat<Probe> = fmt(
    c"<0>SCMI: sci_register() refused the SCMI-SMC mediator: error -%lu\n",
    &[U64],
);
/// The passthrough option is set: which domain will own SCMI.
pub const PASSTHROUGH_ON: LogFormat<Probe> = fmt(
    c"<2>SCMI: passthrough: the hardware domain does not own SCMI, a domain created with arm_sci type scmi_smc will own it\n",
    &[],
);

/// The probe family.
pub const PROBE_FORMATS: &[LogFormat<Probe>] = &[
    PROBE_ACPI,
    PROBE_SMCCC_TOO_OLD,
    PROBE_NO_SMC_ID,
    PROBE_BAD_SMC_ID_LEN,
    PROBE_NOT_FAST_CALL,
    PROBE_NOT_SIP,
    PROBE_OK,
    REGISTER_FAILED,
    PASSTHROUGH_ON,
];

// ---- domain family: (unsigned int domid, u64 value) ----

/// Domain creation met an unknown `arm_sci_type` (sanitising normally
/// refuses it earlier, see [`SANITISE_BAD_TYPE`]); args: domain id, the raw
/// type.
pub const INIT_INVALID_TYPE: LogFormat<Domain> = fmt(
    c"<1>SCMI: d%u: arm_sci_type %lu is unknown (0 = none, 1 = scmi_smc)\n",
    &[U32, U64],
);
/// A non-hardware domain asked for SCMI without the passthrough option;
/// args: domain id.
pub const INIT_NOT_ALLOWED: LogFormat<Domain> = fmt(
    c"<1>SCMI: d%u: arm_sci \"scmi_smc\" refused: scmi-smc-passthrough is not set, only the hardware domain may use SCMI\n",
    &[U32],
);
/// SCMI already has an owner; args: domain id, the owner's domain id.
pub const INIT_BUSY: LogFormat<Domain> = fmt(
    c"<1>SCMI: d%u: SCMI refused: it is already owned by d%lu, and only one domain may own it\n",
    &[U32, U64],
);
/// A domain became the owner; args: domain id.
pub const INIT_OWNER: LogFormat<Domain> = fmt(c"<2>SCMI: d%u owns SCMI\n", &[U32]);
/// The owner was destroyed and SCMI is free again; args: domain id.
pub const DESTROY_RELEASED: LogFormat<Domain> =
    fmt(c"<2>SCMI: d%u destroyed, SCMI has no owner now\n", &[U32]);
/// A domain that does not own SCMI issued the SCMI SMC; args: domain id,
/// the function id. Guest-triggered: print it rate-limited.
pub const CALL_REFUSED: LogFormat<Domain> = fmt(
    c"<G><1>SCMI: d%u: SMC 0x%08lx refused: this domain does not own SCMI\n",
    &[U32, U64],
);

/// The domain family.
pub const DOMAIN_FORMATS: &[LogFormat<Domain>] = &[
    INIT_INVALID_TYPE,
    INIT_NOT_ALLOWED,
    INIT_BUSY,
    INIT_OWNER,
    DESTROY_RELEASED,
    CALL_REFUSED,
];

/// Sanitising refused an unknown `arm_sci_type` before any domain exists;
/// probe family, arg: the raw type.
pub const SANITISE_BAD_TYPE: LogFormat<Probe> = fmt(
    c"<1>SCMI: arm_sci_type %lu is unknown (0 = none, 1 = scmi_smc)\n",
    &[U64],
);

/// Formats of the probe family that are not probe results.
pub const SANITISE_FORMATS: &[LogFormat<Probe>] = &[SANITISE_BAD_TYPE];

// ---- dt family: (char *node, u64 a, u64 b) ----

/// The SCMI node has no "shmem" property; args: node.
pub const DT_MISSING_SHMEM: LogFormat<Dt> = fmt(
    c"<1>SCMI: %s: no \"shmem\" property, no SCMI shared memory granted to the hardware domain\n",
    &[Str],
);
/// A "shmem" property is empty or not whole cells; args: node, length.
pub const DT_BAD_SHMEM_LENGTH: LogFormat<Dt> = fmt(
    c"<1>SCMI: %s: \"shmem\" is %lu bytes long, expected a non-empty list of 4-byte phandles; ignored\n",
    &[Str, U64],
);
/// A shmem phandle names no node; args: referencing node, phandle.
pub const DT_DANGLING_PHANDLE: LogFormat<Dt> = fmt(
    c"<1>SCMI: %s: shmem phandle 0x%lx matches no node; skipped\n",
    &[Str, U64],
);
/// A shmem phandle names a node that is not SCMI shared memory; args:
/// that node, phandle.
pub const DT_NOT_SHMEM: LogFormat<Dt> = fmt(
    c"<1>SCMI: %s: referenced as SCMI shared memory (phandle 0x%lx) but not compatible with \"arm,scmi-shmem\"; skipped\n",
    &[Str, U64],
);
/// Shared memory node without "reg"; args: node.
pub const DT_REG_MISSING: LogFormat<Dt> = fmt(
    c"<1>SCMI: %s: SCMI shared memory has no \"reg\" property; skipped\n",
    &[Str],
);
/// Shared memory "reg" too short or with unusable cell counts; args: node.
pub const DT_REG_MALFORMED: LogFormat<Dt> = fmt(
    c"<1>SCMI: %s: \"reg\" of SCMI shared memory is truncated or has unsupported cell sizes; skipped\n",
    &[Str],
);
/// Shared memory "reg" does not translate to a CPU address; args: node.
pub const DT_REG_UNTRANSLATABLE: LogFormat<Dt> = fmt(
    c"<1>SCMI: %s: \"reg\" of SCMI shared memory does not translate to a CPU physical address; skipped\n",
    &[Str],
);
/// Shared memory "reg" starts inside a bus window and ends outside it;
/// args: node.
pub const DT_REG_PAST_WINDOW: LogFormat<Dt> = fmt(
    c"<1>SCMI: %s: \"reg\" of SCMI shared memory runs past the end of its bus's \"ranges\" window; skipped\n",
    &[Str],
);
/// Shared memory of size zero; args: node, address.
pub const DT_ZERO_SIZE: LogFormat<Dt> = fmt(
    c"<1>SCMI: %s: SCMI shared memory at 0x%lx has size 0; skipped\n",
    &[Str, U64],
);
/// Shared memory running past 2^64; args: node, address, size.
pub const DT_OVERFLOW: LogFormat<Dt> = fmt(
    c"<1>SCMI: %s: SCMI shared memory at 0x%lx of size 0x%lx runs past the end of the address space; skipped\n",
    &[Str, U64, U64],
);
/// The SCMI node has more children than are searched; args: node, limit.
pub const DT_TOO_MANY_CHILDREN: LogFormat<Dt> = fmt(
    c"<1>SCMI: %s: more than %lu child nodes, the rest are not searched for shared memory\n",
    &[Str, U64],
);

/// A dom0less domain node's `xen,sci_type` names no known type; args:
/// the domain node.
pub const DT_BAD_SCI_TYPE: LogFormat<Dt> = fmt(
    c"<1>SCMI: %s: xen,sci_type must be \"none\" or \"scmi_smc\"\n",
    &[Str],
);

/// The dt family.
pub const DT_FORMATS: &[LogFormat<Dt>] = &[
    DT_MISSING_SHMEM,
    DT_BAD_SHMEM_LENGTH,
    DT_DANGLING_PHANDLE,
    DT_NOT_SHMEM,
    DT_REG_MISSING,
    DT_REG_MALFORMED,
    DT_REG_UNTRANSLATABLE,
    DT_REG_PAST_WINDOW,
    DT_ZERO_SIZE,
    DT_OVERFLOW,
    DT_TOO_MANY_CHILDREN,
    DT_BAD_SCI_TYPE,
];

// ---- grant family: (u64 first pfn, u64 last pfn, i64 error) ----

/// The hardware domain was permitted to map shared memory; args: pfns.
pub const GRANT_OK: LogFormat<Grant> = fmt(
    c"<3>SCMI: hardware domain may map SCMI shared memory pfns 0x%lx-0x%lx for the SCMI owner\n",
    &[U64, U64],
);
/// Xen refused the permission; args: pfns, the negative errno.
pub const GRANT_FAILED: LogFormat<Grant> = fmt(
    c"<0>SCMI: could not let the hardware domain map SCMI shared memory pfns 0x%lx-0x%lx: error %ld\n",
    &[U64, U64, I64],
);

/// The grant family.
pub const GRANT_FORMATS: &[LogFormat<Grant>] = &[GRANT_OK, GRANT_FAILED];
