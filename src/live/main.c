/* SPDX-License-Identifier: MIT */
/*
 * Description: the live guest's main line: read the trace from the initrd
 * module, parse it with the trace parser, run it with the trace runner on
 * real Argo hypercalls, print the result lines, shut down.
 */
#include "backend_live.h"
#include "console.h"
#include "layout.h"
#include "live_bench.h"
#include "pages.h"
#include "platform.h"
#include "report.h"
#include "runnable.h"
#include "virq.h"
#include "xen_if.h"

#include "../trace/text_buf.h"
#include "../trace/trace_run.h"

/* Large: statically allocated, as trace_run.h asks of a guest. */
static struct trace_runner runner;
static struct live_backend live;

_Noreturn void live_main(struct start_info *si);

static _Noreturn void end_error(struct text_buf *tb)
{
    struct text_buf line;
    char buf[512];

    tb_init(&line, buf, sizeof(buf));
    tb_str(&line, "end error ");
    tb_str(&line, tb->buf);
    report_status(&line);
    live_shutdown();
}

static _Noreturn void end_error_str(const char *what, long rc)
{
    struct text_buf tb;
    char buf[256];

    tb_init(&tb, buf, sizeof(buf));
    tb_str(&tb, what);
    if (rc) {
        tb_str(&tb, " (");
        tb_i64(&tb, rc);
        tb_char(&tb, ')');
    }
    end_error(&tb);
}

static void *host_alloc(void *ctx, size_t n)
{
    (void)ctx;
    return pages_alloc(n);
}

static void host_release(void *ctx, void *p, size_t n)
{
    (void)ctx;
    pages_free(p, n);
}

static bool cmdline_has(const char *word)
{
    const char *s = live_cmdline();
    size_t n = 0;

    while (word[n])
        n++;
    for (; *s; s++) {
        if ((s == live_cmdline() || s[-1] == ' ') && !memcmp(s, word, n) &&
            (s[n] == ' ' || s[n] == '\0'))
            return true;
    }
    return false;
}

/* Parse the module's text into storage from the arena. */
static void parse_trace(const char *text, size_t len, struct trace *t)
{
    struct trace_error err;
    struct text_buf tb;
    char buf[320];
    uint32_t lines = 1;

    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    /* The capacities trace.h guarantees can never run out. */
    t->ops_cap = lines;
    t->bytes_cap = (uint32_t)(len / 2 + 1);
    t->ents_cap = (uint32_t)(len / 6 + 1);
    t->ops = pages_alloc((size_t)t->ops_cap * sizeof(*t->ops));
    t->bytes = pages_alloc(t->bytes_cap);
    t->ents = pages_alloc((size_t)t->ents_cap * sizeof(*t->ents));
    if (!t->ops || !t->bytes || !t->ents)
        end_error_str("trace too large for the guest's pages", 0);
    if (trace_parse(text, len, t, &err)) {
        tb_init(&tb, buf, sizeof(buf));
        tb_str(&tb, "trace:");
        tb_u64(&tb, err.line);
        tb_str(&tb, ": ");
        tb_str(&tb, err.msg);
        end_error(&tb);
    }
}

static void say_hello(bool mac)
{
    struct text_buf tb;
    char buf[256], version[64];

    live_xen_version(version, sizeof(version));
    tb_init(&tb, buf, sizeof(buf));
    tb_str(&tb, "hello xen=");
    tb_str(&tb, version);
    tb_str(&tb, " domid=");
    tb_u64(&tb, live_domid());
    tb_str(&tb, live_is_initial_domain() ? " initial=1" : " initial=0");
    tb_str(&tb, " mac_permissive=");
    tb_u64(&tb, mac);
    tb_str(&tb, " arena_pages=");
    tb_u64(&tb, pages_free_count());
    report_status(&tb);
}

static void run_trace(const struct trace *t)
{
    struct trace_host host = {
        .alloc_zeroed = host_alloc,
        .release = host_release,
        .write = report_result_write,
    };
    struct argo_backend be;
    struct text_buf tb;
    char buf[160];
    int rc;

    live_backend_init(&be, &live, live_domid(), live.xen_mac_permissive);
    rc = trace_run(&runner, t, &be, &host);
    report_result_flush();
    if (rc)
        end_error_str(rc == -ARGO_ENOMEM ? "out of guest pages for ring memory"
                                         : "the run stopped", rc);
    if (live.failure)
        end_error_str(live.failure, 0);
    tb_init(&tb, buf, sizeof(buf));
    tb_str(&tb, "end ok lines=");
    tb_u64(&tb, report_result_lines());
    tb_str(&tb, " crc=");
    tb_hex_fixed(&tb, report_result_crc(), 8);
    tb_str(&tb, " hypercalls=");
    tb_u64(&tb, live.hypercalls);
    report_status(&tb);
}

_Noreturn void live_main(struct start_info *si)
{
    struct trace t;
    struct text_buf tb;
    char why[320];
    bool mac = false;
    long rc;

    live_platform_init(si);
    console_init();
    rc = live_virq_init();
    if (rc)
        end_error_str("cannot bind VIRQ_ARGO", rc);
    rc = live_probe_mac_permissive(&mac);
    if (rc)
        end_error_str("Argo is not available (boot Xen with argo=1)", rc);
    live.xen_mac_permissive = mac;
    say_hello(mac);

    if (cmdline_has("argolab.bench")) {
        live_bench_run(cmdline_has("argolab.emulated"));
        live_shutdown();
    }

    if (!si->mod_start || !si->mod_len)
        end_error_str("no trace: pass it as the initrd (multiboot module 2)", 0);
    if (si->flags & SIF_MOD_START_PFN)
        end_error_str("the trace module is not mapped", 0);
    parse_trace((const char *)si->mod_start, si->mod_len, &t);

    if (live_domid() != 0) {
        live_trace_rebase(&t, live_domid());
        tb_init(&tb, why, sizeof(why));
        tb_str(&tb, "note trace domain 0 runs as this guest, domain ");
        tb_u64(&tb, live_domid());
        report_status(&tb);
    }
    tb_init(&tb, why, sizeof(why));
    tb_str(&tb, "skip ");
    if (!live_trace_runnable(&t, live_domid(), mac, &tb)) {
        report_status(&tb);
        live_shutdown();
    }
    run_trace(&t);
    live_shutdown();
}
