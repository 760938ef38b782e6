//! The platform (server) side of SCMI for the QEMU test firmware.
//!
//! The agent (Linux, Xen's dom0 or a driver domain) writes a message into a
//! shared-memory channel and raises an SMC; the EL3 firmware then calls
//! [`Server::process`] on that channel. This crate holds everything between
//! those two points: the channel layout, the message header, the Base, Clock
//! and Reset domain protocols, and the platform's list of clocks and resets.
//!
//! It is pure: no `unsafe`, no allocation, no panics reachable from any
//! channel contents. The channel is reached through the [`SharedMemory`]
//! trait, so the host tests and the fuzz target run on a plain byte array
//! and the firmware on the real memory with volatile accesses.
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod header;
pub mod message;
pub mod platform;
pub mod protocol;
pub mod server;
pub mod shmem;
pub mod status;

pub use header::{MessageHeader, MessageType};
pub use server::{init_channel, Outcome, Server};
pub use shmem::SharedMemory;
pub use status::Status;
