/* SPDX-License-Identifier: MIT */
/*
 * Description: the AFL++ driver shared by every fuzz target: persistent
 * mode with shared-memory test cases under afl-fuzz, and a plain runner
 * over files, directories or stdin otherwise.
 *
 * Built with afl-clang-fast or afl-clang-lto (ARGOLAB_FUZZ_ENGINE=afl or
 * aflcmplog), linked with one fuzz/<target>.c that defines
 * LLVMFuzzerTestOneInput (and optionally LLVMFuzzerInitialize).
 *
 * Under afl-fuzz, afl-tmin, afl-showmap or afl-cmin (__AFL_SHM_ID is set):
 * deferred fork server after LLVMFuzzerInitialize, then up to 10000 inputs
 * per process from shared memory (stdin when the tool does not offer it).
 *
 * Otherwise: <target> PATH...  runs each file, or each regular file of a
 * directory in name order (as the replay driver does), and prints how many
 * ran; <target> with no PATH runs stdin as one input.
 * Exit status: 0 when every input ran; 2 when a path cannot be read. A
 * target that finds a bug aborts, and the abort is the failure.
 */
#define _DEFAULT_SOURCE /* read(), used by __AFL_FUZZ_TESTCASE_LEN */
#include <stdlib.h>
#include <unistd.h>

#include "fuzz_inputs.h"

#ifndef __AFL_FUZZ_TESTCASE_LEN
#error "src/fuzz_driver/afl.c needs afl-clang-fast or afl-clang-lto (ARGOLAB_FUZZ_ENGINE=afl)"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

__AFL_FUZZ_INIT();

int main(int argc, char **argv)
{
    const char *shm = getenv("__AFL_SHM_ID");
    unsigned char *buf;

    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    if (!shm || !*shm)
        return fuzz_run_inputs(argc, argv);

    /* The fork server starts here, after the one-time initialisation. */
    __AFL_INIT();
    buf = __AFL_FUZZ_TESTCASE_BUF;
    while (__AFL_LOOP(10000)) {
        /* A macro that reads stdin when the tool gives no shared memory. */
        int len = __AFL_FUZZ_TESTCASE_LEN;

        LLVMFuzzerTestOneInput(buf, len > 0 ? (size_t)len : 0);
    }
    return 0;
}
