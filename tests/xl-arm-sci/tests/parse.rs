//! xl's arm_sci parser, as patched, on good and bad values: each bad one
//! gets exactly one line naming the problem and leaves the result alone.

use xl_arm_sci::{model, parse, ERROR_INVAL, UNTOUCHED};

#[test]
fn accepts_the_documented_values() {
    for (value, want) in [
        ("type=scmi_smc", 1),
        ("type=none", 0),
        // libxl's enum parsing ignores case; xl inherits that.
        ("type=SCMI_SMC", 1),
        ("type=None", 0),
    ] {
        let got = parse(value.as_bytes());
        assert_eq!((got.rc, got.sci_type), (0, want), "{value:?}: {got:?}");
        assert_eq!(got.stderr, "", "{value:?} printed something");
        assert_eq!(model(value.as_bytes()), Some(want), "{value:?}");
    }
}

#[test]
fn refuses_each_malformed_value_with_one_line() {
    for (value, line) in [
        (
            "",
            r#"arm_sci: empty string, expected "type=<none|scmi_smc>""#,
        ),
        ("type", r#"arm_sci: "type" is not a KEY=VALUE setting"#),
        (
            "scmi_smc",
            r#"arm_sci: "scmi_smc" is not a KEY=VALUE setting"#,
        ),
        ("type=", r#"arm_sci: empty value for key "type""#),
        (
            "type=foo",
            r#"arm_sci: unknown type "foo" (known: none, scmi_smc)"#,
        ),
        (
            "type= scmi_smc",
            r#"arm_sci: unknown type " scmi_smc" (known: none, scmi_smc)"#,
        ),
        (
            "type=scmi_smc=1",
            r#"arm_sci: unknown type "scmi_smc=1" (known: none, scmi_smc)"#,
        ),
        ("foo=bar", r#"arm_sci: unknown key "foo" (known: type)"#),
        (
            "TYPE=scmi_smc",
            r#"arm_sci: unknown key "TYPE" (known: type)"#,
        ),
        ("=scmi_smc", r#"arm_sci: unknown key "" (known: type)"#),
        (
            "type=none,type=none",
            r#"arm_sci: key "type" given more than once"#,
        ),
        (
            "type=scmi_smc,type=",
            r#"arm_sci: key "type" given more than once"#,
        ),
        (
            "type=scmi_smc,",
            r#"arm_sci: empty setting in "type=scmi_smc,""#,
        ),
        (
            ",type=scmi_smc",
            r#"arm_sci: empty setting in ",type=scmi_smc""#,
        ),
        (
            "type=scmi_smc,,",
            r#"arm_sci: empty setting in "type=scmi_smc,,""#,
        ),
        (",", r#"arm_sci: empty setting in ",""#),
        (
            "type=scmi_smc,foo=1",
            r#"arm_sci: unknown key "foo" (known: type)"#,
        ),
    ] {
        let got = parse(value.as_bytes());
        assert_eq!(got.rc, ERROR_INVAL, "{value:?}: {got:?}");
        assert_eq!(got.sci_type, UNTOUCHED, "{value:?} wrote a result");
        assert_eq!(got.stderr, format!("{line}\n"), "{value:?}");
        assert_eq!(model(value.as_bytes()), None, "{value:?}");
    }
}

#[test]
fn long_values_are_reported_whole() {
    let value = format!("type={}", "x".repeat(1000));
    let got = parse(value.as_bytes());
    assert_eq!(got.rc, ERROR_INVAL);
    assert!(got.stderr.contains(&"x".repeat(1000)), "{got:?}");
    assert_eq!(got.stderr.lines().count(), 1);
}
