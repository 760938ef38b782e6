/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Xen's inline functions and macros that the Rust mediator needs, as real
 * functions with a stable C ABI. Compiled with Xen's own flags by build.rs
 * into the mediator's static library.
 */

#include <xen/acpi.h>
#include <xen/init.h>
#include <xen/iocap.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/vmap.h>

#include <asm/current.h>

struct domain *scmi_rs_current_domain(void)
{
    return current->domain;
}

domid_t scmi_rs_domain_id(const struct domain *d)
{
    return d->domain_id;
}

bool scmi_rs_is_hardware_domain(const struct domain *d)
{
    return is_hardware_domain(d);
}

bool scmi_rs_is_32bit_domain(const struct domain *d)
{
    return is_32bit_domain(d);
}

/* An int in 4.22 and earlier, a bool since: the same answer either way. */
bool scmi_rs_printk_ratelimit(void)
{
    return printk_ratelimit();
}

void scmi_rs_set_sci_enabled(struct domain *d, bool enabled)
{
    d->arch.sci_enabled = enabled;
}

/* Only the probe asks, at boot. */
bool __init scmi_rs_acpi_disabled(void)
{
    return acpi_disabled;
}

/* Only the hardware domain's device-tree walk asks, at boot. */
int __init scmi_rs_iomem_permit_access(struct domain *d,
                                       unsigned long first_mfn,
                                       unsigned long last_mfn)
{
    return iomem_permit_access(d, first_mfn, last_mfn);
}

#ifdef SCMI_RS_MULTI_AGENT
/* Xen's own channel to the firmware, mapped once at boot. */
void __iomem *__init scmi_rs_map_channel(paddr_t start, size_t len)
{
    return ioremap_nocache(start, len);
}

/* A domain agent's channel, mapped at boot for one exchange. */
void __init scmi_rs_unmap_channel(void __iomem *va)
{
    iounmap(va);
}

/*
 * Serialises Xen's messages on its own channel. Defined here so that it
 * starts in the state lock debugging and profiling expect; the Rust side
 * keeps the data it protects.
 */
DEFINE_SPINLOCK(scmi_rs_management_lock);

void scmi_rs_spin_lock(spinlock_t *lock)
{
    spin_lock(lock);
}

void scmi_rs_spin_unlock(spinlock_t *lock)
{
    spin_unlock(lock);
}

/*
 * Which entry of the agent table a domain holds, kept between its calls in
 * the field the SCI layer leaves to the mediator. A number, not a pointer:
 * the Rust side checks it against the table before trusting it.
 */
unsigned long scmi_rs_domain_sci_hint(const struct domain *d)
{
    return (unsigned long)d->arch.sci_data;
}

void scmi_rs_set_domain_sci_hint(struct domain *d, unsigned long hint)
{
    d->arch.sci_data = (void *)hint;
}
#endif
