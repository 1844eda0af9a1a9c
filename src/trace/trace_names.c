/* SPDX-License-Identifier: MIT */
/* Description: the first word of each trace operation in the text format. */
#include "trace.h"

/* Indexed by enum trace_op_kind; the parser and printer both use this table. */
static const char *const op_names[TRACE_OP_KIND_COUNT] = {
    [TRACE_OP_OPTION] = "option",
    [TRACE_OP_DOMAIN] = "domain",
    [TRACE_OP_DESTROY] = "destroy",
    [TRACE_OP_REGISTER] = "register",
    [TRACE_OP_UNREGISTER] = "unregister",
    [TRACE_OP_SENDV] = "sendv",
    [TRACE_OP_CONSUME] = "consume",
    [TRACE_OP_SET_RX] = "set_rx",
    [TRACE_OP_SET_TX] = "set_tx",
    [TRACE_OP_NOTIFY] = "notify",
};

/*
 * An out-of-range kind gets a word the parser rejects, so a corrupted op
 * shows up as an error instead of a crash on NULL.
 */
uint8_t trace_abi(const struct trace *t)
{
    uint8_t abi = TRACE_OPTION_ABI_ARGO;

    for (uint32_t i = 0; i < t->nops && t->ops[i].kind == TRACE_OP_OPTION; i++)
        if (t->ops[i].u.option.key == TRACE_OPTION_ABI)
            abi = t->ops[i].u.option.abi;
    return abi;
}

const char *trace_op_name(uint8_t kind)
{
    if (kind >= TRACE_OP_KIND_COUNT)
        return "unknown";
    return op_names[kind];
}
