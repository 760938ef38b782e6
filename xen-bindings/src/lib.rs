//! Xen bindings (placeholder).
#![no_std]
