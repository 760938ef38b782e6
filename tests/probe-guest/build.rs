//! Hands the guest image its linker script. `--emit-relocs` keeps the
//! relocations in the linked ELF so `cargo xtask probe` can prove the image
//! is position independent. The AArch32 variant (`armv7a-none-eabi`) is
//! linked at its load address instead. Host builds (clippy, tests) link
//! nothing special.

use std::env;

fn main() {
    let dir = env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let target = env::var("TARGET").unwrap_or_default();
    println!("cargo:rerun-if-changed=link/probe.ld");
    println!("cargo:rerun-if-changed=link/probe32.ld");
    if target.starts_with("aarch64-unknown-none") {
        println!("cargo:rustc-link-arg-bin=probe-guest=-T{dir}/link/probe.ld");
        println!("cargo:rustc-link-arg-bin=probe-guest=--emit-relocs");
    } else if target == "armv7a-none-eabi" {
        // Linked where Xen loads it (see link/probe32.ld).
        println!("cargo:rustc-link-arg-bin=probe-guest=-T{dir}/link/probe32.ld");
    }
}
