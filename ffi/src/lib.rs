//! FFI (placeholder).
#![no_std]
