//! The QEMU command line. One place builds it, so the run that dumps QEMU's
//! device tree and the real run describe exactly the same machine.

use super::layout::RAM_ARG;
use std::path::PathBuf;

/// How the machine gets to Xen.
#[derive(Clone, Debug)]
pub enum Boot {
    /// Our EL3 firmware (`-bios`): the real platform, with SCMI.
    Firmware(PathBuf),
    /// QEMU's built-in loader and PSCI, no EL3 and no SCMI: only for working
    /// on the harness while no firmware exists.
    QemuPsci,
}

/// Machine options that change the generated device tree or the timing.
#[derive(Clone, Debug)]
pub struct Machine {
    pub cpus: u32,
    /// The virt machine's SMMUv3, in front of its PCIe bus only.
    pub smmu: bool,
    pub boot: Boot,
    /// `-icount shift=0`: one virtual nanosecond per instruction.
    pub icount: bool,
}

impl Machine {
    /// Options common to the DTB dump and the run.
    pub fn args(&self) -> Vec<String> {
        let secure = match self.boot {
            Boot::Firmware(_) => "on",
            Boot::QemuPsci => "off",
        };
        let iommu = if self.smmu { ",iommu=smmuv3" } else { "" };
        let mut args: Vec<String> = vec![
            "-machine".into(),
            format!("virt,secure={secure},virtualization=on,gic-version=3{iommu}"),
            "-cpu".into(),
            "cortex-a57".into(),
            "-smp".into(),
            self.cpus.to_string(),
            "-m".into(),
            RAM_ARG.into(),
            // The non-secure UART (Xen, dom0, the firmware's lines) is the
            // console on stdio; nothing else is: no monitor and no mux, so
            // the replies a scenario types reach that UART and nothing
            // else. The secure UART is unused by our firmware.
            "-display".into(),
            "none".into(),
            "-monitor".into(),
            "none".into(),
            "-chardev".into(),
            "stdio,id=console,signal=off".into(),
            "-serial".into(),
            "chardev:console".into(),
            "-serial".into(),
            "null".into(),
            // No network card: nothing here uses one, and the default virt
            // NIC needs a boot ROM (efi-virtio.rom) that a QEMU installed
            // without recommended packages lacks.
            "-nic".into(),
            "none".into(),
            // The firmware ends the run through semihosting with a status.
            "-semihosting-config".into(),
            "enable=on,target=native".into(),
        ];
        if self.smmu {
            // Xen's SMMUv3 driver uses stage 2 only; QEMU's SMMU offers
            // stage 1 unless told otherwise.
            args.push("-global".into());
            args.push("arm-smmuv3.stage=2".into());
        }
        if let Boot::Firmware(fw) = &self.boot {
            // QEMU leaves out /psci when firmware is given: the dump must see
            // the same option to describe the same machine.
            args.push("-bios".into());
            args.push(fw.display().to_string());
        }
        if self.icount {
            args.push("-icount".into());
            args.push("shift=0".into());
        }
        args
    }
}

/// `-device loader` for a raw image at a fixed address.
pub fn loader(file: &std::path::Path, addr: u64) -> [String; 2] {
    [
        "-device".into(),
        format!("loader,file={},addr={addr:#x},force-raw=on", file.display()),
    ]
}
