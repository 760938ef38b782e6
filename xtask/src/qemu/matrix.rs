//! The scenario matrix: every scenario of `scenarios.rs` runs on Xen 4.17
//! (Debian's, with our SCI backport); the ones whose behaviour upstream
//! shares run again on upstream 4.22 with the Rust mediator; `hwdom` and
//! `passthrough` also run on 4.22 with upstream's C mediator, fixed, and
//! the unmodified C mediator shows the SMCCC regression.
//!
//! A variant is named `<scenario>@<target>`, e.g. `hwdom@4.22-c`.

use super::expect::{Count, Counter, Expect};
use super::scenario::{Image, Scenario};
use super::scenarios::{
    ALL, BAD_TYPE_LINE, BAD_TYPE_PANIC, DOMD, PASSTHROUGH, PASSTHROUGH_EXPECT, STOCK_DOM0,
};
use crate::target::Target;

/// Scenarios that run on 4.22 with the Rust mediator too (the
/// multi-agent ones, `fw-faults` and `smp-agents` run only on its
/// multi-agent build; `stock-dom0`, `flood` and `smp-churn` only on
/// 4.17), the xl ones with 4.22's own tools (with our fix to xl's arm_sci parser,
/// which accepted most of `xl-bad-config`'s malformed strings).
const ON_UPSTREAM_RUST: &[&str] = &[
    "hwdom",
    "passthrough",
    "alias",
    "second-owner",
    "refused",
    "not-allowed",
    "bad-type",
    "dt-windows",
    "xl-bad-config",
    "xl-domd",
    "board-rcar",
    "xl-lifecycle",
    "aarch32",
    "board-rk3588",
    "board-rk3588-dom0",
    "board-rk3588-page",
    "board-rk3588-page-dom0",
    "board-rk356x",
    "board-rk356x-dom0",
    "board-imx8ulp",
    "board-imx8ulp-dom0",
    "board-c3",
    "board-c3-shared",
];

/// Lines the 4.22 builds word differently from our 4.17 backport:
/// upstream's own code, and 4.22's xl, whose arm_sci parser also knows
/// the multi-agent type and its agent_id key (patches/xen-4.22).
const UPSTREAM_LINES: &[(&str, &str)] = &[
    (
        BAD_TYPE_LINE,
        "xen,sci_type in not valid (foo) for domain domX",
    ),
    (BAD_TYPE_PANIC, "Error getting SCI configuration"),
    (
        r#"XL: [""] arm_sci: empty string, expected "type=<none|scmi_smc>""#,
        r#"XL: [""] arm_sci: empty string, expected "type=<none|scmi_smc|scmi_smc_multiagent>[,agent_id=N]""#,
    ),
    (
        r#"XL: ["type=foo"] arm_sci: unknown type "foo" (known: none, scmi_smc)"#,
        r#"XL: ["type=foo"] arm_sci: unknown type "foo" (known: none, scmi_smc, scmi_smc_multiagent)"#,
    ),
    (
        r#"XL: ["foo=bar"] arm_sci: unknown key "foo" (known: type)"#,
        r#"XL: ["foo=bar"] arm_sci: unknown key "foo" (known: type, agent_id)"#,
    ),
    (
        r#"XL: ["=scmi_smc"] arm_sci: unknown key "" (known: type)"#,
        r#"XL: ["=scmi_smc"] arm_sci: unknown key "" (known: type, agent_id)"#,
    ),
];

/// The unmodified 4.22.0 C mediator: the SMC reaches EL3 with the guest's
/// x7 in x0 instead of the SCMI function id, so the firmware sees no SCMI
/// call at all and dom0's Linux cannot talk to SCMI.
const C_REGRESSION: Scenario = Scenario {
    name: "hwdom@4.22-c-unpatched",
    about:
        "upstream 4.22.0's C mediator, unmodified: the SMCCC regression, no SCMI call reaches EL3",
    xen: Image::Xen(Target::UPSTREAM_C_UNPATCHED),
    expect: Expect {
        in_order: &[
            "Xen version 4.22",
            concat!(
                "Using SCMI with SMC ID: ",
                qemu_platform::scmi_smc_id_hex!(1)
            ),
            "*** LOADING DOMAIN 0 ***",
            "INIT: start",
            "error -EOPNOTSUPP: unable to communicate with SCMI",
            "INIT: poweroff",
        ],
        present: &["INIT: dt has SCMI node /sys/firmware/devicetree/base/firmware/scmi"],
        absent: &[
            "'XenRustEL3:qemu-virt' Firmware version",
            "driver=scmi-clocks",
            "SCMI: Unprivileged access attempt",
            concat!("Unhandled SMC/HVC: ", qemu_platform::scmi_smc_id_hex!(1)),
        ],
        exit: 0,
        xen_panics: false,
        counters: &[Counter::Total(Count::Exactly(0))],
    },
    ..STOCK_DOM0
};

/// The C mediator's passthrough: domD owns SCMI. The C mediator knows only
/// the upstream option name and logs nothing of the hand-over, so the
/// checks are dom0's and domD's Linux and the firmware's count.
const PASSTHROUGH_C: Scenario = Scenario {
    name: "passthrough@4.22-c",
    about: "upstream 4.22 + fixed C mediator, scmi-smc-passthrough: dom0less domD owns SCMI",
    xen: Image::Xen(Target::UPSTREAM_C),
    xen_args: "scmi-smc-passthrough",
    domus: &[DOMD],
    expect: Expect {
        in_order: &[
            "Xen version 4.22",
            concat!(
                "Using SCMI with SMC ID: ",
                qemu_platform::scmi_smc_id_hex!(1)
            ),
            "*** LOADING DOMAIN 0 ***",
        ],
        counters: &[Counter::Client {
            id: 0,
            calls: Count::AtLeast(1),
            errors: Count::AtLeast(0),
        }],
        absent: &[
            "INIT: dom0 dt has",
            "INIT: dom0 kernel probed SCMI",
            "DOM1: INIT: dt has no SCMI node",
            "Failed to bring up CPU",
            "INIT: poweroff failed",
            "probe with driver arm-scmi failed",
            "SCMI: Unprivileged access attempt",
        ],
        ..PASSTHROUGH_EXPECT
    },
    ..PASSTHROUGH
};

/// Every scenario with every target it runs on, in the order the test
/// command runs them.
pub fn all() -> &'static [Scenario] {
    static ALL_TARGETS: std::sync::OnceLock<Vec<Scenario>> = std::sync::OnceLock::new();
    ALL_TARGETS.get_or_init(|| {
        let mut out: Vec<Scenario> = ALL.to_vec();
        out.extend(
            ALL.iter()
                .filter(|s| ON_UPSTREAM_RUST.contains(&s.name))
                .map(|s| on(Target::UPSTREAM_RUST, s)),
        );
        // Upstream's C mediator, fixed, with dom0 owning SCMI: exactly
        // what `stock-dom0` checks of Debian's C forwarding (the guest's
        // x7, which Linux leaves at 0, reaches the firmware as client 0).
        let hwdom_c = Scenario {
            name: "hwdom@4.22-c",
            about:
                "upstream 4.22 + its C mediator with our SMCCC fix: dom0 owns SCMI and probes it",
            ..on(Target::UPSTREAM_C, &STOCK_DOM0)
        };
        out.extend([hwdom_c, PASSTHROUGH_C, C_REGRESSION]);
        out
    })
}

/// `base` on another Xen build: the same checks, with that Xen's version
/// line in place of the base's and the 4.22 wording where it differs.
fn on(target: Target, base: &Scenario) -> Scenario {
    let upstream = |l: &&'static str| -> &'static str {
        if l.starts_with("Xen version ") {
            return target.version_line();
        }
        UPSTREAM_LINES
            .iter()
            .find(|(ours, _)| ours == l)
            .map_or(*l, |(_, upstream)| upstream)
    };
    let in_order: Vec<&'static str> = base.expect.in_order.iter().map(upstream).collect();
    let present: Vec<&'static str> = base.expect.present.iter().map(upstream).collect();
    Scenario {
        name: Box::leak(format!("{}@{}", base.name, target.name()).into_boxed_str()),
        about: Box::leak(format!("[Xen {}] {}", target.name(), base.about).into_boxed_str()),
        xen: Image::Xen(target),
        expect: Expect {
            in_order: Box::leak(in_order.into_boxed_slice()),
            present: Box::leak(present.into_boxed_slice()),
            ..base.expect
        },
        ..*base
    }
}
