//! What the mediator refuses, and why, in one value.

use crate::errno::Errno;
use crate::log::LogFormat;

/// A refusal: the error number the callback returns to Xen and the one
/// line that says why, with its argument. The policy builds it where it
/// decides; the FFI prints the line and returns the number, so each
/// reason is written down once.
#[derive(Debug)]
pub struct Refusal<F: 'static> {
    errno: Errno,
    line: &'static LogFormat<F>,
    arg: u64,
}

impl<F> Refusal<F> {
    /// Refuses with `errno`, to be explained by `line` with `arg`.
    pub const fn new(errno: Errno, line: &'static LogFormat<F>, arg: u64) -> Self {
        Refusal { errno, line, arg }
    }

    /// What the callback returns (negated by [`Errno::to_errno`]).
    pub const fn errno(&self) -> Errno {
        self.errno
    }

    /// The line to print.
    pub const fn line(&self) -> &'static LogFormat<F> {
        self.line
    }

    /// The line's argument after those the family always passes first
    /// (0 where the line has none).
    pub const fn arg(&self) -> u64 {
        self.arg
    }
}

// By hand: derived, they would ask the family marker to be Copy too.
impl<F> Clone for Refusal<F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F> Copy for Refusal<F> {}

/// Two refusals are the same when they return the same number and print
/// the same line (the same `static`) with the same argument.
impl<F> PartialEq for Refusal<F> {
    fn eq(&self, other: &Self) -> bool {
        self.errno == other.errno && core::ptr::eq(self.line, other.line) && self.arg == other.arg
    }
}

impl<F> Eq for Refusal<F> {}
