//! Domain creation when the host tree describes domain agents: a domain
//! gets the agent it names, if that agent exists, is not Xen's own and is
//! free (`docs/multi-agent.md`).

use super::init::invalid_type;
use super::{DomainInfo, InitOutcome, InitRefusal, SciType};
use crate::agents::{AgentError, AgentTable, UnresetAgents};
use crate::errno::Errno;
use crate::log;
use crate::refusal::Refusal;

/// The `domain_init` decision in multi-agent mode:
///
/// The hardware domain gets the agent the host tree gives it
/// (`xen,dom0-sci-agent-id`), or none, whatever it asks for. Any other
/// domain:
///
/// | requested | result |
/// |---|---|
/// | none | no SCMI |
/// | scmi_smc | `EOPNOTSUPP`: the single agent is Xen's now |
/// | scmi_smc_multiagent | the agent `agent_id`; or `ENOENT` if no such agent is described, `EPERM` for Xen's own, `EEXIST` naming the holder, `EBUSY` if its last reset failed (`unreset`) |
pub fn domain_init_multi_agent(
    table: &AgentTable,
    unreset: &UnresetAgents,
    dom: &DomainInfo,
    requested: u8,
    agent_id: u8,
) -> Result<InitOutcome, InitRefusal> {
    let agent = u64::from(agent_id);
    if dom.is_hardware {
        // Its agent comes from the host tree, whatever it asks for.
        return match table.dom0_agent() {
            Some(id) => table
                .claim(id, dom.token, dom.id)
                .map(|()| InitOutcome::Owner)
                .map_err(|_| Refusal::new(Errno::EEXIST, &log::INIT_AGENT_BUSY, u64::from(id))),
            None => Ok(InitOutcome::NoScmi),
        };
    }
    match SciType::from_raw(requested) {
        None => Err(invalid_type(requested)),
        Some(SciType::None) => Ok(InitOutcome::NoScmi),
        Some(SciType::ScmiSmc) => Err(Refusal::new(Errno::EOPNOTSUPP, &log::INIT_SINGLE_AGENT, 0)),
        Some(SciType::ScmiSmcMultiAgent) => {
            let id = u32::from(agent_id);
            table
                .claim(id, dom.token, dom.id)
                .map_err(|err| match err {
                    AgentError::Privileged => {
                        Refusal::new(Errno::EPERM, &log::INIT_AGENT_XEN, agent)
                    }
                    AgentError::Busy(holder) => {
                        Refusal::new(Errno::EEXIST, &log::INIT_AGENT_BUSY, u64::from(holder))
                    }
                    _ => Refusal::new(Errno::ENOENT, &log::INIT_AGENT_UNKNOWN, agent),
                })?;
            // Checked once the claim holds: a destroy marks the agent
            // before it releases it, so the mark is seen here.
            if unreset.is_unreset(id) {
                table.release(dom.token);
                return Err(Refusal::new(Errno::EBUSY, &log::INIT_AGENT_UNRESET, agent));
            }
            Ok(InitOutcome::Owner)
        }
    }
}
