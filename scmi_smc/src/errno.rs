//! Xen's error numbers, as the mediator's callbacks return them.

/// An error number as Xen's `xen/errno.h` defines it (the same values as
/// Linux's): positive here, negated where a callback returns it. The FFI
/// checks at compile time that each constant equals Xen's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Errno(i32);

impl Errno {
    /// Operation not permitted.
    pub const EPERM: Errno = Errno(1);
    /// No such entry.
    pub const ENOENT: Errno = Errno(2);
    /// I/O error.
    pub const EIO: Errno = Errno(5);
    /// Device or resource busy.
    pub const EBUSY: Errno = Errno(16);
    /// Already exists.
    pub const EEXIST: Errno = Errno(17);
    /// No such device.
    pub const ENODEV: Errno = Errno(19);
    /// Invalid argument.
    pub const EINVAL: Errno = Errno(22);
    /// Operation not supported.
    pub const EOPNOTSUPP: Errno = Errno(95);

    /// The value a Xen function returned: 0 for success, a negative error
    /// number otherwise. A positive value, which Xen functions do not
    /// return, counts as `EINVAL` rather than as success.
    pub const fn from_return(rc: i32) -> Result<(), Errno> {
        match rc.checked_neg() {
            Some(0) => Ok(()),
            Some(errno) if errno > 0 => Err(Errno(errno)),
            _ => Err(Errno::EINVAL),
        }
    }

    /// The positive error number.
    pub const fn get(self) -> i32 {
        self.0
    }

    /// What a callback returns to Xen: the negated error number. Every
    /// `Errno` is positive, so the negation is exact.
    pub const fn to_errno(self) -> i32 {
        0i32.wrapping_sub(self.0)
    }
}
