/* SPDX-License-Identifier: MIT */
/*
 * Description: argolab-instructions: one benchmark scenario run a fixed
 * number of times, for counting instructions under callgrind.
 *
 * Timings on a shared machine wander; instructions executed per operation
 * do not. scripts/lib/instructions.py runs each scenario under
 * `valgrind --tool=callgrind --toggle-collect=instructions_measured`, so only
 * the operations are counted, never the set-up, and divides by the count.
 *
 * usage: argolab-instructions SCENARIO [COUNT]   (COUNT default 1000)
 *        argolab-instructions --list             every scenario this build has
 * Exit 0, 1 when the scenario fails (the reason on stderr), 2 on bad usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenarios.h"

/*
 * The only function callgrind counts. noinline and the empty asm keep it a
 * real call with the loop inside, whatever the optimiser does.
 */
__attribute__((noinline)) int instructions_measured(struct scenario_ctx *c,
                                                    const struct scenario *s,
                                                    unsigned long count)
{
    for (unsigned long i = 0; i < count; i++)
        if (s->op(c))
            return -1;
    __asm__ volatile("" ::: "memory");
    return 0;
}

static int usage(const char *msg)
{
    fprintf(stderr, "argolab-instructions: %s\n"
                    "usage: argolab-instructions SCENARIO [COUNT]\n"
                    "       argolab-instructions --list\n", msg);
    return 2;
}

int main(int argc, char **argv)
{
    const struct scenario *s;
    struct scenario_ctx c;
    unsigned long count = 1000;
    char *end;
    int rc;

    if (argc == 2 && !strcmp(argv[1], "--list")) {
        for (s = scenarios; s->name; s++)
            printf("%s\n", s->name);
        return 0;
    }
    if (argc < 2 || argc > 3)
        return usage("expected a scenario name and an optional count");
    for (s = scenarios; s->name && strcmp(s->name, argv[1]); s++)
        ;
    if (!s->name)
        return usage("unknown scenario (see --list)");
    if (argc == 3) {
        errno = 0;
        count = strtoul(argv[2], &end, 10);
        if (errno || *end || !*argv[2] || count == 0 || count > 100000000)
            return usage("COUNT must be a whole number from 1 to 100000000");
    }

    if (scenario_setup(&c, s)) {
        fprintf(stderr, "argolab-instructions: %s: set-up failed: %s\n",
                s->name, c.a.why);
        scenario_teardown(&c);
        return 1;
    }
    rc = instructions_measured(&c, s, count);
    if (rc)
        fprintf(stderr, "argolab-instructions: %s: an operation failed: %s\n",
                s->name, c.a.why);
    scenario_teardown(&c);
    return rc ? 1 : 0;
}
