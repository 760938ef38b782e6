//! The domain agents as the host tree describes them: the children of the
//! "xen,scmi-smc-agents" node, each `agent@N { reg = <N>; arm,smc-id =
//! <ID>; shmem = <&channel>; }` (`docs/multi-agent.md`). Xen itself needs
//! only the agent id and the doorbell; the channels are the hardware
//! domain walk's business.

use crate::dt::{one_cell, DeviceTree, MAX_SCMI_CHILDREN};
use crate::smccc::FunctionId;

/// Why an agent node was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentNodeError {
    /// "reg" is missing or not one cell: no agent id.
    BadReg,
    /// "arm,smc-id" is missing or not one cell.
    BadSmcId,
    /// More agent nodes than are read; the rest are left out.
    TooMany,
}

/// Calls `each` with every agent node under `agents` (enabled or not: a
/// disabled one is reported as such by the caller's own check) and what it
/// describes, at most [`MAX_SCMI_CHILDREN`] of them.
pub fn for_each_agent<T, F>(dt: &T, agents: T::Node, mut each: F)
where
    T: DeviceTree + ?Sized,
    F: FnMut(T::Node, Result<(u32, FunctionId), AgentNodeError>),
{
    let mut child = dt.first_child(agents);
    for _ in 0..MAX_SCMI_CHILDREN {
        let Some(node) = child else {
            return;
        };
        child = dt.next_sibling(node);
        if !dt.is_available(node) {
            continue;
        }
        let agent = dt
            .property(node, c"reg")
            .and_then(one_cell)
            .ok_or(AgentNodeError::BadReg)
            .and_then(|id| {
                let smc = dt.property(node, c"arm,smc-id").and_then(one_cell);
                smc.map(|smc| (id, FunctionId(smc)))
                    .ok_or(AgentNodeError::BadSmcId)
            });
        each(node, agent);
    }
    if let Some(node) = child {
        each(node, Err(AgentNodeError::TooMany));
    }
}
