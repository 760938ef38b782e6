/*
 * Where a harness sends what the parser prints: a per-thread buffer, so
 * that the tests (run in parallel threads) each read their own messages.
 * Each harness includes this once and defines fprintf as capture_fprintf
 * before it includes the parser.
 */
#ifndef XL_ARM_SCI_CAPTURE_H
#define XL_ARM_SCI_CAPTURE_H

#include <stdarg.h>
#include <stdio.h>

static _Thread_local char messages[4096];
static _Thread_local size_t used;

static int capture_fprintf(FILE *stream, const char *fmt, ...)
{
    va_list ap;
    int n;

    (void)stream;
    va_start(ap, fmt);
    n = vsnprintf(messages + used, sizeof(messages) - used, fmt, ap);
    va_end(ap);
    if (n > 0)
        used += (size_t)n < sizeof(messages) - used
                ? (size_t)n : sizeof(messages) - used - 1;
    return n;
}

/* Forgets what earlier calls printed. */
static void capture_reset(void)
{
    used = 0;
    messages[0] = '\0';
}

/* Copies what was printed since capture_reset(), NUL-terminated. */
static void capture_copy(char *out, size_t out_len)
{
    snprintf(out, out_len, "%s", messages);
}

#endif
