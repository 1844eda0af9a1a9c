/* SPDX-License-Identifier: MIT */
/*
 * Description: peer on this host: a Linux pipe moving the same payloads,
 * pipe/N: write N bytes, read them back, on one core (the same work as
 * sendv_consume/B/N: one copy in, one copy out). The pipe is widened to
 * pipe-max-size where allowed; larger payloads go in pipe-sized pieces.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "lib/bench_payload.h"
#include "lib/bench_sizes.h"

/* Move size bytes from in through the pipe into out, capacity at a time. */
static int pipe_move(const int fds[2], const uint8_t *in, uint8_t *out,
                     uint32_t size, uint32_t capacity)
{
    for (uint32_t off = 0; off < size;) {
        uint32_t chunk = size - off < capacity ? size - off : capacity;
        ssize_t n = write(fds[1], in + off, chunk);

        if (n <= 0)
            return -1;
        for (ssize_t got = 0; got < n;) {
            ssize_t m = read(fds[0], out + off + got, (size_t)(n - got));

            if (m <= 0)
                return -1;
            got += m;
        }
        off += (uint32_t)n;
    }
    return 0;
}

static void pipe_payload(struct bench_state *st)
{
    struct bench_payload p;
    int fds[2], capacity;

    if (bench_payload_alloc(&p, st))
        return;
    if (pipe(fds)) {
        bench_skip(st, strerror(errno));
        bench_payload_done(&p, st);
        return;
    }
    fcntl(fds[1], F_SETPIPE_SZ, 1 << 20);     /* best effort */
    capacity = fcntl(fds[1], F_GETPIPE_SZ);
    if (capacity <= 0)
        capacity = 65536;

    while (bench_keep_running(st)) {
        if (pipe_move(fds, p.in, p.out, p.size, (uint32_t)capacity)) {
            bench_skip(st, "pipe write or read failed");
            break;
        }
        bench_clobber(p.out);
    }
    bench_counter(st, "pipe_bytes", capacity, BENCH_COUNTER_VALUE);
    close(fds[0]);
    close(fds[1]);
    bench_payload_done(&p, st);
}

BENCH_REGISTER(register_pipe)
{
    bench_payload_sizes(bench_register("pipe", pipe_payload));
}
