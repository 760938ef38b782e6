//! Per-domain decisions: which SCI type a domain may have and whether it
//! becomes the SCMI owner .

mod agent;
mod init;
mod sci_type;

pub use agent::domain_init_multi_agent;
pub use init::{domain_destroy, domain_init, DomainInfo, InitOutcome, InitRefusal};
pub use sci_type::{sanitise, SciType};
