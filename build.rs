//! Compiles the C helpers (Xen's inline functions and macros, made callable)
//! with Xen's compiler and flags into the mediator's static library. The
//! flags, with absolute paths, come from the xen-bindings build script
//! (`links = "xen"`), so both read the Xen tree the same way.

use std::env;

fn main() {
    println!("cargo:rerun-if-changed=ffi/helpers.c");
    let Ok(flags) = env::var("DEP_XEN_CFLAGS") else {
        eprintln!("scmi-smc-rs: xen-bindings did not provide Xen's flags");
        std::process::exit(1);
    };
    let mut build = cc::Build::new();
    build
        .file("ffi/helpers.c")
        .no_default_flags(true)
        .warnings(false)
        .extra_warnings(false);
    for flag in flags.split_whitespace() {
        build.flag(flag);
    }
    // Xen discards .eh_frame at its final link and never unwinds.
    build.flag("-fno-asynchronous-unwind-tables");
    build.flag("-fno-unwind-tables");
    // Only what Xen runs is linked: the multi-agent helpers only with it.
    if env::var_os("CARGO_FEATURE_MULTI_AGENT").is_some() {
        build.define("SCMI_RS_MULTI_AGENT", None);
    }
    build.compile("scmi_smc_helpers");
}
