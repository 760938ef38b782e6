//! xl's arm_sci parser (the C from the patch, instrumented) against the
//! model of xl.cfg(5): same verdict on every value, one error line on
//! refusal with the result left alone, and no memory error on the way.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xl_arm_sci::{model, parse, ERROR_INVAL, UNTOUCHED};

fuzz_target!(|data: &[u8]| {
    // xl hands the parser a C string: the value ends at the first NUL.
    let value = data.split(|b| *b == 0).next().unwrap_or_default();
    // Keeps every message inside the harness's buffer, so none is cut.
    if value.len() > 1000 {
        return;
    }
    let got = parse(value);
    match model(value) {
        Some(sci_type) => {
            assert_eq!((got.rc, got.sci_type), (0, sci_type), "{value:?}");
            assert!(got.stderr.is_empty(), "{value:?}: {got:?}");
        }
        None => {
            assert_eq!(got.rc, ERROR_INVAL, "{value:?}");
            assert_eq!(got.sci_type, UNTOUCHED, "{value:?}");
            // One line, though it may quote newlines from the value.
            let lines = got.stderr.matches('\n').count();
            let quoted = value.iter().filter(|b| **b == b'\n').count();
            assert!(got.stderr.ends_with('\n'), "{value:?}: {got:?}");
            assert!((1..=1 + quoted).contains(&lines), "{value:?}: {got:?}");
        }
    }
});
