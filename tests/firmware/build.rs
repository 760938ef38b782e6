//! Hands each bare-metal image its linker script. Host builds (clippy or
//! tests of the library) link nothing special.

use std::env;

fn main() {
    let dir = env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let target = env::var("TARGET").unwrap_or_default();
    println!("cargo:rerun-if-changed=link/el3.ld");
    println!("cargo:rerun-if-changed=link/smoke.ld");
    if target.starts_with("aarch64-unknown-none") {
        println!("cargo:rustc-link-arg-bin=scmi-el3-firmware=-T{dir}/link/el3.ld");
        println!("cargo:rustc-link-arg-bin=smoke-payload=-T{dir}/link/smoke.ld");
    }
}
