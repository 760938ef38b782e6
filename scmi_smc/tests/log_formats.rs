//! Every printk format against its declared arguments, so the FFI can never
//! pass Xen's printk arguments that do not match the conversions.

use core::ffi::CStr;
use scmi_smc::domain::{BadSciType, InitError, SanitiseError};
use scmi_smc::dt::{DtProblem, RegError};
use scmi_smc::log::{self, Family, LogArg, LogFormat};
use scmi_smc::probe::ProbeError;
use scmi_smc::smccc::FunctionId;

/// The arguments a format's conversions consume, or why it is not allowed.
fn conversions(format: &str) -> Result<Vec<LogArg>, String> {
    let mut args = Vec::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            continue;
        }
        let mut spec = String::new();
        while let Some(&flag) = chars.peek() {
            if "-+ #0".contains(flag) || flag.is_ascii_digit() {
                spec.push(flag);
                chars.next();
            } else {
                break;
            }
        }
        let mut length = String::new();
        while let Some(&l) = chars.peek() {
            if "hlLqjzt".contains(l) {
                length.push(l);
                chars.next();
            } else {
                break;
            }
        }
        let conv = chars.next().ok_or("format ends inside a conversion")?;
        args.push(match (length.as_str(), conv) {
            ("", '%') if spec.is_empty() => continue,
            ("", 'u') => LogArg::U32,
            ("l", 'u' | 'x') => LogArg::U64,
            ("l", 'd') => LogArg::I64,
            ("", 's') => LogArg::Str,
            _ => return Err(format!("unsupported conversion %{spec}{length}{conv}")),
        });
    }
    Ok(args)
}

/// One format, its declared arguments and what the FFI passes for its family.
type Erased = (&'static CStr, &'static [LogArg], &'static [LogArg]);

fn erase<F: Family>(formats: &'static [LogFormat<F>]) -> impl Iterator<Item = Erased> {
    formats.iter().map(|f| (f.format, f.args, F::ARGS))
}

fn all_formats() -> impl Iterator<Item = Erased> {
    erase(log::PROBE_FORMATS)
        .chain(erase(log::SANITISE_FORMATS))
        .chain(erase(log::DOMAIN_FORMATS))
        .chain(erase(log::DT_FORMATS))
        .chain(erase(log::GRANT_FORMATS))
}

#[test]
fn conversions_match_declared_arguments() {
    for (format, args, _) in all_formats() {
        let text = format.to_str().unwrap();
        assert_eq!(conversions(text).as_deref(), Ok(args), "{text:?}");
    }
}

#[test]
fn declared_arguments_are_a_prefix_of_what_the_ffi_passes() {
    for (format, args, passed) in all_formats() {
        assert!(passed.starts_with(args), "{format:?} vs {passed:?}");
    }
}

#[test]
fn lines_carry_a_level_the_subsystem_and_a_newline() {
    for (format, _, _) in all_formats() {
        let text = format.to_str().unwrap();
        let body = text.strip_prefix("<G>").unwrap_or(text);
        assert!(
            ["<0>", "<1>", "<2>", "<3>"]
                .iter()
                .any(|l| body.starts_with(l)),
            "{text:?}"
        );
        assert!(body[3..].starts_with("SCMI: "), "{text:?}");
        assert!(
            text.ends_with('\n') && !text[..text.len() - 1].contains('\n'),
            "{text:?}"
        );
    }
}

#[test]
fn guest_triggered_lines_are_marked_for_rate_limiting() {
    assert!(log::CALL_REFUSED.format.to_bytes().starts_with(b"<G>"));
}

#[test]
fn the_parser_rejects_what_printk_would_misread() {
    assert!(conversions("%d").is_err());
    assert!(conversions("%x").is_err());
    assert!(conversions("%llx").is_err());
    assert!(conversions("%p").is_err());
    assert_eq!(
        conversions("100%% %08lx %u %s %ld"),
        Ok(vec![LogArg::U64, LogArg::U32, LogArg::Str, LogArg::I64])
    );
}

/// Every value-carrying type's format belongs to a family, so the FFI's
/// fixed argument list for that family fits it.
#[test]
fn every_error_uses_a_listed_format() {
    let id = FunctionId(0);
    for err in [
        ProbeError::Acpi,
        ProbeError::SmcccTooOld { version: 0 },
        ProbeError::MissingSmcId,
        ProbeError::BadSmcIdLength { len: 0 },
        ProbeError::NotFastCall { id },
        ProbeError::NotSip { id },
    ] {
        assert!(log::PROBE_FORMATS.contains(err.log_spec()));
        assert_eq!(err.log_format(), err.log_spec().format);
    }
    for err in [
        InitError::InvalidType(9),
        InitError::NotAllowed,
        InitError::Busy {
            owner: 1,
            owner_id: 1,
        },
    ] {
        assert!(log::DOMAIN_FORMATS.contains(err.log_spec()));
        assert_eq!(err.log_format(), err.log_spec().format);
    }
    assert!(log::SANITISE_FORMATS.contains(SanitiseError(9).log_spec()));
    assert_eq!(SanitiseError(9).log_format(), log::SANITISE_BAD_TYPE.format);
    for err in [BadSciType::Empty, BadSciType::Unknown] {
        assert!(log::DT_FORMATS.iter().any(|f| f.format == err.log_format()));
    }
    for problem in [
        DtProblem::MissingShmem,
        DtProblem::BadShmemLength { len: 3 },
        DtProblem::DanglingPhandle { phandle: 1 },
        DtProblem::NotShmem { phandle: 1 },
        DtProblem::Reg(RegError::Missing),
        DtProblem::Reg(RegError::Malformed),
        DtProblem::Reg(RegError::Untranslatable),
        DtProblem::Reg(RegError::PastWindow),
        DtProblem::ZeroSize { addr: 1 },
        DtProblem::Overflow { addr: 1, size: 2 },
        DtProblem::TooManyChildren { limit: 64 },
    ] {
        assert!(log::DT_FORMATS.contains(problem.log_spec()), "{problem:?}");
        assert_eq!(problem.log_format(), problem.log_spec().format);
    }
    assert_eq!(DtProblem::Overflow { addr: 1, size: 2 }.log_args(), [1, 2]);
}
