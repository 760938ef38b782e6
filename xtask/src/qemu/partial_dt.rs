//! The SCMI nodes of a driver domain's partial device tree, in one place
//! for every way a driver domain is made (dom0less, xl, the benchmark).

/// The partial device tree of an SCMI driver domain: the channel at the
/// guest's 0x22001000 (next to the emulated PL011, in the guest's MMIO
/// space) and the SCMI node with its clock and reset protocols, under
/// /passthrough, which Xen (dom0less) or libxl (xl) copies into the
/// guest's tree. `$mapping` is what the channel node adds to say where the
/// page comes from: dom0less maps it with `xen,reg`, xl with `iomem`;
/// `$smc` is the doorbell (the single agent's by default) and `$devices`
/// any passed-through device nodes.
macro_rules! scmi_partial_dt {
    ($mapping:expr) => {
        scmi_partial_dt!($mapping, qemu_platform::scmi_smc_id_hex!(1))
    };
    ($mapping:expr, $smc:expr) => {
        scmi_partial_dt!($mapping, $smc, "")
    };
    ($mapping:expr, $smc:expr, $devices:expr) => {
        concat!(
            r#"/dts-v1/;
/ {
    #address-cells = <2>;
    #size-cells = <2>;
    passthrough {
        compatible = "simple-bus";
        ranges;
        #address-cells = <2>;
        #size-cells = <2>;
        scmi_shm: sram@22001000 {
            compatible = "arm,scmi-shmem";
            reg = <0x0 0x22001000 0x0 0x1000>;
"#,
            $mapping,
            r#"        };
"#,
            $devices,
            r#"        firmware {
            /* Linux populates /firmware only at the root: a bus here. */
            compatible = "simple-bus";
            scmi {
                compatible = "arm,scmi-smc";
                arm,smc-id = <"#,
            $smc,
            r#">;
                shmem = <&scmi_shm>;
                #address-cells = <1>;
                #size-cells = <0>;
                protocol@14 {
                    reg = <0x14>;
                    #clock-cells = <1>;
                };
                protocol@16 {
                    reg = <0x16>;
                    #reset-cells = <1>;
                };
            };
        };
    };
};
"#
        )
    };
}

/// What a dom0less domain's channel node adds: Xen maps SCMI agent
/// `$agent`'s channel on the host to the guest's 0x22001000 (`xen,reg`),
/// without an IOMMU (there is none on QEMU's virt, and SCMI shared memory
/// is not DMA).
macro_rules! dom0less_mapping {
    ($agent:tt) => {
        concat!(
            "            xen,reg = <0x0 ",
            qemu_platform::scmi_shmem_hex!($agent),
            " 0x0 ",
            qemu_platform::scmi_shmem_size_hex!(),
            " 0x0 0x22001000>;\n",
            "            xen,force-assign-without-iommu;\n"
        )
    };
}

/// For a dom0less domain: the privileged agent's channel.
pub const DOM0LESS: &str = scmi_partial_dt!(dom0less_mapping!(1));

/// For a dom0less domain given SCMI agent 2 (multi-agent SCMI), without a
/// device: the agent's channel and doorbell (the benchmark's).
pub const DOM0LESS_AGENT_2: &str =
    scmi_partial_dt!(dom0less_mapping!(2), qemu_platform::scmi_smc_id_hex!(2));
/// The same for agent 3.
pub const DOM0LESS_AGENT_3: &str =
    scmi_partial_dt!(dom0less_mapping!(3), qemu_platform::scmi_smc_id_hex!(3));
/// The same for agent 4.
pub const DOM0LESS_AGENT_4: &str =
    scmi_partial_dt!(dom0less_mapping!(4), qemu_platform::scmi_smc_id_hex!(4));

/// For xl: plain nodes; xl.cfg's `iomem` maps the page.
pub const XL: &str = scmi_partial_dt!("");

/// For xl, a domain given agent 2 (multi-agent SCMI): its doorbell.
pub const XL_AGENT_2: &str = scmi_partial_dt!("", qemu_platform::scmi_smc_id_hex!(2));
/// For xl, a domain given agent 3.
pub const XL_AGENT_3: &str = scmi_partial_dt!("", qemu_platform::scmi_smc_id_hex!(3));
/// For xl, a domain given agent 4.
pub const XL_AGENT_4: &str = scmi_partial_dt!("", qemu_platform::scmi_smc_id_hex!(4));

/// A dom0less domain given SCMI agent `$agent` (multi-agent SCMI): the
/// agent's channel (guest 0x22001000) and doorbell, and the device whose
/// SCMI permissions it gets (`$device`, a host path, its page at host
/// `$device_page`, guest 0x22010000).
macro_rules! agent_partial_dt {
    ($agent:tt, $device:literal, $device_page:literal) => {
        $crate::qemu::partial_dt::scmi_partial_dt!(
            $crate::qemu::partial_dt::dom0less_mapping!($agent),
            qemu_platform::scmi_smc_id_hex!($agent),
            concat!(
                "        scmi-device@22010000 {\n",
                "            compatible = \"xen,scmi-test-device\";\n",
                "            reg = <0x0 0x22010000 0x0 0x1000>;\n",
                "            xen,reg = <0x0 ",
                $device_page,
                " 0x0 0x1000 0x0 0x22010000>;\n",
                "            xen,path = \"",
                $device,
                "\";\n",
                "            xen,force-assign-without-iommu;\n",
                "        };\n"
            )
        )
    };
}
pub(super) use {agent_partial_dt, dom0less_mapping, scmi_partial_dt};
