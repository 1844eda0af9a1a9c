/* SPDX-License-Identifier: MIT */
/*
 * Description: the inverse of trace_decode — a trace written as the bytes of
 * the binary form (docs/trace-format.md, "Binary form"), so that text traces
 * can become seeds for the fuzz targets that take bytes.
 *
 * Freestanding like the rest of src/trace: no allocation, no stdio.
 */
#ifndef ARGOLAB_TRACE_ENCODE_H
#define ARGOLAB_TRACE_ENCODE_H

#include "trace.h"

/*
 * The most bytes one operation takes: a sendv with its extras byte, a
 * src_dom= and a niov= byte, and four hex iovs of 63 bytes (K, A, B, X, two
 * more, then D, L and the payload per iov).
 */
#define TRACE_ENCODE_OP_MAX_BYTES   (6u + 4u * (2u + 63u))

/* Output bytes that always suffice for a trace of nops operations. */
#define TRACE_ENCODE_CAP(nops) \
    (1u + (size_t)(nops) * TRACE_ENCODE_OP_MAX_BYTES)

/*
 * Write t in the binary form: bytes that trace_decode, with the
 * TRACE_DECODE_* capacities every fuzz target uses, turns back into exactly
 * t's operations (every field compared; line numbers, hex offsets and
 * notify entry indices aside, since the decoder numbers its own).
 *
 * t is a trace as trace_parse or trace_decode yields it (canonical:
 * fail_exist equals bit 0 of flags, fields that do not apply are zero).
 * Every trace trace_decode can yield is expressible. A trace is not when
 * it does not start as the decoder's prologue does (an optional
 * "option mac_permissive=1", then "domain 0" .. "domain n-1", n <= 4, at
 * most one of 1..n-1 noargo), or when some later operation names a value
 * no selector or table of the layout holds: an option after the first
 * operation, ports above 3, domain ids beyond the prologue's n and the few
 * reserved ids the selectors hold, lengths, counts, types, pads and
 * space values outside the tables, more than 4 iovs or notify entries,
 * more operations, hex bytes or notify entries than the TRACE_DECODE_*
 * capacities.
 *
 * The encoding chosen is the simplest the layout offers: explicit ring
 * names rather than RECENT selectors wherever both work, a sendv to a
 * recent ring only for what has no explicit form (types 1 and 0xffffffff,
 * a sender only a ring's partner can name). Every encoding is checked by
 * decoding it into check and comparing the operations with t's; bytes
 * that decode differently are never returned.
 *
 * out/cap: where the bytes go; TRACE_ENCODE_CAP(t->nops) bytes always
 * suffice. check: a trace whose arrays have at least the TRACE_DECODE_*
 * capacities; it is overwritten, and holds the decoded trace on success.
 *
 * Returns 0 with *len the number of bytes written. Returns -1 with err set
 * when t cannot be expressed: err->line is the line of the first
 * operation the binary form cannot express and err->msg says why
 * ("<op>: no binary form for <what> (<what the form has>)"). Also -1, with
 * err->line 0, when cap is too small (*len is then the number of bytes
 * needed), when check's capacities are too small, or for an empty trace;
 * and with the operation's line if the round trip ever disagreed (a bug in
 * the encoder). out holds nothing meaningful after an error.
 */
int trace_encode(const struct trace *t, uint8_t *out, size_t cap, size_t *len,
                 struct trace *check, struct trace_error *err);

#endif
