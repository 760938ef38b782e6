//! Device-tree source for what we add to QEMU's own tree: PSCI, the SCMI
//! firmware node and its channel, the shrunk memory node, and /chosen with
//! Xen's command line, dom0's modules and dom0less domains.
//!
//! Everything is emitted as dts text appended to the decompiled QEMU tree;
//! dtc merges a node that is opened again (by path with `&{/path}`, or by
//! writing the same node under `/ { }`) into the earlier one.

use super::layout::{RAM_BASE, SCMI_SHMEM, SCMI_SHMEM_SIZE, SCMI_SMC_ID, XEN_RAM_END};
use std::fmt::Write;

/// The role of a boot module, which selects its compatible strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModuleKind {
    Kernel,
    Ramdisk,
    /// A partial device tree for a dom0less domain (passthrough devices).
    DeviceTree,
}

impl ModuleKind {
    fn compatible(self) -> &'static str {
        match self {
            ModuleKind::Kernel => "multiboot,kernel",
            ModuleKind::Ramdisk => "multiboot,ramdisk",
            ModuleKind::DeviceTree => "multiboot,device-tree",
        }
    }
}

/// One image already placed in memory.
#[derive(Clone, Debug)]
pub struct Module {
    pub kind: ModuleKind,
    pub addr: u64,
    pub size: u64,
    /// Only meaningful for kernels: the guest's command line.
    pub bootargs: Option<String>,
}

/// A dom0less domain node (`compatible = "xen,domain"`) under /chosen.
#[derive(Clone, Debug)]
pub struct Domain {
    /// Node name, e.g. "domU1".
    pub name: String,
    pub memory_kib: u64,
    pub cpus: u32,
    /// Extra property lines, verbatim, e.g. `xen,sci_type = "scmi_smc";`.
    pub properties: Vec<String>,
    pub modules: Vec<Module>,
}

/// Everything appended to QEMU's tree for one boot.
#[derive(Clone, Debug, Default)]
pub struct Additions {
    pub cpus: u32,
    pub xen_bootargs: String,
    pub dom0_modules: Vec<Module>,
    pub domains: Vec<Domain>,
    /// Further dts source, appended last (may re-open any node).
    pub extra: String,
}

/// Splits a 64-bit value into the two cells of a `#*-cells = <2>` tree.
fn cells(value: u64) -> String {
    format!("{:#x} {:#x}", value >> 32, value & 0xffff_ffff)
}

/// A dts string literal; our strings never contain quotes or backslashes,
/// but escaping keeps a stray one from breaking the tree.
fn quoted(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{escaped}\"")
}

impl Additions {
    /// The dts text to append after QEMU's decompiled tree.
    pub fn render(&self) -> String {
        let mut s = String::new();
        s.push_str("\n/* Added by cargo xtask qemu. */\n");
        self.psci(&mut s);
        memory(&mut s);
        scmi(&mut s);
        self.chosen(&mut s);
        s.push_str(&self.extra);
        s
    }

    /// With firmware loaded, QEMU describes no PSCI: ours answers at EL3.
    fn psci(&self, s: &mut String) {
        s.push_str(
            "/ {\n\tpsci {\n\t\tcompatible = \"arm,psci-1.0\", \"arm,psci-0.2\";\n\
             \t\tmethod = \"smc\";\n\t};\n};\n",
        );
        // Secondary CPUs are started through PSCI CPU_ON.
        for cpu in 0..self.cpus {
            let _ = writeln!(
                s,
                "&{{/cpus/cpu@{cpu}}} {{\n\tenable-method = \"psci\";\n}};"
            );
        }
    }

    fn chosen(&self, s: &mut String) {
        s.push_str("&{/chosen} {\n\t#address-cells = <2>;\n\t#size-cells = <2>;\n");
        // Xen uses this UART when its command line names none (no dtuart=);
        // QEMU sets the same path, restated so the tree does not depend on it.
        s.push_str("\tstdout-path = \"/pl011@9000000\";\n");
        let _ = writeln!(s, "\txen,xen-bootargs = {};", quoted(&self.xen_bootargs));
        for module in &self.dom0_modules {
            module_node(s, module, 1);
        }
        for domain in &self.domains {
            domain_node(s, domain);
        }
        s.push_str("};\n");
    }
}

/// The top of RAM is the firmware's: Xen must not see it as memory.
fn memory(s: &mut String) {
    let _ = writeln!(
        s,
        "&{{/memory@{RAM_BASE:x}}} {{\n\treg = <{} {}>;\n}};",
        cells(RAM_BASE),
        cells(XEN_RAM_END - RAM_BASE)
    );
}

/// The SCMI channel and the SMC-transport firmware node. The channel is a
/// plain node outside /memory: Linux's shmem code `ioremap`s it, and Xen
/// maps it 1:1 into dom0 like any device region of a node dom0 receives.
fn scmi(s: &mut String) {
    let _ = writeln!(
        s,
        "/ {{\n\tscmi_shmem: sram@{SCMI_SHMEM:x} {{\n\
         \t\tcompatible = \"arm,scmi-shmem\";\n\
         \t\treg = <{} {}>;\n\t}};\n",
        cells(SCMI_SHMEM),
        cells(SCMI_SHMEM_SIZE)
    );
    let _ = writeln!(
        s,
        "\tfirmware {{\n\t\tscmi {{\n\
         \t\t\tcompatible = \"arm,scmi-smc\";\n\
         \t\t\tarm,smc-id = <{SCMI_SMC_ID:#x}>;\n\
         \t\t\tshmem = <&scmi_shmem>;\n\
         \t\t\t#address-cells = <1>;\n\t\t\t#size-cells = <0>;\n\
         \t\t\tscmi_clk: protocol@14 {{\n\t\t\t\treg = <0x14>;\n\t\t\t\t#clock-cells = <1>;\n\t\t\t}};\n\
         \t\t\tscmi_reset: protocol@16 {{\n\t\t\t\treg = <0x16>;\n\t\t\t\t#reset-cells = <1>;\n\t\t\t}};\n\
         \t\t}};\n\t}};\n}};"
    );
}

fn module_node(s: &mut String, module: &Module, depth: usize) {
    let tab = "\t".repeat(depth);
    let _ = writeln!(s, "{tab}module@{:x} {{", module.addr);
    let _ = writeln!(
        s,
        "{tab}\tcompatible = \"{}\", \"multiboot,module\";",
        module.kind.compatible()
    );
    let _ = writeln!(
        s,
        "{tab}\treg = <{} {}>;",
        cells(module.addr),
        cells(module.size)
    );
    if let Some(args) = &module.bootargs {
        let _ = writeln!(s, "{tab}\tbootargs = {};", quoted(args));
    }
    let _ = writeln!(s, "{tab}}};");
}

fn domain_node(s: &mut String, domain: &Domain) {
    let _ = writeln!(s, "\t{} {{", domain.name);
    s.push_str("\t\tcompatible = \"xen,domain\";\n");
    // Module reg values below use the domain node's own cell sizes.
    s.push_str("\t\t#address-cells = <2>;\n\t\t#size-cells = <2>;\n");
    let _ = writeln!(s, "\t\tmemory = <{}>;", cells(domain.memory_kib));
    let _ = writeln!(s, "\t\tcpus = <{}>;", domain.cpus);
    for prop in &domain.properties {
        let _ = writeln!(s, "\t\t{prop}");
    }
    for module in &domain.modules {
        module_node(s, module, 2);
    }
    s.push_str("\t};\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_modules_and_domains() {
        let add = Additions {
            cpus: 2,
            xen_bootargs: "console=dtuart".into(),
            dom0_modules: vec![Module {
                kind: ModuleKind::Kernel,
                addr: 0x4500_0000,
                size: 0x10,
                bootargs: Some("rdinit=/init".into()),
            }],
            domains: vec![Domain {
                name: "domU1".into(),
                memory_kib: 0x2_0000,
                cpus: 1,
                properties: vec!["xen,sci_type = \"scmi_smc\";".into()],
                modules: vec![],
            }],
            extra: String::new(),
        };
        let text = add.render();
        assert!(text.contains("reg = <0x0 0x45000000 0x0 0x10>;"));
        assert!(text.contains("\"multiboot,kernel\", \"multiboot,module\""));
        assert!(text.contains("&{/cpus/cpu@1}"));
        assert!(text.contains("xen,sci_type = \"scmi_smc\";"));
        assert!(text.contains("reg = <0x0 0x40000000 0x0 0x7fe00000>;"));
        assert!(text.contains(&format!("arm,smc-id = <{SCMI_SMC_ID:#x}>;")));
    }
}
