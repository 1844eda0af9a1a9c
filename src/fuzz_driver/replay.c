/* SPDX-License-Identifier: MIT */
/*
 * Description: runs files and directories of inputs through a fuzz target
 * without any fuzzing engine: how corpora and crash regressions become
 * ordinary test cases, built with any compiler.
 *
 * Usage: replay_<target> [PATH...]   (each PATH a file or a directory of
 * files; none: stdin). Exit status: 0 when every input ran; 2 when a path
 * cannot be read. A target that finds a bug aborts, and the abort is the
 * failure.
 */
#include "fuzz_inputs.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

int main(int argc, char **argv)
{
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    return fuzz_run_inputs(argc, argv);
}
