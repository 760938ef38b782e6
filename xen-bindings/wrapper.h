/*
 * The Xen headers the Rust mediator is bound against. Only what the
 * allowlist in build.rs names reaches Rust.
 *
 * Xen compiles with "#pragma GCC visibility push(hidden)" (from the forced
 * include of xen/config.h); bindgen leaves out hidden functions, so the
 * declarations below are read with default visibility. The mediator is
 * linked into the same image, where visibility makes no difference.
 */
#pragma GCC visibility pop

#include <xen/device_tree.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/sched.h>

#include <asm/device.h>
#include <asm/firmware/sci.h>
#include <asm/regs.h>
#include <asm/smccc.h>

#include <public/domctl.h>
