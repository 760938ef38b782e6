//! SCMI-over-SMC mediation policy (placeholder, being written).
#![no_std]
#![forbid(unsafe_code)]
