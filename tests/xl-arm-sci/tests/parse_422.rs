//! Xen 4.22's xl arm_sci parser, as the 4.22 series leaves it, on the
//! multi-agent type and its agent_id key: good values give the type and
//! the id, each bad one exactly one line naming the problem with the
//! result left alone, and the C agrees with the model of xl.cfg(5).

use xl_arm_sci::xen422::{
    model, parse, NONE, SCMI_SMC, SCMI_SMC_MULTIAGENT, UNTOUCHED, UNTOUCHED_AGENT,
};
use xl_arm_sci::ERROR_INVAL;

#[test]
fn accepts_the_documented_values() {
    for (value, want) in [
        (
            "type=scmi_smc_multiagent,agent_id=2",
            (SCMI_SMC_MULTIAGENT, 2),
        ),
        // The keys in either order.
        (
            "agent_id=3,type=scmi_smc_multiagent",
            (SCMI_SMC_MULTIAGENT, 3),
        ),
        (
            "type=scmi_smc_multiagent,agent_id=0",
            (SCMI_SMC_MULTIAGENT, 0),
        ),
        (
            "type=scmi_smc_multiagent,agent_id=254",
            (SCMI_SMC_MULTIAGENT, 254),
        ),
        // Leading zeros are still decimal.
        (
            "type=scmi_smc_multiagent,agent_id=007",
            (SCMI_SMC_MULTIAGENT, 7),
        ),
        (
            "type=scmi_smc_multiagent,agent_id=00000000000000000000254",
            (SCMI_SMC_MULTIAGENT, 254),
        ),
        // libxl's enum parsing ignores case; xl inherits that.
        (
            "type=SCMI_SMC_MultiAgent,agent_id=9",
            (SCMI_SMC_MULTIAGENT, 9),
        ),
        // What 4.22 accepted before keeps its meaning, agent id 0.
        ("type=scmi_smc", (SCMI_SMC, 0)),
        ("type=none", (NONE, 0)),
    ] {
        let got = parse(value.as_bytes());
        assert_eq!(
            (got.rc, got.sci_type, got.agent_id),
            (0, want.0, want.1),
            "{value:?}: {got:?}"
        );
        assert_eq!(got.stderr, "", "{value:?} printed something");
        assert_eq!(model(value.as_bytes()), Some(want), "{value:?}");
    }
}

#[test]
fn refuses_each_malformed_value_with_one_line() {
    const NOT_A_NUMBER: &str = "is not a decimal number from 0 to 254";
    let bad_id = |id: &str| format!(r#"arm_sci: agent_id "{id}" {NOT_A_NUMBER}"#);
    for (value, line) in [
        (
            "",
            r#"arm_sci: empty string, expected "type=<none|scmi_smc|scmi_smc_multiagent>[,agent_id=N]""#.to_string(),
        ),
        (
            "type=scmi_smc_multiagent",
            r#"arm_sci: type "scmi_smc_multiagent" requires agent_id"#.into(),
        ),
        (
            "agent_id=2",
            r#"arm_sci: agent_id is only valid with type "scmi_smc_multiagent""#.into(),
        ),
        (
            "type=scmi_smc,agent_id=2",
            r#"arm_sci: agent_id is only valid with type "scmi_smc_multiagent""#.into(),
        ),
        // An id of 0 is still an id given.
        (
            "type=none,agent_id=0",
            r#"arm_sci: agent_id is only valid with type "scmi_smc_multiagent""#.into(),
        ),
        ("type=scmi_smc_multiagent,agent_id=255", bad_id("255")),
        ("type=scmi_smc_multiagent,agent_id=2540", bad_id("2540")),
        // 2^64 + 2 and 2^32 + 2: a parser that wraps would take them as 2.
        (
            "type=scmi_smc_multiagent,agent_id=18446744073709551618",
            bad_id("18446744073709551618"),
        ),
        (
            "type=scmi_smc_multiagent,agent_id=4294967298",
            bad_id("4294967298"),
        ),
        ("type=scmi_smc_multiagent,agent_id=-1", bad_id("-1")),
        ("type=scmi_smc_multiagent,agent_id=+2", bad_id("+2")),
        ("type=scmi_smc_multiagent,agent_id= 2", bad_id(" 2")),
        ("type=scmi_smc_multiagent,agent_id=2 ", bad_id("2 ")),
        ("type=scmi_smc_multiagent,agent_id=0x2", bad_id("0x2")),
        ("type=scmi_smc_multiagent,agent_id=2a", bad_id("2a")),
        ("type=scmi_smc_multiagent,agent_id=2=3", bad_id("2=3")),
        (
            "type=scmi_smc_multiagent,agent_id=",
            r#"arm_sci: empty value for key "agent_id""#.into(),
        ),
        (
            "type=scmi_smc_multiagent,agent_id=2,agent_id=3",
            r#"arm_sci: key "agent_id" given more than once"#.into(),
        ),
        (
            "type=scmi_smc_multiagent,agent_id=2,type=none",
            r#"arm_sci: key "type" given more than once"#.into(),
        ),
        (
            "type=scmi_smc_multiagent,agent=2",
            r#"arm_sci: unknown key "agent" (known: type, agent_id)"#.into(),
        ),
        (
            "type=scmi_smc_multiagent,AGENT_ID=2",
            r#"arm_sci: unknown key "AGENT_ID" (known: type, agent_id)"#.into(),
        ),
        (
            "type=scmi_smc_multi,agent_id=2",
            r#"arm_sci: unknown type "scmi_smc_multi" (known: none, scmi_smc, scmi_smc_multiagent)"#.into(),
        ),
        (
            "type=scmi_smc_multiagent,agent_id=2,",
            r#"arm_sci: empty setting in "type=scmi_smc_multiagent,agent_id=2,""#.into(),
        ),
        (
            "type=scmi_smc_multiagent,agent_id",
            r#"arm_sci: "agent_id" is not a KEY=VALUE setting"#.into(),
        ),
    ] {
        let got = parse(value.as_bytes());
        assert_eq!(got.rc, ERROR_INVAL, "{value:?}: {got:?}");
        assert_eq!(
            (got.sci_type, got.agent_id),
            (UNTOUCHED, UNTOUCHED_AGENT),
            "{value:?} wrote a result"
        );
        assert_eq!(got.stderr, format!("{line}\n"), "{value:?}");
        assert_eq!(model(value.as_bytes()), None, "{value:?}");
    }
}

#[test]
fn every_agent_id_up_to_300() {
    for id in 0..=300 {
        let value = format!("type=scmi_smc_multiagent,agent_id={id}");
        let got = parse(value.as_bytes());
        if id <= 254 {
            assert_eq!(
                (got.rc, got.sci_type, got.agent_id),
                (0, SCMI_SMC_MULTIAGENT, id),
                "{value:?}: {got:?}"
            );
        } else {
            assert_eq!(
                (got.rc, got.sci_type, got.agent_id),
                (ERROR_INVAL, UNTOUCHED, UNTOUCHED_AGENT),
                "{value:?}: {got:?}"
            );
        }
    }
}

/// Every string of up to four pieces from a small alphabet of keys,
/// values and separators: the C and the model agree on each, and a
/// refusal is one line with the result left alone.
#[test]
fn agrees_with_the_model_on_every_short_combination() {
    const PIECES: &[&str] = &[
        "type",
        "agent_id",
        "=",
        ",",
        "none",
        "scmi_smc",
        "scmi_smc_multiagent",
        "2",
        "254",
        "255",
        "0",
        "x",
    ];
    let mut value = Vec::new();
    let mut checked = 0;
    for n in 0..=4u32 {
        for mut i in 0..PIECES.len().pow(n) {
            value.clear();
            for _ in 0..n {
                value.extend_from_slice(PIECES[i % PIECES.len()].as_bytes());
                i /= PIECES.len();
            }
            let got = parse(&value);
            let shown = String::from_utf8_lossy(&value);
            match model(&value) {
                Some((sci_type, agent_id)) => {
                    assert_eq!(
                        (got.rc, got.sci_type, got.agent_id),
                        (0, sci_type, agent_id),
                        "{shown:?}: {got:?}"
                    );
                    assert_eq!(got.stderr, "", "{shown:?}");
                }
                None => {
                    assert_eq!(
                        (got.rc, got.sci_type, got.agent_id),
                        (ERROR_INVAL, UNTOUCHED, UNTOUCHED_AGENT),
                        "{shown:?}: {got:?}"
                    );
                    assert_eq!(got.stderr.matches('\n').count(), 1, "{shown:?}: {got:?}");
                    assert!(got.stderr.ends_with('\n'), "{shown:?}: {got:?}");
                }
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 1 + 12 + 144 + 1728 + 20736);
}
