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

The workspace's Makefile builds the static library with
scripts/Makefile.rust (cargo offline, for aarch64-unknown-none-softfloat:
no FP/SIMD, like the rest of Xen) and links it as one relocatable
object, pulling in only what the device description reaches.
kconfig/Kconfig holds the option, sourced from a choice of SCI mediators
in the firmware Kconfig; it depends on RUST, which Kconfig offers only
where the Rust toolchain is installed.
"
);

/// The message of the build-glue commit against 4.22: patch 0007 of
/// patches/xen-4.22 (the choice entry, SCMI_SMC_MEDIATOR and the Makefile
/// line), with the C-ABI crate and the kbuild files.
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
and takes the same boolean option, scmi-smc-passthrough. Under
passthrough it hides every \"arm,scmi-smc\" node from the hardware domain
wherever it sits in the tree, and lets the hardware domain map every
channel that node and its protocol sub-nodes refer to, not only the
first one.

",
    registers_paragraph!(),
    "This adds the last crate of the workspace, ffi: the C-ABI callbacks of
struct sci_mediator_ops, the device description Xen matches against the
firmware node, the parameter entry, and a few C helpers that make Xen's
inline functions and macros callable, compiled with Xen's flags. Every
unsafe block there says why it is sound; the policy crate it calls has
none.

SCMI_SMC_RS depends on RUST, so it can only be selected where the Rust
toolchain is installed. Dom0less accepted xen,sci_type = \"scmi_smc\"
only with CONFIG_SCMI_SMC, the C mediator's option: a hidden
SCMI_SMC_MEDIATOR symbol, selected by both mediators, is what
dom0less-build.c tests now. The workspace's Makefile, reached from
firmware/Makefile, builds the static library with scripts/Makefile.rust
(cargo offline, from Cargo.lock) and links it as one relocatable object,
asking the linker only for the device description so that nothing else
is pulled out of the archive; init-sections.py then moves to .init.text
and .init.rodata what only the boot entry points (marked .init.text in
the Rust code, as C marks them __init) reach, and refuses resident code
that refers to it. The CI job for Rust support builds the mediator too.

The choice still defaults to SCMI_SMC: a defconfig build does not
change. With CONFIG_RUST=y and CONFIG_SCMI_SMC_RS=y a reviewer can check
that scmi-smc.o is no longer built, that xen-syms has
scmi_smc_rs_device in .dev.info and the option in .init.setup, and that
the Rust object holds no FP/SIMD instruction.
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

pub const SUBJECT_422: &str = "Rust in the hypervisor: build support, and an SCMI-SMC mediator";

pub const BLURB_422: &str = "\
This RFC asks one question first: does Xen want code written in Rust in
the hypervisor, on the terms patches 4 and 5 set out? The rest of the
series is a mediator written that way, so that the question can be
answered on a real piece of code rather than in the abstract; it is not
meant to be merged before the question is.

The terms (patch 4, docs/misc/rust.pandoc):

- Toolchain: rustc and cargo 1.80 or later, stable, with the bare-metal
  target aarch64-unknown-none-softfloat and its core library (no
  nightly, no -Zbuild-std), and libclang 9 or later for bindgen.
- Kconfig runs scripts/rust-is-available.sh through $(success,...) for
  RUST_IS_AVAILABLE; CONFIG_RUST (UNSUPPORTED, Arm64 only) depends on
  it, so a machine without the tools cannot select anything written in
  Rust. `make rustavailable` says what is found or missing.
- make never reaches the network: cargo always runs with --offline and
  --locked. Crates come from a vendor/ directory (`make rustvendor`, the
  one step that fetches, which a distribution runs when it prepares its
  sources) or cargo's cache; otherwise the build stops with one line
  naming the missing crates.
- no_std, no allocation, panic=abort without unwind tables; an object in
  which a panic path survived is refused at build time.
- unsafe only in the layer that talks to C, each block with a SAFETY
  comment (enforced by clippy); the code that decides is in crates that
  forbid unsafe and is tested on the build host.
- MISRA C does not apply to Rust as it stands; the document says what
  the Rust rules cover instead and what remains C (the C helpers, which
  are analysed as C).
- CI: patch 5 adds an Arm64 job that builds with CONFIG_RUST=y on the
  oldest supported toolchain.

Patch 1 is a fix to 4.22 that also goes on its own: the SMCCC 1.1 call
macros bind the argument registers before evaluating every argument, so
an argument that is a function call can overwrite one bound earlier;
built with gcc 12 for arm64, scmi-smc.c hands EL3 the guest's x7 instead
of the SCMI function id. Patch 2 makes xl refuse malformed arm_sci
strings; patch 3, separate because it changes behaviour, also refuses a
key given twice.

Patch 6 exports dt_translate_address(), which only the Rust mediator
calls: it translates each shared-memory channel's last byte as Xen
translates its first, so a channel that runs past its bus's \"ranges\"
window is refused rather than granted.

Patches 7 to 9 add the mediator under xen/arch/arm/firmware/scmi-smc-rs
one layer at a time: a policy crate with no unsafe code and no Xen
dependency, tested on the build host; bindgen-generated bindings whose
layouts are asserted at compile time; and the C-ABI layer with its
Kconfig entry (SCMI_SMC_RS, next to scmi-smc.c's SCMI_SMC in the \"ARM
SCI driver type\" choice, depending on RUST) and the Makefile that
builds it with patch 4's rules. Patches 10 to 12 document it, mark Rust
support and the mediator Experimental in SUPPORT.md with a matching
MAINTAINERS section (Orphan: this RFC names nobody), and add the change
log line.

Patches 13 to 19 add multi-agent SCMI, where the firmware serves several
agents and each domain may get one of its own: a new SCI type,
XEN_DOMCTL_CONFIG_ARM_SCI_SCMI_SMC_MA, with the agent id in a byte of
xen_arch_domainconfig's padding (no domctl version change: the byte was
checked to be zero), then dom0less (xen,sci_type =
\"scmi_smc_multiagent\", xen,sci-agent-id), libxl and xl (arm_sci =
\"type=scmi_smc_multiagent,agent_id=N\"), the Rust mediator that
implements the type as its own entry of the SCI driver choice
(CONFIG_SCMI_SMC_RS_MA, as the proposed C driver is CONFIG_SCMI_SMC_MA),
its documentation, and its SUPPORT.md entry and change log line.
scmi-smc.c refuses the type when the domain is created.

These follow the interface of the multi-agent SCMI driver posted to
xen-devel (\"xen/arm: scmi: introduce SCI SCMI SMC multi-agent driver\"
and its toolstack part), which is not merged: the same domctl type and
value, the same field name and type (at another offset, which patch 13
explains), the same dom0less properties, xl syntax and host device tree
binding. If that series lands first,
patches 13 to 16 (the public interface, dom0less, libxl and xl) drop,
and so do the binding document of patch 18, which its booting.txt
then covers, and patch 21, which its assign-device change replaces;
patches 17, 18 (the hypervisor guide's section) and 19 stay, as they
are about the Rust mediator, which then serves upstream's interface
unchanged.

Patch 20 is a fix to domain_build.c for either SCMI-SMC mediator: when
the node of the shared memory the mediator leaves out of the hardware
domain's tree sits under /reserved-memory or in an \"mmio-sram\" node, as
on Rockchip boards, it writes a placeholder with the node's name and
\"reg\" in its place, so that the hardware domain does not take the
range for RAM or SRAM it may allocate.

Patch 21 makes xl's dtdev work for a device whose access the firmware
controls: the assign-device domctl asks the SCI layer first, so the
domain's agent is allowed the device (the same call boot-time
passthrough makes), and a device no IOMMU protects is no longer an
error once the firmware has granted it. It is in the passthrough code
rather than in do_domctl(), so common code includes no Arm header.

Patch 22 lets the Rust mediator accept dom0_scmi_smc_passthrough, the
name the option had in the RFC that first proposed it, which upstream
never released. It is last so that it can be dropped on its own.

Every patch builds on its own (arm64 defconfig, plus CONFIG_RUST=y and
CONFIG_SCMI_SMC_RS=y once Kconfig knows them); the last one also
builds offline from vendored crates with an empty CARGO_HOME, and with
CONFIG_SCMI_SMC_RS_MA=y in place of CONFIG_SCMI_SMC_RS. The defconfig
does not change: without CONFIG_RUST nothing of this is built.
";
