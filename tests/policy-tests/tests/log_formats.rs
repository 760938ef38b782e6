//! The log lines as printed: the compiler checks each format against its
//! family when it builds the line's `static`; these check the rest of the
//! house style and that every error picks its own line.

use scmi_smc::agents::ChannelError;
use scmi_smc::agents::{device_of, AgentTable, UnresetAgents};
use scmi_smc::dt::DtProblem;
use scmi_smc::lifecycle::{domain_init, domain_init_multi_agent, sanitise, DomainInfo};
use scmi_smc::log::{self, boot, LogFormat};
use scmi_smc::probe::probe;
use scmi_smc::smccc::FunctionId;
use scmi_smc::OwnerSlot;

fn text<F>(line: &LogFormat<F>) -> &str {
    let bytes = line.to_bytes_with_nul();
    let (nul, body) = bytes.split_last().unwrap();
    assert_eq!(*nul, 0);
    assert!(!body.contains(&0));
    std::str::from_utf8(body).unwrap()
}

/// Every line: each refusal and problem through the policy decision that
/// picks it, the rest by name.
fn all_lines() -> Vec<&'static str> {
    const V1_1: u32 = 0x1_0001;
    let probe_refusals = [
        probe(true, V1_1, None),
        probe(false, 0x1_0000, None),
        probe(false, V1_1, None),
        probe(false, V1_1, Some(&[0x82])),
        probe(false, V1_1, Some(&0x0200_0002u32.to_be_bytes())),
        probe(false, V1_1, Some(&0x8400_0002u32.to_be_bytes())),
    ];
    let mut lines: Vec<&str> = probe_refusals
        .iter()
        .map(|refused| text(refused.unwrap_err().line()))
        .collect();
    lines.push(text(sanitise(9).unwrap_err().line()));

    let dom = |id, is_hardware| DomainInfo {
        token: 0x1000 * (usize::from(id) + 1),
        id,
        is_hardware,
    };
    let slot = OwnerSlot::new();
    domain_init(&slot, true, &dom(1, false), 1).unwrap();
    let table = AgentTable::new();
    table.set_privileged(1, FunctionId(0x8200_0002), (0xbff00, 0xbff00));
    table
        .add(2, FunctionId(0x8200_0003), policy_tests::page(2))
        .unwrap();
    domain_init_multi_agent(&table, &UnresetAgents::new(), &dom(1, false), 2, 2).unwrap();
    table
        .add(3, FunctionId(0x8200_0004), policy_tests::page(3))
        .unwrap();
    let unreset_3 = UnresetAgents::new();
    unreset_3.record(3, Err(ChannelError::NoResponse), false);
    let domain_refusals = [
        domain_init(&slot, false, &dom(2, false), 9),
        domain_init(&slot, false, &dom(2, false), 1),
        domain_init(&slot, false, &dom(2, false), 2),
        domain_init(&slot, true, &dom(2, false), 1),
        domain_init_multi_agent(&table, &UnresetAgents::new(), &dom(2, false), 1, 0),
        domain_init_multi_agent(&table, &UnresetAgents::new(), &dom(2, false), 2, 9),
        domain_init_multi_agent(&table, &UnresetAgents::new(), &dom(2, false), 2, 1),
        domain_init_multi_agent(&table, &UnresetAgents::new(), &dom(2, false), 2, 2),
        domain_init_multi_agent(&table, &unreset_3, &dom(2, false), 2, 3),
    ];
    lines.extend(
        domain_refusals
            .iter()
            .map(|refused| text(refused.unwrap_err().line())),
    );
    lines.push(text(device_of(true, &[]).unwrap_err().line()));
    lines.extend(
        [
            DtProblem::MissingShmem,
            DtProblem::BadShmemLength { len: 3 },
            DtProblem::DanglingPhandle { phandle: 1 },
            DtProblem::NotShmem { phandle: 1 },
            DtProblem::BadReg,
            DtProblem::PastWindow,
            DtProblem::ZeroSize { addr: 1 },
            DtProblem::Overflow { addr: 1, size: 2 },
            DtProblem::TooManyChildren { limit: 64 },
        ]
        .iter()
        .map(|problem| text(problem.report().0)),
    );
    lines.extend([
        text(&boot::PROBE_OK),
        text(&boot::REGISTER_FAILED),
        text(&boot::PASSTHROUGH_ON),
        text(&boot::PASSTHROUGH_IGNORED),
        text(&boot::NOT_XENS_NODE),
        text(&boot::AGENTS_MISSING),
        text(&boot::AGENTS_BAD_CELLS),
        text(&boot::AGENTS_BAD_LENGTH),
        text(&boot::AGENTS_TOO_MANY),
        text(&boot::AGENT_NOT_ALIGNED),
        text(&boot::AGENT_UNKNOWN),
        text(&boot::AGENT_NO_ID),
        text(&boot::AGENT_RESERVED),
        text(&boot::AGENT_OVERLAP),
        text(&boot::AGENT_REFUSED),
        text(&boot::AGENT_OK),
        text(&boot::DOM0_AGENT),
        text(&boot::DOM0_AGENT_UNKNOWN),
        text(&boot::DOM0_AGENT_INVALID),
        text(&boot::AGENTS_XEN),
        text(&boot::AGENTS_NO_CHANNEL),
        text(&boot::AGENTS_NO_ANSWER),
        text(&boot::GRANT_OK),
        text(&boot::GRANT_FAILED),
        text(&log::INIT_OWNER),
        text(&log::DESTROY_RELEASED),
        text(&log::CALL_REFUSED),
        text(&log::INIT_AGENT),
        text(&log::DESTROY_AGENT_RESET),
        text(&log::DESTROY_AGENT_RESET_FAILED),
        text(&log::DESTROY_AGENT_REUSED),
        text(&boot::AGENT_NOT_CONFIRMED),
    ]);
    lines
}

#[test]
fn lines_carry_a_level_the_subsystem_and_one_newline() {
    for line in all_lines() {
        let body = line.strip_prefix("<G>").unwrap_or(line);
        assert!(
            ["<0>", "<1>", "<2>", "<3>"]
                .iter()
                .any(|l| body.starts_with(l)),
            "{line:?}"
        );
        assert!(body[3..].starts_with("SCMI: "), "{line:?}");
        assert!(line.ends_with('\n') && !line[..line.len() - 1].contains('\n'));
    }
}

#[test]
fn every_error_picks_its_own_line() {
    let mut lines = all_lines();
    let count = lines.len();
    lines.sort();
    lines.dedup();
    assert_eq!(lines.len(), count);
}

#[test]
fn guest_triggered_lines_are_marked_for_rate_limiting() {
    assert!(text(&log::CALL_REFUSED).starts_with("<G>"));
}

#[test]
fn the_errors_pass_their_values() {
    assert_eq!(DtProblem::Overflow { addr: 1, size: 2 }.report().1, [1, 2]);
    assert_eq!(sanitise(9).unwrap_err().arg(), 9);
}
