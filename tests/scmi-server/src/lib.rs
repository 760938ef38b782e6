//! The platform (server) side of SCMI for the QEMU test firmware.
//!
//! The agent (Linux, Xen's dom0 or a driver domain) writes a message into a
//! shared-memory channel and raises an SMC; the EL3 firmware then calls
//! [`Server::process`] on that channel, naming the agent the SMC's function
//! id belongs to. This crate holds everything between those two points: the
//! channel layout, the message header, the Base, Clock and Reset domain
//! protocols, the platform's list of clocks, resets and devices, and which
//! agent may use which device.
//!
//! A server serves one agent ([`Server::new`], the privileged agent with
//! every permission) or several ([`Server::multi_agent`]): agent 1 is
//! privileged (Xen's), the others start with no device and get what the
//! privileged agent grants them with the Base protocol's permission
//! messages. See [`agents`] for the numbering and [`permissions`] for the
//! rules.
//!
//! It is pure: no `unsafe`, no allocation, no panics reachable from any
//! channel contents. The channel is reached through the [`SharedMemory`]
//! trait, so the host tests and the fuzz target run on a plain byte array
//! and the firmware on the real memory with volatile accesses.
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod agents;
pub mod devices;
pub mod faults;
pub mod header;
pub mod message;
pub mod permissions;
pub mod platform;
pub mod protocol;
pub mod server;
pub mod shmem;
pub mod status;

pub use agents::{AgentId, AgentStats, Agents, MAX_AGENTS};
pub use faults::{Fault, FaultRule, Faults};
pub use header::{MessageHeader, MessageType};
pub use server::{init_channel, Outcome, Server};
pub use shmem::SharedMemory;
pub use status::Status;
