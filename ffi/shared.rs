//! One wrapper for the statics Xen reads and nobody writes: the device
//! entry, its match table and the command-line parameter entries. They hold
//! raw pointers, which are not `Sync`; these never change and point only at
//! other statics.

/// A table Xen reads through a section or a pointer.
///
/// # Invariants
/// The wrapped value is never written after it is built, and every pointer
/// in it names `'static` data (string literals, statics, functions).
#[repr(transparent)]
pub struct Shared<T>(pub T);

// SAFETY: by the type's invariants nothing writes the value, and what its
// pointers name lives for the whole run, so sharing it between CPUs is
// sound.
unsafe impl<T> Sync for Shared<T> {}
