//! Per-domain decisions: which SCI type a domain may have and whether it
//! becomes the SCMI owner (DESIGN.md section 4).

mod agent;
mod init;
mod sci_type;

pub use agent::{domain_init_multi_agent, AgentInitError};
pub use init::{domain_destroy, domain_init, DomainInfo, InitError, InitOutcome};
pub use sci_type::{sanitise, SanitiseError, SciType};

/// `EINVAL` as Xen and Linux number it.
pub const EINVAL: i32 = 22;
/// `EEXIST` as Xen and Linux number it.
pub const EEXIST: i32 = 17;
/// `EPERM` as Xen and Linux number it.
pub const EPERM: i32 = 1;
/// `ENOENT` as Xen and Linux number it.
pub const ENOENT: i32 = 2;
/// `EOPNOTSUPP` as Xen and Linux number it.
pub const EOPNOTSUPP: i32 = 95;
