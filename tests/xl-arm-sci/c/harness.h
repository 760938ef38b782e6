/*
 * What parse_arm_sci_config() needs from xl and libxl, for a host build
 * of the function exactly as the patch series adds it to xl_parse.c.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* libxl's error codes (libxl_types.idl) that the function returns. */
#define ERROR_FAIL (-3)
#define ERROR_NOMEM (-5)
#define ERROR_INVAL (-6)

/* The generated libxl_arm_sci_type and libxl_arm_sci. */
typedef enum libxl_arm_sci_type {
    LIBXL_ARM_SCI_TYPE_NONE = 0,
    LIBXL_ARM_SCI_TYPE_SCMI_SMC = 1,
} libxl_arm_sci_type;

typedef struct libxl_arm_sci {
    libxl_arm_sci_type type;
} libxl_arm_sci;

int libxl_arm_sci_type_from_string(const char *s, libxl_arm_sci_type *e);

/* Everything the function prints goes to a per-thread buffer. */
#include "capture.h"
#define fprintf capture_fprintf
