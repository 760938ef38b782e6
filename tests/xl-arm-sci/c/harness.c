/*
 * Host harness around xl's parse_arm_sci_config(): the function's source
 * is extracted from the patch by build.rs and included here.
 */
#include "harness.h"

/*
 * libxl's generated *_from_string() compares names ignoring case
 * (libxl__enum_from_string); so does this stand-in.
 */
int libxl_arm_sci_type_from_string(const char *s, libxl_arm_sci_type *e)
{
    if (!strcasecmp(s, "none"))
        *e = LIBXL_ARM_SCI_TYPE_NONE;
    else if (!strcasecmp(s, "scmi_smc"))
        *e = LIBXL_ARM_SCI_TYPE_SCMI_SMC;
    else
        return ERROR_FAIL;
    return 0;
}

#include "parse_arm_sci_config.c"

/*
 * Runs the parser on str with *type preset to `preset`; returns its result
 * and copies what it printed (NUL-terminated) to out.
 */
int harness_parse(const char *str, int preset, int *type, char *out,
                  size_t out_len)
{
    libxl_arm_sci sci = { .type = (libxl_arm_sci_type)preset };
    int rc;

    capture_reset();
    rc = parse_arm_sci_config(str, &sci);
    *type = (int)sci.type;
    capture_copy(out, out_len);
    return rc;
}
