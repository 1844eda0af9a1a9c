/* SPDX-License-Identifier: MIT */
/*
 * Description: peer on this host: an AF_UNIX SOCK_SEQPACKET socketpair,
 * seqpacket/N: send one N-byte message and receive it, on one core. Like an
 * Argo ring it keeps message boundaries. The send buffer is raised to hold
 * the largest payload (SO_SNDBUFFORCE as root, else up to wmem_max); a
 * payload it still cannot hold is skipped with the reason.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/bench_payload.h"
#include "lib/bench_sizes.h"

#ifndef SO_SNDBUFFORCE
#define SO_SNDBUFFORCE 32
#endif

static void seqpacket_payload(struct bench_state *st)
{
    struct bench_payload p;
    int sv[2], buf;

    if (bench_payload_alloc(&p, st))
        return;
    if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv)) {
        bench_skip(st, strerror(errno));
        bench_payload_done(&p, st);
        return;
    }
    buf = (int)p.size * 2 + 65536;
    if (setsockopt(sv[0], SOL_SOCKET, SO_SNDBUFFORCE, &buf, sizeof(buf)))
        setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &buf, sizeof(buf));

    while (bench_keep_running(st)) {
        ssize_t n = send(sv[0], p.in, p.size, 0);

        if (n != (ssize_t)p.size || recv(sv[1], p.out, p.size, 0) != n) {
            char msg[96];

            snprintf(msg, sizeof(msg), "%u-byte message not carried: %s",
                     p.size, n < 0 ? strerror(errno) : "short send or receive");
            bench_skip(st, msg);
            break;
        }
        bench_clobber(p.out);
    }
    close(sv[0]);
    close(sv[1]);
    bench_payload_done(&p, st);
}

BENCH_REGISTER(register_seqpacket)
{
    bench_payload_sizes(bench_register("seqpacket", seqpacket_payload));
}
