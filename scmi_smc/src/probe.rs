//! Deciding at boot whether the mediator can run, from the facts the FFI
//! gathers: ACPI or device tree, the firmware's SMCCC version, and the
//! "arm,smc-id" property of the "arm,scmi-smc" node.

use crate::dt::one_cell;
use crate::errno::Errno;
use crate::log::{boot, ProbeLine};
use crate::refusal::Refusal;
use crate::smccc::{FunctionId, SMCCC_VERSION_1_1};

/// A refused probe: the device is not taken (`ENODEV`), with the line
/// naming the first thing to fix.
const fn refuse(line: &'static crate::log::LogFormat<ProbeLine>, arg: u64) -> Refusal<ProbeLine> {
    Refusal::new(Errno::ENODEV, line, arg)
}

/// Decides whether the mediator can run and which function id it serves.
///
/// `smc_id_prop` is the raw "arm,smc-id" property: one big-endian cell.
/// The checks run in this order, so the line printed names the first
/// thing to fix:
///
/// 1. Xen booted with ACPI: the SCMI description only exists in DT.
/// 2. The firmware implements an SMCCC version older than 1.1, whose calls
///    may clobber registers the forwarding path expects preserved.
/// 3. The node has no "arm,smc-id" property, or 4. it is not exactly one
///    32-bit cell.
/// 5. The id is a yielding call: SCMI-over-SMC uses fast calls and Xen
///    only forwards those.
/// 6. The id is not in the SiP range. Xen's virtual SMC dispatcher only
///    routes SiP-owned calls to the mediator, so a mediator for any other
///    id would never see a single call; better to refuse loudly at boot.
///
/// SMC64 ids are accepted: nothing in SCMI forbids them, and AArch32
/// callers simply cannot issue them.
pub fn probe(
    acpi: bool,
    smccc_version: u32,
    smc_id_prop: Option<&[u8]>,
) -> Result<FunctionId, Refusal<ProbeLine>> {
    if acpi {
        return Err(refuse(&boot::PROBE_ACPI, 0));
    }
    if smccc_version < SMCCC_VERSION_1_1 {
        return Err(refuse(&boot::PROBE_SMCCC_TOO_OLD, smccc_version as u64));
    }
    let prop = smc_id_prop.ok_or(refuse(&boot::PROBE_NO_SMC_ID, 0))?;
    let id =
        FunctionId(one_cell(prop).ok_or(refuse(&boot::PROBE_BAD_SMC_ID_LEN, prop.len() as u64))?);
    if !id.is_fast() {
        return Err(refuse(&boot::PROBE_NOT_FAST_CALL, id.0 as u64));
    }
    if !id.is_sip() {
        return Err(refuse(&boot::PROBE_NOT_SIP, id.0 as u64));
    }
    Ok(id)
}
