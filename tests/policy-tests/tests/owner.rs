//! The ownership slot.

use policy_tests::is_free;
use scmi_smc::OwnerSlot;

static SLOT: OwnerSlot = OwnerSlot::new();

#[test]
fn a_static_slot_starts_free() {
    assert!(is_free(&SLOT));
}

#[test]
fn first_claim_wins_and_reports_the_owner_to_others() {
    let slot = OwnerSlot::new();
    assert_eq!(slot.try_claim_as(0x1000, 1), Ok(()));
    assert_eq!(slot.try_claim_as(0x2000, 1), Err(0x1000));
    assert!(slot.is_owner(0x1000));
    assert!(!slot.is_owner(0x2000));
    assert!(!is_free(&slot));
}

#[test]
fn only_the_owner_releases() {
    let slot = OwnerSlot::new();
    slot.try_claim_as(0x1000, 1).unwrap();
    assert!(!slot.release_if(0x2000));
    assert!(slot.is_owner(0x1000));
    assert!(slot.release_if(0x1000));
    assert!(is_free(&slot));
    assert!(!slot.release_if(0x1000), "a second release is a no-op");
}

#[test]
fn token_zero_never_owns() {
    let slot = OwnerSlot::new();
    assert!(!slot.is_owner(0), "a free slot is not owned by token 0");
    assert_eq!(slot.try_claim_as(0, 1), Err(0));
    assert!(is_free(&slot));
    assert!(!slot.release_if(0));
}

#[test]
fn claim_as_records_the_domain_id_for_logs() {
    let slot = OwnerSlot::new();
    slot.try_claim_as(0x1000, 7).unwrap();
    assert_eq!(slot.owner_domid(), 7);
    assert_eq!(slot.try_claim_as(0x2000, 8), Err(0x1000));
    assert_eq!(slot.owner_domid(), 7, "a failed claim leaves the id alone");
}

#[test]
fn concurrent_claims_have_exactly_one_winner() {
    let slot = OwnerSlot::new();
    let wins: usize = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..=8usize)
            .map(|token| {
                let slot = &slot;
                scope.spawn(move || usize::from(slot.try_claim_as(token * 0x1000, 1).is_ok()))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    assert_eq!(wins, 1);
    assert!(!is_free(&slot));
}
