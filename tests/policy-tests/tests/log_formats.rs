//! The log lines as printed: the compiler checks each format against its
//! family when it builds the line's `static`; these check the rest of the
//! house style and that every error picks its own line.

use scmi_smc::domain::{AgentInitError, InitError, SanitiseError};
use scmi_smc::dt::DtProblem;
use scmi_smc::log::{self, boot, LogFormat};
use scmi_smc::probe::ProbeError;
use scmi_smc::smccc::FunctionId;

fn text<F>(line: &LogFormat<F>) -> &str {
    let bytes = line.to_bytes_with_nul();
    let (nul, body) = bytes.split_last().unwrap();
    assert_eq!(*nul, 0);
    assert!(!body.contains(&0));
    std::str::from_utf8(body).unwrap()
}

/// Every line, through the errors that print them and by name for the rest.
fn all_lines() -> Vec<&'static str> {
    let id = FunctionId(0);
    let mut lines: Vec<&str> = [
        ProbeError::Acpi,
        ProbeError::SmcccTooOld { version: 0 },
        ProbeError::MissingSmcId,
        ProbeError::BadSmcIdLength { len: 0 },
        ProbeError::NotFastCall { id },
        ProbeError::NotSip { id },
    ]
    .iter()
    .map(|err| text(err.log_line()))
    .collect();
    lines.extend(
        [
            InitError::InvalidType(9),
            InitError::NotAllowed,
            InitError::NoAgents,
            InitError::Busy {
                owner: 1,
                owner_id: 1,
            },
        ]
        .iter()
        .map(|err| text(err.log_line())),
    );
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
        .map(|problem| text(problem.log_line())),
    );
    lines.extend(
        [
            AgentInitError::SingleAgentType,
            AgentInitError::Unknown(9),
            AgentInitError::Privileged(1),
            AgentInitError::Busy(3),
        ]
        .iter()
        .map(|err| text(err.log_line())),
    );
    lines.push(text(SanitiseError(9).log_line()));
    lines.extend([
        text(&boot::PROBE_OK),
        text(&boot::REGISTER_FAILED),
        text(&boot::PASSTHROUGH_ON),
        text(&boot::GRANT_OK),
        text(&boot::GRANT_FAILED),
        text(&log::INIT_OWNER),
        text(&log::DESTROY_RELEASED),
        text(&log::CALL_REFUSED),
        text(&log::INIT_AGENT),
        text(&log::DESTROY_AGENT_RESET),
        text(&log::DESTROY_AGENT_RESET_FAILED),
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
    assert_eq!(DtProblem::Overflow { addr: 1, size: 2 }.log_args(), [1, 2]);
    assert_eq!(SanitiseError(9).log_arg(), 9);
}
