//! Who owns the single SCMI agent.
//!
//! The firmware serves one SCMI agent, so at most one domain may talk to it.
//! The owner is recorded as an opaque non-zero token (the FFI uses the
//! `struct domain *` address); 0 means "no owner".
//!
//! Orderings: claiming and releasing use acquire-release compare-exchange,
//! and reads use acquire. A new owner therefore happens-after everything the
//! previous owner's teardown did before releasing, and a vCPU that sees
//! itself as owner sees the claim complete. On arm64 this costs only
//! `ldar`/`stlr`-style accesses on the SMC path, which is not hot.

use core::sync::atomic::{AtomicU32, AtomicUsize, Ordering};

/// The ownership slot. The FFI keeps one in a `static` placed in Xen's
/// `.data.read_mostly` section: it changes only at domain creation and
/// destruction but is read on every SCMI call.
#[derive(Debug)]
pub struct OwnerSlot {
    token: AtomicUsize,
    /// Domain id of the owner, for log lines only. It is written after the
    /// token, so a concurrent reader may see the previous owner's id; it is
    /// never used for decisions. Keeping it here spares the FFI from
    /// dereferencing another domain's token, which may be mid-destruction.
    domid: AtomicU32,
}

impl Default for OwnerSlot {
    fn default() -> Self {
        Self::new()
    }
}

impl OwnerSlot {
    /// A free slot, usable in a `static` initialiser.
    pub const fn new() -> Self {
        OwnerSlot {
            token: AtomicUsize::new(0),
            domid: AtomicU32::new(0),
        }
    }

    /// Makes `token` (domain `domid`) the owner if there is none, and
    /// records the domain id for later log lines
    /// ([`OwnerSlot::owner_domid`]). On failure returns the current
    /// owner's token (which may be `token` itself if it already owns the
    /// slot, or 0 if `token` is 0, which can never own anything).
    pub fn try_claim_as(&self, token: usize, domid: u16) -> Result<(), usize> {
        if token == 0 {
            return Err(self.token.load(Ordering::Acquire));
        }
        self.token
            .compare_exchange(0, token, Ordering::AcqRel, Ordering::Acquire)?;
        self.domid.store(u32::from(domid), Ordering::Relaxed);
        Ok(())
    }

    /// Frees the slot if `token` owns it; returns whether it did.
    pub fn release_if(&self, token: usize) -> bool {
        token != 0
            && self
                .token
                .compare_exchange(token, 0, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
    }

    /// Whether `token` is the current owner (never true for 0).
    pub fn is_owner(&self, token: usize) -> bool {
        token != 0 && self.token.load(Ordering::Acquire) == token
    }

    /// Domain id recorded by the last [`OwnerSlot::try_claim_as`]: for log
    /// lines only, it may be stale while ownership changes hands.
    pub fn owner_domid(&self) -> u16 {
        // Only u16 values are ever stored; truncation cannot lose anything.
        self.domid.load(Ordering::Relaxed) as u16
    }
}
