//! The `dom0_dt_handle_node` callback: what the hardware domain's device
//! tree keeps of the host's, and which channels it may map.

use crate::host_tree::DtNode;
#[cfg(not(feature = "multi-agent"))]
use crate::host_tree::HostTree;
use crate::printk;
#[cfg(not(feature = "multi-agent"))]
use crate::state::{OWNER, SHARED_PAGE};
use crate::xen::Domain;
#[cfg(not(feature = "multi-agent"))]
use core::sync::atomic::Ordering;
#[cfg(not(feature = "multi-agent"))]
use scmi_smc::dt::{dom0_node_action, SharedPage};
use scmi_smc::dt::{Dom0DtSink, DtProblem, ScmiUses};
use scmi_smc::log::{self as lines, DtLine, DtReasonLine, GrantLine, LogFormat};
#[cfg(not(feature = "multi-agent"))]
use xen_bindings::{domain, dt_device_node};

/// Prints a problem line about `node`: out of line, so that each place
/// that reports a problem only loads the line and its arguments.
#[inline(never)]
fn report(line: &LogFormat<DtLine>, node: &DtNode, a: u64, b: u64) {
    printk::dt(line, node.full_name(), a, b);
}

/// Carries out the policy's side effects for the hardware domain.
pub struct Dom0Sink<'a>(pub Domain<'a>);

impl Dom0DtSink<&'static DtNode> for Dom0Sink<'_> {
    fn grant(&mut self, first_pfn: u64, last_pfn: u64) {
        let (line, err): (&LogFormat<GrantLine>, _) = match self.0.iomem_permit(first_pfn, last_pfn)
        {
            Ok(()) => (&lines::boot::GRANT_OK, 0),
            Err(err) => (&lines::boot::GRANT_FAILED, err.to_errno()),
        };
        printk::grant(line, first_pfn, last_pfn, i64::from(err));
    }

    /// Inlined where the policy reports, which knows the problem there:
    /// what is left is a call of [`report`] with constants.
    #[inline(always)]
    fn problem(&mut self, at: &'static DtNode, problem: DtProblem) {
        let (line, [a, b]) = problem.report();
        report(line, at, a, b);
    }

    fn shared_page(
        &mut self,
        channel: &'static DtNode,
        with: &'static DtNode,
        pfn: u64,
        granted: bool,
    ) {
        let line: &LogFormat<DtReasonLine> = if granted {
            &lines::boot::DT_SHARED_PAGE_GRANTED
        } else {
            &lines::boot::DT_SHARED_PAGE
        };
        printk::dt_reason(line, channel.full_name(), pfn, with.full_name());
    }

    fn uses_scmi(&mut self, node: &'static DtNode, uses: ScmiUses) {
        // Every name fits: the seven names joined come to 108 bytes and a NUL.
        let mut names = [0u8; 128];
        let names = uses.write_names(&mut names);
        printk::dt_text(&lines::boot::DOM0_USES_SCMI, node.full_name(), names);
    }
}

/// Called for every host node while Xen builds the hardware domain's
/// device tree, at boot only: true leaves the node out.
#[cfg(not(feature = "multi-agent"))]
#[link_section = ".init.text"]
pub unsafe extern "C" fn dom0_dt_handle_node(d: *mut domain, node: *mut dt_device_node) -> bool {
    // SAFETY: Xen passes the hardware domain under construction, alive for
    // the call, and a node of its host device tree.
    let (Some(d), Some(node)) = (unsafe { Domain::from_raw(d) }, unsafe {
        DtNode::from_raw(node)
    }) else {
        return false;
    };
    let shared = if SHARED_PAGE.load(Ordering::Relaxed) {
        SharedPage::Grant
    } else {
        SharedPage::Refuse
    };
    let owner = OWNER.is_owner(d.token());
    dom0_node_action(&HostTree, node, owner, shared, &mut Dom0Sink(d)).is_skip()
}
