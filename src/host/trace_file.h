/* SPDX-License-Identifier: MIT */
/* Description: loading a trace from a file (text or fuzzer bytes) on a host. */
#ifndef ARGOLAB_TRACE_FILE_H
#define ARGOLAB_TRACE_FILE_H

#include <stdio.h>

#include "../trace/trace.h"

/*
 * Read all of path ("-" is stdin) into a malloc'd buffer. Returns 0, or -1
 * after printing "argolab: PATH: <reason>" to stderr.
 */
int trace_file_read(const char *path, char **data, size_t *len);

/*
 * Parse text into a trace whose arrays are malloc'd large enough for any
 * input. Returns 0, or -1 after printing "PATH:LINE: <what was expected>".
 */
int trace_file_parse(const char *path, const char *text, size_t len,
                     struct trace *t);

/* Decode fuzzer bytes into a malloc'd trace (never fails but on ENOMEM). */
int trace_file_decode(const uint8_t *data, size_t len, struct trace *t);

void trace_file_free(struct trace *t);

#endif
