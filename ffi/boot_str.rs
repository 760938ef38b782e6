//! Strings that only boot code reads, kept out of the resident image.
//!
//! The compiler pools string literals in merged sections shared with
//! resident code, which stay after boot. A string held in a `static` of
//! its own gets a section of its own instead, which the kbuild rule moves
//! to `.init.rodata` when only boot code refers to it.

use core::ffi::CStr;

/// A `&'static CStr` over a `static` of its own: `boot_cstr!("name")`.
/// Use it in `static` initialisers, where its checks run in the compiler.
macro_rules! boot_cstr {
    ($text:literal) => {{
        const TEXT: &[u8] = concat!($text, "\0").as_bytes();
        static BYTES: [u8; TEXT.len()] = $crate::boot_str::to_array(TEXT);
        $crate::boot_str::as_cstr(&BYTES)
    }};
}
pub(crate) use boot_cstr;

/// `bytes` as an array. Only ever evaluated by the compiler.
#[allow(clippy::indexing_slicing)]
pub const fn to_array<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    let mut i = 0;
    while i < N {
        out[i] = bytes[i];
        i += 1;
    }
    out
}

/// `bytes` as a C string. Only ever evaluated by the compiler, where a
/// missing or early NUL is a build error.
pub const fn as_cstr(bytes: &'static [u8]) -> &'static CStr {
    match CStr::from_bytes_with_nul(bytes) {
        Ok(text) => text,
        Err(_) => panic!("a C string ends in its only NUL"),
    }
}
