//! Commit messages of the commits the series makes itself, and its cover
//! letters. The other commits keep the messages of patches/xen-4.17 or
//! patches/xen-4.22.

use super::crates::Layer;
use anyhow::{Context, Result};
use std::fs;
use std::path::Path;

/// The message of a crate commit; `glue` is the base's build-glue message.
pub fn for_layer(layer: Layer, glue: &'static str) -> &'static str {
    match layer {
        Layer::Policy => POLICY,
        Layer::Bindings => BINDINGS,
        Layer::Ffi => glue,
    }
}

const POLICY: &str = "\
xen/arm: firmware: add the SCMI-SMC mediation policy (Rust)

The SCMI over SMC mediator has to decide, for every domain created and
every SMC a guest issues, whether that domain owns SCMI, and for the
hardware domain's device tree which nodes to hide and which shared
memory to let it map. Those decisions are where the mediator can go
wrong, and they depend on nothing but their inputs.

Write them as a Rust crate, scmi_smc, that has no unsafe code, no
allocation and no dependency on Xen, so that they are tested on the
build host: the ownership table per command-line option and domain
kind, the SMCCC function id and register shaping for AArch64 and
AArch32 callers, the probe of the firmware node, and the walk over the
\"shmem\" references of the SCMI node (matched by compatible, every
phandle followed, zero sizes and address overflow rejected), including
malformed trees. The printk formats the mediator uses live here too,
with a test that each consumes only the arguments it is given.

Nothing is built into Xen yet: this adds a cargo workspace under
xen/arch/arm/firmware/scmi-smc-rs/ with its lock file and the crate.
";

const BINDINGS: &str = "\
xen/arm: firmware: generate Rust bindings for the SCMI-SMC mediator

The mediator is linked into Xen and uses Xen's structures (the domain
configuration, the SCI mediator ops, device-tree nodes, the device and
parameter tables) and functions. Writing those declarations by hand in
Rust would let them drift from the C headers without anyone noticing.

Add the xen-bindings crate: its build script runs bindgen over the
configured tree with Xen's own compiler flags (passed by Xen's build,
or derived from the tree's layout), restricted to the few items the
mediator uses, and the crate asserts at compile time the layouts the
mediator relies on: arm_sci_type after clock_frequency in
xen_arch_domainconfig, the order of the eight sci_mediator_ops
callbacks, and the sizes of the .dev.info and .init.setup entries.
A tree whose structures differ fails to build instead of misbehaving.

Still nothing is linked into Xen; the crate is the second member of the
workspace.
";

/// The paragraph both glue messages carry: how the forwarded registers
/// differ from what the guest passed, and why.
macro_rules! registers_paragraph {
    () => {
        "\
What reaches the firmware differs from scmi-smc.c in two registers, on
purpose. x0 is the function id zero-extended from w0: SMCCC defines the
id as 32 bits, and what a 64-bit caller leaves above them is not passed
on. x7 is not the guest's: the mediator writes the SMCCC client id
there, domain id + 1 (SMCCC reserves client id 0 for the hypervisor
itself), with the session id bits clear. A guest cannot then pose as
another VM or as Xen, and firmware that keeps per-client state or
counters can tell callers apart; firmware that ignores w7, as a
single-agent SCMI server may, sees no difference. This is visible to
EL3 and documented as such.

"
    };
}

/// The message of the build-glue commit against 4.17, which also brings
/// the C-ABI crate and the kbuild fragment.
pub const GLUE_417: &str = concat!(
    "\
xen/arm: firmware: build the SCMI-SMC mediator written in Rust

Add CONFIG_SCMI_SMC, the first SCI mediator: SCMI over SMC with one
shared-memory channel and one agent in the EL3 firmware. It forwards the
SMC named by \"arm,smc-id\" from the one domain that owns SCMI: the
hardware domain, or with scmi-smc-passthrough (also accepted as
dom0_scmi_smc_passthrough) a driver domain.

",
    registers_paragraph!(),
    "The mediator is the Rust workspace in arch/arm/firmware/scmi-smc-rs.
This adds its last crate, ffi: the C-ABI callbacks of struct
sci_mediator_ops, the device description Xen matches against the
\"arm,scmi-smc\" node, the two boolean parameters, and a few C helpers
that make Xen's inline functions and macros callable, compiled with
Xen's flags. Every unsafe block there states why it is sound; the
policy it calls has none.

kconfig/Makefile runs cargo for aarch64-unknown-none-softfloat (no
FP/SIMD, like the rest of Xen) with Xen's compiler flags, and links the
static library as one relocatable object, pulling in only what the
device description reaches. kconfig/Kconfig holds the option, sourced
from a choice of SCI mediators in the firmware Kconfig. Building needs
cargo, the softfloat target and libclang for bindgen; with the crates
vendored by `cargo vendor` (vendor/ in the workspace, or the directory
named by SCMI_RS_VENDOR_DIR) cargo runs offline.
"
);

/// The message of the build-glue commit against 4.22: patch 0003 of
/// patches/xen-4.22 (the choice entry and the Makefile line), with the
/// C-ABI crate and the kbuild fragment.
pub const GLUE_422: &str = concat!(
    "\
xen/arm: firmware: add an SCMI-SMC mediator written in Rust

The generic SCI layer registers exactly one mediator, picked in the
\"ARM SCI driver type\" choice, and for SCMI over SMC the only one is
scmi-smc.c. Offer a second implementation of the same SCI type as a new
entry of that choice, SCMI_SMC_RS (arm64 only), built from the Rust
workspace in arch/arm/firmware/scmi-smc-rs. It fills in struct
sci_mediator_ops with the same semantics, reads the same device-tree
binding (\"arm,scmi-smc\" with \"arm,smc-id\", \"arm,scmi-shmem\" channels)
and takes the same boolean option, scmi-smc-passthrough; it also
accepts dom0_scmi_smc_passthrough, the name the option had in the RFC
that first proposed it. Under passthrough it hides every
\"arm,scmi-smc\" node from the hardware domain wherever it sits in the
tree, and lets the hardware domain map every channel that node and its
protocol sub-nodes refer to, not only the first one.

",
    registers_paragraph!(),
    "This adds the last crate of the workspace, ffi: the C-ABI callbacks of
struct sci_mediator_ops, the device description Xen matches against the
firmware node, the two parameter entries, and a few C helpers that make
Xen's inline functions and macros callable, compiled with Xen's flags.
Every unsafe block there says why it is sound; the policy crate it
calls has none.

kconfig/Kconfig.upstream is the choice entry, sourced from
firmware/Kconfig; like SCMI_SMC it selects SCMI_SMC_MEDIATOR, so
dom0less accepts xen,sci_type = \"scmi_smc\" with either mediator.
kconfig/Makefile, reached from firmware/Makefile, runs cargo for
aarch64-unknown-none-softfloat (no FP/SIMD, like the rest of Xen) with
Xen's compiler and flags and links the static library as one
relocatable object, asking the linker only for the device description
so that nothing else is pulled out of the archive. With the crates
vendored by `cargo vendor` (vendor/ in the workspace, or the directory
named by SCMI_RS_VENDOR_DIR) cargo runs offline, as distributions
build.

The choice still defaults to SCMI_SMC: a defconfig build does not
change. With CONFIG_SCMI_SMC_RS=y a reviewer can check that scmi-smc.o
is no longer built, that xen-syms has scmi_smc_rs_device in .dev.info
and both option names in .init.setup, and that the Rust object holds no
FP/SIMD instruction. Building it needs cargo with the
aarch64-unknown-none-softfloat target and libclang for bindgen.
"
);

/// Fills in the cover letter `git format-patch` left with placeholders,
/// with `cover`: its subject and text.
pub fn write_cover_letter(out: &Path, cover: (&str, &str)) -> Result<()> {
    let path = out.join("0000-cover-letter.patch");
    let text = fs::read_to_string(&path).context("reading the cover letter")?;
    let text = text
        .replace("*** SUBJECT HERE ***", cover.0)
        .replace("*** BLURB HERE ***", cover.1);
    fs::write(&path, text)?;
    Ok(())
}

pub const SUBJECT_417: &str =
    "xen/arm: SCMI over SMC mediator in Rust, with driver-domain passthrough";

pub const BLURB_417: &str = "\
Arm SoCs expose clocks, resets and power domains through SCMI, sent by
an SMC to EL3 firmware that serves one agent. Under Xen one domain must
own that channel: the hardware domain by default, or, with a thin dom0,
a driver domain.

This series adds a generic SCI mediator layer with the interface of
later Xen releases (struct sci_mediator_ops, sci_register(),
arm_sci_type in the domain configuration), the dom0less xen,sci_type
property, dt_translate_address() exported from the device-tree code
(the mediator translates the last byte of a shared memory channel with
it, as Xen translates the first), and an SCMI-SMC mediator written in
Rust, in three layers: a pure, host-tested policy crate,
bindgen-generated bindings with layout assertions, and a thin C-ABI
layer with the kbuild glue. The toolstack and documentation patches
follow.

Every patch builds on its own (hypervisor, defconfig, plus
CONFIG_SCMI_SMC=y from the patch that introduces it). Building the
mediator needs cargo with the aarch64-unknown-none-softfloat target and
libclang.
";

pub const SUBJECT_422: &str = "xen/arm: an SCMI over SMC mediator in Rust, next to scmi-smc.c";

pub const BLURB_422: &str = "\
Since 4.21 Xen has a generic SCI mediator layer and a C mediator for
SCMI over SMC, scmi-smc.c. This series offers a second implementation
of that mediator, written in Rust in the style of Rust-for-Linux
(bindings, a thin unsafe layer, safe logic), as a new entry of the
existing \"ARM SCI driver type\" choice. The default configuration does
not change.

Patches 1 to 3 fix existing code and make sense without the rest. The
SMCCC 1.1 call macros bind the argument registers before evaluating
every argument, so an argument that is a function call can overwrite
one bound earlier; built with gcc 12 for arm64, scmi-smc.c hands EL3
the guest's x7 instead of the SCMI function id. Dom0less accepts
xen,sci_type = \"scmi_smc\" only when CONFIG_SCMI_SMC, one particular
mediator, is built in. And xl accepts most malformed arm_sci strings.

Patch 4 exports dt_translate_address(), the translator behind
dt_device_get_address(), which translates only the start of a \"reg\"
entry. The mediator lets the hardware domain map the shared memory
channels, and translates each channel's last byte with it too: a
channel that runs past its bus's \"ranges\" window is refused rather
than granted.

Patches 5 to 7 add the mediator under xen/arch/arm/firmware/scmi-smc-rs
one layer at a time: a policy crate with no unsafe code and no Xen
dependency, tested on the build host; bindgen-generated bindings whose
layouts are asserted at compile time; and the C-ABI layer with the
Kconfig entry and kbuild glue that build and link it. Patches 8 to 12
document the mediator, its option, its support status, who looks after
the new directory, and the change log entry.

The last six patches add multi-agent SCMI, where the firmware serves
several agents and each domain may get one of its own: a new SCI type,
XEN_DOMCTL_CONFIG_ARM_SCI_SCMI_SMC_MA, with the agent id in a byte of
xen_arch_domainconfig's padding (no domctl version change: the byte was
checked to be zero), then dom0less (xen,sci_type =
\"scmi_smc_multiagent\", xen,sci-agent-id), libxl and xl (arm_sci =
\"type=scmi_smc_multiagent,agent_id=N\"), an option of the Rust
mediator that implements the type (CONFIG_SCMI_SMC_RS_MULTI_AGENT), and
its documentation. scmi-smc.c refuses the type when the domain is
created.

Every patch builds on its own (arm64 defconfig, plus
CONFIG_SCMI_SMC_RS=y from patch 7 on). The Rust build needs cargo with
the aarch64-unknown-none-softfloat target and libclang; with the crates
vendored by `cargo vendor` it runs offline.
";
