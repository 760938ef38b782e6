/*
 * Host harness around Xen 4.22's xl parse_arm_sci_config() as the
 * patches/xen-4.22 series leaves it: build.rs rebuilds the function from
 * the patches and it is included here, with what it needs from xl and
 * libxl. Its types are the series' (the 4.17 harness has its own); the
 * message capture is shared (capture.h).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* libxl's error codes (libxl_types.idl) that the function returns. */
#define ERROR_FAIL (-3)
#define ERROR_NOMEM (-5)
#define ERROR_INVAL (-6)

/* xl's configuration handle; the function does not use it. */
typedef struct XLU_Config XLU_Config;

/* The generated libxl_arm_sci_type and libxl_arm_sci, with the series. */
typedef enum libxl_arm_sci_type {
    LIBXL_ARM_SCI_TYPE_NONE = 0,
    LIBXL_ARM_SCI_TYPE_SCMI_SMC = 1,
    LIBXL_ARM_SCI_TYPE_SCMI_SMC_MULTIAGENT = 2,
} libxl_arm_sci_type;

typedef struct libxl_arm_sci {
    libxl_arm_sci_type type;
    uint8_t agent_id;
} libxl_arm_sci;

/* Everything the function prints goes to a per-thread buffer. */
#include "capture.h"
#define fprintf capture_fprintf

/*
 * libxl's generated *_from_string() compares names ignoring case
 * (libxl__enum_from_string); so does this stand-in.
 */
static int libxl_arm_sci_type_from_string(const char *s, libxl_arm_sci_type *e)
{
    if (!strcasecmp(s, "none"))
        *e = LIBXL_ARM_SCI_TYPE_NONE;
    else if (!strcasecmp(s, "scmi_smc"))
        *e = LIBXL_ARM_SCI_TYPE_SCMI_SMC;
    else if (!strcasecmp(s, "scmi_smc_multiagent"))
        *e = LIBXL_ARM_SCI_TYPE_SCMI_SMC_MULTIAGENT;
    else
        return ERROR_FAIL;
    return 0;
}

/*
 * Upstream's function takes xl's configuration and does not use it; xl is
 * not built with -Wextra, this harness is.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "parse_arm_sci_config_422.c"
#pragma GCC diagnostic pop

/*
 * Runs the parser on str with the result preset to (preset_type,
 * preset_agent); returns its result, the fields afterwards, and copies
 * what it printed (NUL-terminated) to out.
 */
int harness422_parse(const char *str, int preset_type, int preset_agent,
                     int *type, int *agent_id, char *out, size_t out_len)
{
    libxl_arm_sci sci = {
        .type = (libxl_arm_sci_type)preset_type,
        .agent_id = (uint8_t)preset_agent,
    };
    int rc;

    capture_reset();
    rc = parse_arm_sci_config(NULL, &sci, str);
    *type = (int)sci.type;
    *agent_id = sci.agent_id;
    capture_copy(out, out_len);
    return rc;
}
