/* SPDX-License-Identifier: MIT */
/*
 * Description: running named files, directories or stdin through a fuzz
 * target: what the replay driver does, and the AFL++ driver outside AFL++.
 */
#ifndef ARGOLAB_FUZZ_INPUTS_H
#define ARGOLAB_FUZZ_INPUTS_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * argv[1..]: each file, or each regular file of a directory in name order
 * (dot files skipped), runs as one input; with none, stdin is one input.
 * Prints how many ran. Returns 0, or 2 when a path cannot be read.
 */
int fuzz_run_inputs(int argc, char **argv);

#endif
