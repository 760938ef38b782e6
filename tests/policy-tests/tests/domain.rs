//! The domain_init / sanitise / destroy decision tables (`scmi_smc::lifecycle`).

use policy_tests::is_free;
use scmi_smc::errno::Errno;
use scmi_smc::lifecycle::{
    domain_destroy, domain_init, sanitise, DomainInfo, InitOutcome, SciType,
};
use scmi_smc::log;
use scmi_smc::refusal::Refusal;
use scmi_smc::OwnerSlot;

const NONE: u8 = 0;
const SCMI_SMC: u8 = 1;
const OFF: bool = false;
const ON: bool = true;

const DOM0: DomainInfo = DomainInfo {
    token: 0x1000,
    id: 0,
    is_hardware: true,
};
const DOMD: DomainInfo = DomainInfo {
    token: 0x2000,
    id: 1,
    is_hardware: false,
};
const DOMU: DomainInfo = DomainInfo {
    token: 0x3000,
    id: 2,
    is_hardware: false,
};

// ---- domain_init, one test per table row ----

#[test]
fn row1_off_hardware_domain_any_type_becomes_owner() {
    for requested in [NONE, SCMI_SMC] {
        let slot = OwnerSlot::new();
        assert_eq!(
            domain_init(&slot, OFF, &DOM0, requested),
            Ok(InitOutcome::Owner)
        );
        assert!(slot.is_owner(DOM0.token));
    }
}

#[test]
fn row2_off_other_domain_none_gets_no_scmi() {
    let slot = OwnerSlot::new();
    assert_eq!(
        domain_init(&slot, OFF, &DOMD, NONE),
        Ok(InitOutcome::NoScmi)
    );
    assert!(is_free(&slot));
}

#[test]
fn row3_off_other_domain_scmi_smc_is_refused_einval() {
    let slot = OwnerSlot::new();
    let err = domain_init(&slot, OFF, &DOMD, SCMI_SMC).unwrap_err();
    assert_eq!(err, Refusal::new(Errno::EINVAL, &log::INIT_NOT_ALLOWED, 0));
    assert_eq!(err.errno().to_errno(), -22);
    let line = std::str::from_utf8(err.line().to_bytes_with_nul()).unwrap();
    assert!(line.contains("scmi-smc-passthrough"));
    assert!(is_free(&slot));
}

#[test]
fn row4_on_hardware_domain_any_type_is_never_owner() {
    for requested in [NONE, SCMI_SMC] {
        let slot = OwnerSlot::new();
        assert_eq!(
            domain_init(&slot, ON, &DOM0, requested),
            Ok(InitOutcome::NoScmi)
        );
        assert!(is_free(&slot));
    }
}

#[test]
fn row5_on_other_domain_none_gets_no_scmi() {
    let slot = OwnerSlot::new();
    assert_eq!(domain_init(&slot, ON, &DOMD, NONE), Ok(InitOutcome::NoScmi));
    assert!(is_free(&slot));
}

#[test]
fn row6_on_other_domain_scmi_smc_owns_when_free() {
    let slot = OwnerSlot::new();
    assert_eq!(
        domain_init(&slot, ON, &DOMD, SCMI_SMC),
        Ok(InitOutcome::Owner)
    );
    assert!(slot.is_owner(DOMD.token));
}

#[test]
fn row6_on_other_domain_scmi_smc_is_busy_when_owned() {
    let slot = OwnerSlot::new();
    domain_init(&slot, ON, &DOMD, SCMI_SMC).unwrap();
    let err = domain_init(&slot, ON, &DOMU, SCMI_SMC).unwrap_err();
    assert_eq!(
        err,
        Refusal::new(Errno::EEXIST, &log::INIT_BUSY, u64::from(DOMD.id))
    );
    assert_eq!(err.errno().to_errno(), -17);
    assert!(slot.is_owner(DOMD.token), "the owner keeps it");
}

#[test]
fn off_hardware_domain_is_busy_if_somehow_owned() {
    let slot = OwnerSlot::new();
    slot.try_claim_as(DOMD.token, DOMD.id).unwrap();
    let err = domain_init(&slot, OFF, &DOM0, NONE).unwrap_err();
    assert_eq!(err, Refusal::new(Errno::EEXIST, &log::INIT_BUSY, 1));
}

#[test]
fn the_owner_initialised_again_stays_owner() {
    let slot = OwnerSlot::new();
    domain_init(&slot, ON, &DOMD, SCMI_SMC).unwrap();
    assert_eq!(
        domain_init(&slot, ON, &DOMD, SCMI_SMC),
        Ok(InitOutcome::Owner)
    );
}

#[test]
fn a_zero_token_cannot_own() {
    let slot = OwnerSlot::new();
    let ghost = DomainInfo { token: 0, ..DOMD };
    assert!(matches!(
        domain_init(&slot, ON, &ghost, SCMI_SMC),
        Err(refusal) if core::ptr::eq(refusal.line(), &log::INIT_BUSY)
    ));
    assert!(is_free(&slot));
}

#[test]
fn unknown_types_are_refused_first_in_every_row() {
    for passthrough in [OFF, ON] {
        for dom in [DOM0, DOMD] {
            for raw in [3u8, 7, 255] {
                let slot = OwnerSlot::new();
                let err = domain_init(&slot, passthrough, &dom, raw).unwrap_err();
                assert_eq!(
                    err,
                    Refusal::new(Errno::EINVAL, &log::INIT_INVALID_TYPE, u64::from(raw))
                );
                assert_eq!(err.errno().to_errno(), -22);
                assert!(is_free(&slot));
            }
        }
    }
}

// ---- destroy and re-claim ----

#[test]
fn destroying_the_owner_releases_it() {
    let slot = OwnerSlot::new();
    domain_init(&slot, ON, &DOMD, SCMI_SMC).unwrap();
    assert!(domain_destroy(&slot, DOMD.token));
    assert!(is_free(&slot));
}

#[test]
fn destroying_another_domain_leaves_the_owner() {
    let slot = OwnerSlot::new();
    domain_init(&slot, ON, &DOMD, SCMI_SMC).unwrap();
    assert_eq!(
        domain_init(&slot, ON, &DOMU, SCMI_SMC).map_err(|e| e.errno().to_errno()),
        Err(-17)
    );
    assert!(
        !domain_destroy(&slot, DOMU.token),
        "the refused domain owned nothing"
    );
    assert!(!domain_destroy(&slot, DOM0.token));
    assert!(slot.is_owner(DOMD.token));
}

#[test]
fn destroying_with_no_owner_does_nothing() {
    let slot = OwnerSlot::new();
    assert!(!domain_destroy(&slot, DOMD.token));
}

#[test]
fn a_later_domain_claims_after_the_owner_is_destroyed() {
    let slot = OwnerSlot::new();
    domain_init(&slot, ON, &DOMD, SCMI_SMC).unwrap();
    assert!(domain_init(&slot, ON, &DOMU, SCMI_SMC).is_err());
    assert!(domain_destroy(&slot, DOMD.token));
    assert_eq!(
        domain_init(&slot, ON, &DOMU, SCMI_SMC),
        Ok(InitOutcome::Owner)
    );
    assert!(slot.is_owner(DOMU.token));
    assert_eq!(slot.owner_domid(), DOMU.id);
}

// ---- sanitise and type parsing ----

#[test]
fn sanitise_accepts_known_types() {
    assert_eq!(sanitise(0), Ok(SciType::None));
    assert_eq!(sanitise(1), Ok(SciType::ScmiSmc));
    assert_eq!(sanitise(2), Ok(SciType::ScmiSmcMultiAgent));
}

#[test]
fn sanitise_refuses_everything_else_with_einval() {
    for raw in 3..=u8::MAX {
        let err = sanitise(raw).unwrap_err();
        assert_eq!(
            err,
            Refusal::new(Errno::EINVAL, &log::SANITISE_BAD_TYPE, u64::from(raw))
        );
        assert_eq!(err.errno().to_errno(), -22);
    }
}

#[test]
fn sci_type_abi_values() {
    assert_eq!(SciType::None as u8, 0);
    assert_eq!(SciType::ScmiSmc as u8, 1);
    assert_eq!(SciType::from_raw(1), Some(SciType::ScmiSmc));
    assert_eq!(SciType::ScmiSmcMultiAgent as u8, 2);
    assert_eq!(SciType::from_raw(2), Some(SciType::ScmiSmcMultiAgent));
    assert_eq!(SciType::from_raw(3), None);
}
