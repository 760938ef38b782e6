//! Runs bindgen over the configured Xen tree named by `XEN_SRC` (the
//! hypervisor directory, `xen/`) and `XEN_OBJ` (its build directory),
//! with Xen's own compiler flags from `XEN_CFLAGS`. Xen's build sets all
//! three when it runs cargo; `cargo xtask xen` does too.
//!
//! This is the one place that knows Xen versions apart. The mediator binds
//! to the SCI interface of upstream Xen 4.21, which patches/xen-4.17 adds to
//! 4.17 under the same names, order and layouts, so the Rust code needs no
//! version switch; `src/layout.rs` proves the layouts at compile time. What
//! does differ is where headers live: 4.21 generates `asm/device.h` (with
//! `DEVICE_FIRMWARE`) into `arch/arm/include/generated`, 4.17 has it in the
//! source tree. A tree with no SCI layer at all is refused here, by name.

use std::env;
use std::path::{Path, PathBuf};

/// Types the mediator uses. Everything else stays out of the bindings.
const TYPES: &[&str] = &[
    "cpu_user_regs",
    "xen_domctl_createdomain",
    "xen_arch_domainconfig",
    "sci_mediator_ops",
    "dt_device_node",
    "dt_property",
    "dt_device_match",
    "dt_phandle_args",
    "device_desc",
    "device_class",
    "kernel_param",
    "spinlock_t",
];

/// Xen functions and variables the mediator calls or reads.
const FUNCTIONS: &[&str] = &[
    "printk",
    "sci_register",
    "dt_get_property",
    "dt_device_is_compatible",
    "dt_device_is_available",
    "dt_find_node_by_phandle",
    "dt_find_compatible_node",
    "dt_n_addr_cells",
    "dt_n_size_cells",
    "dt_translate_address",
    "dt_node_full_name",
];

const VARS: &[&str] = &["smccc_ver", "acpi_disabled"];

const CONSTANTS: &[&str] = &[
    "XEN_DOMCTL_CONFIG_ARM_SCI_NONE",
    "XEN_DOMCTL_CONFIG_ARM_SCI_SCMI_SMC",
    // Only in a Xen with multi-agent SCMI; the mediator's multi-agent mode
    // refers to it, so it does not build without.
    "XEN_DOMCTL_CONFIG_ARM_SCI_SCMI_SMC_MA",
    "XEN_DOMCTL_INTERFACE_VERSION",
    // Xen's error numbers (an anonymous enum in xen/errno.h).
    "EINVAL",
    "EEXIST",
    "ENODEV",
    "EPERM",
    "ENOENT",
    "EOPNOTSUPP",
    "EIO",
];

fn main() {
    println!("cargo:rerun-if-env-changed=XEN_SRC");
    println!("cargo:rerun-if-env-changed=XEN_OBJ");
    println!("cargo:rerun-if-env-changed=XEN_CFLAGS");
    println!("cargo:rerun-if-changed=wrapper.h");

    let Some(src) = env::var_os("XEN_SRC").map(PathBuf::from) else {
        eprintln!(
            "xen-bindings: XEN_SRC is not set. Build through Xen's Makefile \
             (CONFIG_SCMI_SMC=y) or `cargo xtask xen`."
        );
        std::process::exit(1);
    };
    let obj = env::var_os("XEN_OBJ").map_or_else(|| src.clone(), PathBuf::from);
    if !src.join("arch/arm/include/asm/firmware/sci.h").exists() {
        eprintln!(
            "xen-bindings: {} has no SCI layer (arch/arm/include/asm/firmware/sci.h): \
             use Xen 4.21 or later, or Xen 4.17 with patches/xen-4.17 applied.",
            src.display()
        );
        std::process::exit(1);
    }
    let cflags = env::var("XEN_CFLAGS").unwrap_or_default();

    for header in ["include/xen/sched.h", "arch/arm/include/asm/firmware/sci.h"] {
        println!("cargo:rerun-if-changed={}", src.join(header).display());
    }
    println!(
        "cargo:rerun-if-changed={}",
        obj.join("include/generated/autoconf.h").display()
    );

    let flags = xen_cflags(&cflags, &src, &obj);
    // For the C helpers in ffi/, compiled with the same flags.
    println!("cargo:cflags={}", flags.join(" "));
    let mut builder = bindgen::Builder::default()
        .header("wrapper.h")
        .use_core()
        .ctypes_prefix("core::ffi")
        .clang_arg("--target=aarch64-linux-gnu")
        .clang_args(clang_flags(&flags))
        // bindgen's layout tests are constant assertions on every bound
        // type's size, alignment and field offsets: checked by rustc when
        // the crate is compiled against this very tree, no code emitted.
        .layout_tests(true)
        .derive_default(false)
        .derive_debug(false)
        .generate_comments(false)
        .opaque_type("domain")
        .opaque_type("vcpu")
        // Only C touches a lock's fields; Rust needs its address.
        .opaque_type("spinlock")
        .default_enum_style(bindgen::EnumVariation::Consts);
    for t in TYPES {
        builder = builder.allowlist_type(t);
    }
    for f in FUNCTIONS {
        builder = builder.allowlist_function(f);
    }
    for v in VARS.iter().chain(CONSTANTS) {
        builder = builder.allowlist_var(v);
    }

    let bindings = match builder.generate() {
        Ok(b) => b,
        Err(err) => {
            eprintln!("xen-bindings: bindgen failed over {}: {err}", src.display());
            std::process::exit(1);
        }
    };
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    bindings
        .write_to_file(out.join("xen.rs"))
        .expect("writing the bindings");
}

/// Xen's C flags with every path made absolute: Xen's make runs in its
/// build directory, cargo does not. Without `XEN_CFLAGS` (a build driven
/// from outside Xen's make) Xen's essential flags are derived from the
/// tree's layout.
fn xen_cflags(cflags: &str, src: &Path, obj: &Path) -> Vec<String> {
    if cflags.trim().is_empty() {
        let mut out: Vec<String> = [
            "-O2",
            "-D__XEN__",
            "-nostdinc",
            "-fno-builtin",
            "-fno-common",
            "-ffreestanding",
            "-mgeneral-regs-only",
            "-mno-outline-atomics",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for dir in [obj.join("include"), src.join("include")] {
            out.push(format!("-I{}", dir.display()));
        }
        for dir in [obj.join("arch/arm/include"), src.join("arch/arm/include")] {
            out.push(format!("-I{}", dir.display()));
        }
        // Xen 4.21 generates some asm headers (asm/device.h among them).
        let generated = obj.join("arch/arm/include/generated");
        if generated.is_dir() {
            out.push(format!("-I{}", generated.display()));
        }
        out.push("-include".to_string());
        out.push(obj.join("include/xen/config.h").display().to_string());
        return out;
    }
    let mut out = Vec::new();
    let mut words = cflags.split_whitespace();
    while let Some(word) = words.next() {
        if word == "-include" || word == "-I" || word == "-isystem" {
            if let Some(path) = words.next() {
                out.push(word.to_string());
                out.push(absolute(path, obj));
            }
        } else if let Some(path) = word.strip_prefix("-I") {
            out.push(format!("-I{}", absolute(path, obj)));
        } else {
            out.push(word.to_string());
        }
    }
    out
}

/// The preprocessor part of Xen's flags, which is all clang needs to read
/// the headers the way gcc does.
fn clang_flags(cflags: &[String]) -> Vec<String> {
    let mut out = vec!["-D__XEN__".to_string(), "-nostdinc".to_string()];
    let mut words = cflags.iter();
    while let Some(word) = words.next() {
        if word == "-include" || word == "-I" || word == "-isystem" {
            if let Some(path) = words.next() {
                out.push(word.clone());
                out.push(path.clone());
            }
        } else if word.starts_with("-I")
            || word.starts_with("-D")
            || word.starts_with("-U")
            || word.starts_with("-std=")
        {
            out.push(word.clone());
        }
    }
    out
}

fn absolute(path: &str, base: &Path) -> String {
    let p = Path::new(path);
    if p.is_absolute() {
        path.to_string()
    } else {
        base.join(p).display().to_string()
    }
}
