//! Boot-time probe: every refusal, in order, and acceptance.

use scmi_smc::errno::Errno;
use scmi_smc::log::{boot, LogFormat, ProbeLine};
use scmi_smc::probe::probe;
use scmi_smc::refusal::Refusal;
use scmi_smc::smccc::FunctionId;

const V1_0: u32 = 0x1_0000;
const V1_1: u32 = 0x1_0001;
const V1_2: u32 = 0x1_0002;
const SIP_FAST: [u8; 4] = [0x82, 0x00, 0x00, 0x02];

#[test]
fn accepts_a_sip_fast_call_with_smccc_1_1_or_later() {
    assert_eq!(
        probe(false, V1_1, Some(&SIP_FAST)),
        Ok(FunctionId(0x8200_0002))
    );
    assert_eq!(
        probe(false, V1_2, Some(&SIP_FAST)),
        Ok(FunctionId(0x8200_0002))
    );
    let smc64 = 0xc200_0010u32.to_be_bytes();
    assert_eq!(
        probe(false, V1_1, Some(&smc64)),
        Ok(FunctionId(0xc200_0010))
    );
}

/// The device is not taken, with `line` and its argument.
fn refused(line: &'static LogFormat<ProbeLine>, arg: u64) -> Refusal<ProbeLine> {
    Refusal::new(Errno::ENODEV, line, arg)
}

#[test]
fn refuses_acpi_first() {
    let err = probe(true, V1_0, None).unwrap_err();
    assert_eq!(err, refused(&boot::PROBE_ACPI, 0));
}

#[test]
fn refuses_smccc_older_than_1_1() {
    let err = probe(false, V1_0, Some(&SIP_FAST)).unwrap_err();
    assert_eq!(err, refused(&boot::PROBE_SMCCC_TOO_OLD, 0x1_0000));
}

#[test]
fn refuses_a_missing_property() {
    assert_eq!(
        probe(false, V1_1, None),
        Err(refused(&boot::PROBE_NO_SMC_ID, 0))
    );
}

#[test]
fn refuses_a_property_that_is_not_one_cell() {
    for len in [0usize, 1, 3, 5, 8] {
        let prop = vec![0x82; len];
        let err = probe(false, V1_1, Some(&prop)).unwrap_err();
        assert_eq!(err, refused(&boot::PROBE_BAD_SMC_ID_LEN, len as u64));
    }
}

#[test]
fn refuses_a_yielding_call() {
    let err = probe(false, V1_1, Some(&0x0200_0002u32.to_be_bytes())).unwrap_err();
    assert_eq!(err, refused(&boot::PROBE_NOT_FAST_CALL, 0x0200_0002));
}

#[test]
fn refuses_an_id_outside_the_sip_range() {
    for raw in [0x8400_0002u32, 0x8000_0002, 0x8300_0002, 0xb200_0002] {
        let err = probe(false, V1_1, Some(&raw.to_be_bytes())).unwrap_err();
        assert_eq!(err, refused(&boot::PROBE_NOT_SIP, u64::from(raw)));
        let line = std::str::from_utf8(err.line().to_bytes_with_nul()).unwrap();
        assert!(line.contains("SiP"));
    }
}
