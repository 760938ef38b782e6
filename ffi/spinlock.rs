//! Xen's `spinlock_t` around the data it protects.

use core::cell::UnsafeCell;
use core::marker::PhantomData;
use core::ops::{Deref, DerefMut};
use xen_bindings::spinlock_t;

extern "C" {
    fn scmi_rs_spin_lock(lock: *mut spinlock_t);
    fn scmi_rs_spin_unlock(lock: *mut spinlock_t);
}

/// Data that one CPU at a time may use, guarded by one of Xen's spinlocks,
/// so that Xen's lock debugging and profiling see it like any other.
///
/// The lock itself is defined in C with `DEFINE_SPINLOCK()`, which gives
/// it the initial state Xen's configuration (lock debugging, lock
/// profiling) expects; Rust holds its address.
///
/// # Invariants
/// `raw` points to a `spinlock_t` initialised by `DEFINE_SPINLOCK()` that
/// lives for the whole run and that nothing but this `SpinLock` takes.
/// `data` is only reached through a [`SpinLockGuard`], which exists only
/// while `raw` is held.
pub struct SpinLock<T> {
    raw: *mut spinlock_t,
    data: UnsafeCell<T>,
}

// SAFETY: the guard hands the data to one CPU at a time, so sharing the
// lock between CPUs only moves `T` between them: `T: Send` suffices.
unsafe impl<T: Send> Sync for SpinLock<T> {}

impl<T> SpinLock<T> {
    /// Puts `data` under the lock at `raw`.
    ///
    /// # Safety
    /// `raw` must point to a `spinlock_t` that C initialised with
    /// `DEFINE_SPINLOCK()`, that is never freed and that nothing else
    /// takes.
    pub const unsafe fn new(raw: *mut spinlock_t, data: T) -> Self {
        SpinLock {
            raw,
            data: UnsafeCell::new(data),
        }
    }

    /// Spins until the lock is free, then holds it until the guard is
    /// dropped. Not for interrupt context: the lock is taken with
    /// interrupts as they are, as `spin_lock()` does.
    pub fn lock(&self) -> SpinLockGuard<'_, T> {
        // SAFETY: by the invariants `raw` is a live, initialised lock.
        unsafe { scmi_rs_spin_lock(self.raw) };
        SpinLockGuard {
            lock: self,
            _not_send: PhantomData,
        }
    }
}

/// Access to the data of a held [`SpinLock`]; dropping it unlocks.
///
/// # Invariants
/// `lock.raw` is held by this CPU for as long as the guard lives; the
/// guard cannot move to another CPU (it is not `Send`), which must not
/// unlock what this one locked.
pub struct SpinLockGuard<'a, T> {
    lock: &'a SpinLock<T>,
    _not_send: PhantomData<*mut ()>,
}

impl<T> Deref for SpinLockGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: the lock is held (the guard's invariant), so nothing
        // else reaches the data.
        unsafe { &*self.lock.data.get() }
    }
}

impl<T> DerefMut for SpinLockGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as for `deref`, and the guard is borrowed mutably.
        unsafe { &mut *self.lock.data.get() }
    }
}

impl<T> Drop for SpinLockGuard<'_, T> {
    fn drop(&mut self) {
        // SAFETY: this guard holds the lock (its invariant).
        unsafe { scmi_rs_spin_unlock(self.lock.raw) };
    }
}
