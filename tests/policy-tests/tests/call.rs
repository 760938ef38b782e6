//! SMC classification and register shaping.

use scmi_smc::call::{classify, forward_args, result_regs, CallDecision};
use scmi_smc::smccc::{client_id_for_domain, FunctionId};
use scmi_smc::OwnerSlot;

const SCMI_ID: FunctionId = FunctionId(0x8200_0002);
const OWNER: usize = 0x2000;
const OTHER: usize = 0x3000;

fn owned_slot() -> OwnerSlot {
    let slot = OwnerSlot::new();
    slot.try_claim_as(OWNER, 1).unwrap();
    slot
}

#[test]
fn other_function_ids_are_not_ours() {
    let slot = owned_slot();
    assert_eq!(
        classify(SCMI_ID, &slot, OWNER, 0x8200_0003),
        CallDecision::NotOurs
    );
    assert_eq!(
        classify(SCMI_ID, &slot, OTHER, 0x8400_0000),
        CallDecision::NotOurs
    );
    assert_eq!(
        classify(SCMI_ID, &slot, OWNER, 0xc200_0002),
        CallDecision::NotOurs
    );
}

#[test]
fn the_owner_is_forwarded() {
    assert_eq!(
        classify(SCMI_ID, &owned_slot(), OWNER, 0x8200_0002),
        CallDecision::Forward
    );
}

#[test]
fn others_are_refused() {
    let slot = owned_slot();
    assert_eq!(
        classify(SCMI_ID, &slot, OTHER, 0x8200_0002),
        CallDecision::Refused
    );
    assert_eq!(
        classify(SCMI_ID, &OwnerSlot::new(), OWNER, 0x8200_0002),
        CallDecision::Refused
    );
    assert_eq!(
        classify(SCMI_ID, &OwnerSlot::new(), 0, 0x8200_0002),
        CallDecision::Refused
    );
}

#[test]
fn only_the_low_32_bits_of_x0_count() {
    let slot = owned_slot();
    assert_eq!(
        classify(SCMI_ID, &slot, OWNER, 0xffff_ffff_8200_0002),
        CallDecision::Forward
    );
    assert_eq!(
        classify(SCMI_ID, &slot, OTHER, 0x1_8200_0002),
        CallDecision::Refused
    );
}

const GUEST: [u64; 8] = [
    0xffff_ffff_8200_0002,
    0x1111_1111_2222_2222,
    0x3333_3333_4444_4444,
    5,
    6,
    0xffff_ffff_ffff_ffff,
    0x8000_0000_0000_0007,
    0xdead_beef_dead_beef,
];

#[test]
fn aarch64_arguments_pass_whole_and_x7_is_the_client_id() {
    let out = forward_args(&GUEST, false, client_id_for_domain(3));
    assert_eq!(out[1..7], GUEST[1..7]);
    assert_eq!(out[7], 4);
}

#[test]
fn the_function_id_goes_out_zero_extended_from_w0() {
    // The guest's x0 has junk above w0; the firmware sees only the id.
    assert_eq!(forward_args(&GUEST, false, 1)[0], 0x8200_0002);
    assert_eq!(forward_args(&GUEST, true, 1)[0], 0x8200_0002);
}

#[test]
fn aarch32_arguments_are_masked_to_32_bits() {
    let out = forward_args(&GUEST, true, client_id_for_domain(0));
    assert_eq!(
        out,
        [
            0x8200_0002,
            0x2222_2222,
            0x4444_4444,
            5,
            6,
            0xffff_ffff,
            7,
            1
        ]
    );
}

#[test]
fn the_guest_cannot_choose_its_client_id() {
    let mut regs = GUEST;
    regs[7] = 0;
    assert_eq!(forward_args(&regs, false, 9)[7], 9);
    regs[7] = 0xffff_0000_0000_0005;
    assert_eq!(forward_args(&regs, true, 9)[7], 9);
}

#[test]
fn results_are_masked_for_aarch32_only() {
    let res = [
        0xffff_ffff_ffff_fffd,
        0x1_0000_0002,
        3,
        0xabcd_0000_0000_0004,
    ];
    assert_eq!(result_regs(&res, false), res);
    assert_eq!(result_regs(&res, true), [0xffff_fffd, 2, 3, 4]);
}
