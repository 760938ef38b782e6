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
    ($mapping:literal) => {
        scmi_partial_dt!($mapping, "0x82000002")
    };
    ($mapping:literal, $smc:literal) => {
        scmi_partial_dt!($mapping, $smc, "")
    };
    ($mapping:expr, $smc:literal, $devices:expr) => {
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

/// For a dom0less domain: Xen maps the host's 0xbff00000 to the guest's
/// 0x22001000 (`xen,reg`), without an IOMMU (there is none on QEMU's
/// virt, and SCMI shared memory is not DMA).
pub const DOM0LESS: &str = scmi_partial_dt!(
    "            xen,reg = <0x0 0xbff00000 0x0 0x1000 0x0 0x22001000>;
            xen,force-assign-without-iommu;
"
);

/// For xl: plain nodes; xl.cfg's `iomem` maps the page.
pub const XL: &str = scmi_partial_dt!("");

/// For xl, a domain given agent 2 (multi-agent SCMI): its doorbell.
pub const XL_AGENT_2: &str = scmi_partial_dt!("", "0x82000003");
/// For xl, a domain given agent 3.
pub const XL_AGENT_3: &str = scmi_partial_dt!("", "0x82000004");

/// A dom0less domain given one agent (multi-agent SCMI): the agent's
/// channel (host `$host`, guest 0x22001000) and doorbell (`$smc`), and the
/// device whose SCMI permissions it gets (`$device`, a host path, its page
/// at host `$device_page`, guest 0x22010000).
macro_rules! agent_partial_dt {
    ($host:literal, $smc:literal, $device:literal, $device_page:literal) => {
        $crate::qemu::partial_dt::scmi_partial_dt!(
            concat!(
                "            xen,reg = <0x0 ",
                $host,
                " 0x0 0x1000 0x0 0x22001000>;\n",
                "            xen,force-assign-without-iommu;\n"
            ),
            $smc,
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
pub(super) use {agent_partial_dt, scmi_partial_dt};
