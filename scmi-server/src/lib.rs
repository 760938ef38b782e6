//! SCMI server for the test firmware (placeholder, being written).
#![no_std]
#![forbid(unsafe_code)]
