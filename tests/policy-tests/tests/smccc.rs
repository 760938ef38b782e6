//! The SMCCC function-id fields the probe checks, and the client id.

use scmi_smc::smccc::{client_id_for_domain, FunctionId, NOT_SUPPORTED, SMCCC_VERSION_1_1};

#[test]
fn decodes_a_sip_fast_call() {
    let id = FunctionId(0x8200_0002);
    assert!(id.is_fast());
    assert!(id.is_sip());
    assert!(FunctionId(0xc200_0002).is_sip(), "SMC64 SiP");
}

#[test]
fn yielding_calls_and_other_owners_are_told_apart() {
    assert!(!FunctionId(0x0200_0001).is_fast());
    assert!(FunctionId(0x0200_0001).is_sip());
    for owner in (0..64u32).filter(|owner| *owner != 2) {
        assert!(!FunctionId(0x8000_0000 | (owner << 24)).is_sip(), "{owner}");
    }
}

#[test]
fn only_w0_names_the_function() {
    assert_eq!(
        FunctionId::from_x0(0xdead_beef_8200_0002),
        FunctionId(0x8200_0002)
    );
}

#[test]
fn constants_match_the_spec() {
    assert_eq!(SMCCC_VERSION_1_1, (1 << 16) | 1);
    assert_eq!(NOT_SUPPORTED, -1);
}

#[test]
fn client_id_never_claims_to_be_the_hypervisor() {
    // SMCCC's client id 0 is the hypervisor itself.
    assert_eq!(client_id_for_domain(0), 1);
    assert_eq!(client_id_for_domain(5), 6);
    assert_ne!(client_id_for_domain(u16::MAX), 0);
}
