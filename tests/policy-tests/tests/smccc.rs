//! SMCCC function-id decoding and the client id.

use scmi_smc::smccc::{client_id_for_domain, CallFlags, FunctionId, Owner, HYPERVISOR_CLIENT_ID};
use scmi_smc::smccc::{NOT_SUPPORTED, SMCCC_VERSION_1_1};

#[test]
fn decodes_a_sip_fast_smc32_id() {
    let id = FunctionId(0x8200_0002);
    assert!(id.is_fast());
    assert!(!id.is_smc64());
    assert_eq!(id.owner(), Owner::SiP);
    assert_eq!(id.number(), 2);
    assert_eq!(id.flags(), CallFlags::FAST_CALL);
}

#[test]
fn decodes_smc64_and_yielding_calls() {
    let id = FunctionId(0xc400_0003);
    assert!(id.is_fast() && id.is_smc64());
    assert_eq!(id.owner(), Owner::StandardSecure);
    let yielding = FunctionId(0x0200_0001);
    assert!(!yielding.is_fast());
    assert_eq!(yielding.owner(), Owner::SiP);
}

#[test]
fn decodes_every_owner_range() {
    let owner = |n: u32| FunctionId(0x8000_0000 | (n << 24)).owner();
    assert_eq!(owner(0), Owner::Arch);
    assert_eq!(owner(1), Owner::Cpu);
    assert_eq!(owner(2), Owner::SiP);
    assert_eq!(owner(3), Owner::Oem);
    assert_eq!(owner(4), Owner::StandardSecure);
    assert_eq!(owner(5), Owner::StandardHypervisor);
    assert_eq!(owner(6), Owner::VendorHypervisor);
    assert_eq!(owner(7), Owner::Reserved(7));
    assert_eq!(owner(47), Owner::Reserved(47));
    assert_eq!(owner(48), Owner::TrustedApp(48));
    assert_eq!(owner(49), Owner::TrustedApp(49));
    assert_eq!(owner(50), Owner::TrustedOs(50));
    assert_eq!(owner(63), Owner::TrustedOs(63));
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
    assert_eq!(client_id_for_domain(0), 1);
    assert_eq!(client_id_for_domain(5), 6);
    assert_ne!(client_id_for_domain(u16::MAX), HYPERVISOR_CLIENT_ID);
}
