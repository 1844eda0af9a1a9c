/* SPDX-License-Identifier: MIT */
/*
 * Description: V4V traces on the model: the input is trace text run as if
 * it began with `option abi=v4v`, so every register, sendv, notify and
 * unregister is V4V's; the invariant checker runs after every operation and
 * any violation aborts with what was violated and where. Text the parser
 * rejects is simply not run (fuzz_trace covers the parser).
 */
#include <string.h>

#include "fuzz_driver/checked_run.h"

/* Long enough for a trace of a few dozen lines; keeps each run fast. */
#define MAX_INPUT 4096u

static const char prologue[] = "option abi=v4v\n";

static struct argo_model model;
static struct trace_runner runner;
static struct trace_op ops[TRACE_DECODE_OPS_CAP];
static uint8_t bytes[TRACE_DECODE_BYTES_CAP];
static struct trace_notify_ent ents[TRACE_DECODE_ENTS_CAP];
static char text[sizeof(prologue) + MAX_INPUT];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct trace t = {
        .ops = ops, .ops_cap = TRACE_DECODE_OPS_CAP,
        .bytes = bytes, .bytes_cap = TRACE_DECODE_BYTES_CAP,
        .ents = ents, .ents_cap = TRACE_DECODE_ENTS_CAP,
    };
    struct trace_error err;
    size_t n = sizeof(prologue) - 1;

    if (size > MAX_INPUT)
        return 0;
    memcpy(text, prologue, n);
    memcpy(text + n, data, size);
    if (trace_parse(text, n + size, &t, &err))
        return 0;
    if (trace_abi(&t) != TRACE_OPTION_ABI_V4V) {
        fprintf(stderr, "a trace after option abi=v4v is not V4V\n");
        abort();
    }
    checked_run(&model, &runner, &t);
    return 0;
}
