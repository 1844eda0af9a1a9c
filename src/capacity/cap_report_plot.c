/* SPDX-License-Identifier: MIT */
/*
 * Description: the gnuplot figure of a sweep: -EAGAIN probability and
 * occupancy against ring length, written atomically as PNG and SVG.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cap_report.h"

extern char **environ;

/* Values below this are off the figure: a log axis down to 1e-300 says nothing. */
#define PLOT_FLOOR 1e-12

/* A gnuplot double-quoted string: \n in s stays a line break. */
static void gp_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '\\' && s[1] == 'n') {
            fputs("\\n", f);
            s++;
            continue;
        }
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        if ((unsigned char)*s >= 0x20)
            fputc(*s, f);
    }
    fputc('"', f);
}

/*
 * Tics at powers of 2 (of 4 over wide ranges) bytes between lo and hi,
 * labelled in binary units ("64 KiB"): gnuplot's own log tics fall on
 * powers of 10, which read badly as byte counts.
 */
static void byte_tics(FILE *f, const char *axis, double lo, double hi)
{
    const char *sep = "";
    double step = hi / lo > 4096 ? 4 : 2;

    fprintf(f, "set %stics (", axis);
    for (double v = 16; v <= 64.0 * 1024 * 1024; v *= step) {
        char label[32];

        if (v < lo || v > hi)
            continue;
        cap_format_bytes(v, label, sizeof(label));
        /* "64.0 KiB" -> "64 KiB": these are whole numbers. */
        char *dot = strstr(label, ".0 ");

        if (!dot)
            dot = strstr(label, ".00 ");
        if (dot)
            memmove(dot, strchr(dot, ' '), strlen(strchr(dot, ' ')) + 1);
        fprintf(f, "%s'%s' %.0f", sep, label, v);
        sep = ", ";
    }
    fprintf(f, ")\n");
}

static double ymin_of(const struct cap_answer *a)
{
    double lo = a->r->kind == CAP_TARGET_EAGAIN ? a->r->target : 1;

    for (unsigned i = 0; i < a->s->n; i++) {
        const struct cap_metrics *m = &a->s->m[i];

        if (m->eagain_p > 0 && m->eagain_p < lo)
            lo = m->eagain_p;
        if (m->eagain_hi > 0 && m->eagain_hi < lo)
            lo = m->eagain_hi;
        if (a->s->analytic && a->s->analytic_ok[i] && a->s->analytic_p[i] > 0 &&
            a->s->analytic_p[i] < lo)
            lo = a->s->analytic_p[i];
    }
    lo = pow(10, floor(log10(lo)) - 1);
    return lo < PLOT_FLOOR ? PLOT_FLOOR : lo;
}

static int write_data(const char *path, const struct cap_answer *a, double ymin)
{
    FILE *f = fopen(path, "w");

    if (!f)
        return -1;
    fprintf(f, "# ring_len eagain_p eagain_lo eagain_hi analytic_p occ_mean occ_p99 pages\n");
    for (unsigned i = 0; i < a->s->n; i++) {
        const struct cap_metrics *m = &a->s->m[i];
        double an = a->s->analytic && a->s->analytic_ok[i] ? a->s->analytic_p[i] : NAN;

        if (!(an >= PLOT_FLOOR))
            an = NAN;
        fprintf(f, "%u %.6g %.6g %.6g %.6g %.6g %.6g %u\n", (unsigned)m->ring_len,
                m->eagain_p, m->eagain_lo > ymin ? m->eagain_lo : ymin, m->eagain_hi, an,
                m->occ_mean, m->occ_p99, (unsigned)m->pages);
    }
    return fclose(f) ? -1 : 0;
}

static void title(char *buf, size_t len, const struct cap_answer *a)
{
    const struct cap_workload *w = a->w;
    char sizes[700], arrival[200];

    cap_sizes_describe(&w->sizes, sizes, sizeof(sizes));
    cap_arrival_describe(&w->arrival, arrival, sizeof(arrival));
    snprintf(buf, len, "Argo ring capacity: %s, %s, %u sender%s, %s on -EAGAIN\\n"
             "receiver %.6g msg/s, notify every %u, wake-up latency %.3g us; %llu messages per ring, seed %llu\\n",
             sizes, arrival, w->senders, w->senders == 1 ? "" : "s",
             cap_policy_name(w->policy), 1 / w->service_mean, w->batch,
             w->wake_latency * 1e6, (unsigned long long)w->messages,
             (unsigned long long)w->seed);
}

static void panels(FILE *f, const struct cap_answer *a, const char *dat, double ymin)
{
    const struct cap_sweep *s = a->s;
    double xlo = s->m[0].ring_len / 1.3, xhi = s->m[s->n - 1].ring_len * 1.3;
    double occ_lo = xhi;
    char t[1200];

    for (unsigned i = 0; i < s->n; i++)
        if (s->m[i].occ_mean > 0 && s->m[i].occ_mean < occ_lo)
            occ_lo = s->m[i].occ_mean;
    occ_lo = occ_lo / 2 < 16 ? 16 : occ_lo / 2;

    title(t, sizeof(t), a);
    fprintf(f, "set termoption noenhanced\nset multiplot layout 2,1 title ");
    gp_str(f, t);
    /* Equal margins keep the two panels' x axes aligned. */
    fprintf(f, "\nset logscale xy\nset grid\nset lmargin 13\nset rmargin 4\n"
               "set xlabel 'ring length (bytes, log scale)'\n");
    fprintf(f, "set xrange [%g:%g]\n", xlo, xhi);
    byte_tics(f, "x", xlo, xhi);
    if (a->r->index >= 0) {
        unsigned len = (unsigned)s->m[a->r->index].ring_len;

        fprintf(f, "set arrow 1 from %u, graph 0 to %u, graph 1 nohead dt 2 lw 1.5 lc rgb '#2a9d38'\n"
                   "set label 1 'recommended: %u bytes (%u pages)' at %u, graph 0.95 offset 1,0 tc rgb '#2a9d38'\n",
                len, len, len, (unsigned)s->m[a->r->index].pages, len);
    }
    fprintf(f, "set ylabel 'P(first sendv returns -EAGAIN)'\nset yrange [%g:1.5]\nset format y '%%.0e'\n"
               "set key left bottom opaque box\n", ymin);
    fprintf(f, "plot ");
    gp_str(f, dat);
    fprintf(f, " using 1:($2>0?$2:NaN):3:4 with yerrorbars pt 7 ps 0.8 lc rgb '#1f5fbf' title 'simulated, 95%% interval', \\\n"
               "     '' using 1:($2>0?$2:NaN) with lines lc rgb '#1f5fbf' notitle, \\\n"
               "     '' using 1:($2==0?$4:NaN) with points pt 10 ps 1.2 lc rgb '#1f5fbf' title 'no -EAGAIN seen: 95%% upper bound'");
    if (s->analytic)
        fprintf(f, ", \\\n     '' using 1:5 with linespoints pt 6 dt 4 lc rgb '#d0451b' title '%s analytic'",
                cap_analytic_name(a->w));
    if (a->r->kind == CAP_TARGET_EAGAIN)
        fprintf(f, ", \\\n     %g with lines dt 3 lc rgb '#555555' title 'target %g'",
                a->r->target, a->r->target);
    fprintf(f, "\n");
    fprintf(f, "unset label 1\nset ylabel 'ring bytes in use (time-weighted, log scale)'\n"
               "set yrange [%g:%g]\nset key left top opaque box\n", occ_lo, xhi * 1.5);
    byte_tics(f, "y", occ_lo, xhi * 1.5);
    fprintf(f, "plot ");
    gp_str(f, dat);
    fprintf(f, " using 1:6 with linespoints pt 7 ps 0.8 lc rgb '#1f5fbf' title 'mean occupancy', \\\n"
               "     '' using 1:7 with linespoints pt 5 ps 0.8 lc rgb '#d0451b' title '99th percentile occupancy', \\\n"
               "     '' using 1:1 with lines dt 3 lc rgb '#555555' title 'ring length (a full ring)'\n"
               "unset multiplot\n");
}

static int write_script(const char *path, const char *dat, const char *png,
                        const char *svg, const struct cap_answer *a)
{
    FILE *f = fopen(path, "w");
    double ymin = ymin_of(a);

    if (!f)
        return -1;
    fprintf(f, "# Made by argolab capacity: -EAGAIN probability and occupancy against ring length.\n");
    fprintf(f, "set terminal pngcairo size 1100,1000 font ',10'\nset output ");
    gp_str(f, png);
    fprintf(f, "\n");
    panels(f, a, dat, ymin);
    fprintf(f, "set terminal svg size 1100,1000 font 'sans,10' dynamic\nset output ");
    gp_str(f, svg);
    fprintf(f, "\n");
    panels(f, a, dat, ymin);
    fprintf(f, "set output\n");
    return fclose(f) ? -1 : 0;
}

static int run_gnuplot(const char *script, char *err, size_t errlen)
{
    char *argv[] = { "gnuplot", (char *)script, NULL };
    posix_spawn_file_actions_t fa;
    pid_t pid;
    int status, rc;

    /* gnuplot's chatter goes to stderr; stdout belongs to the report. */
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, 2, 1);
    rc = posix_spawnp(&pid, "gnuplot", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc) {
        snprintf(err, errlen, "cannot run gnuplot: %s (install gnuplot-nox)", strerror(rc));
        return -1;
    }
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            snprintf(err, errlen, "waiting for gnuplot: %s", strerror(errno));
            return -1;
        }
    if (!WIFEXITED(status) || WEXITSTATUS(status)) {
        snprintf(err, errlen, "gnuplot failed on %s", script);
        return -1;
    }
    return 0;
}

int cap_report_plot(const char *dir, const char *name,
                    const struct cap_answer *a, char *err, size_t errlen)
{
    char dat[1100], gp[1100], png[1100], svg[1100], dat_t[1200], gp_t[1200], png_t[1200], svg_t[1200];
    int rc = -1;

    if (mkdir(dir, 0777) && errno != EEXIST) {
        snprintf(err, errlen, "%s: cannot create: %s", dir, strerror(errno));
        return -1;
    }
    snprintf(dat, sizeof(dat), "%s/%s.dat", dir, name);
    snprintf(gp, sizeof(gp), "%s/%s.gp", dir, name);
    snprintf(png, sizeof(png), "%s/%s.png", dir, name);
    snprintf(svg, sizeof(svg), "%s/%s.svg", dir, name);
    snprintf(dat_t, sizeof(dat_t), "%s.tmp%ld", dat, (long)getpid());
    snprintf(gp_t, sizeof(gp_t), "%s.tmp%ld", gp, (long)getpid());
    snprintf(png_t, sizeof(png_t), "%s.tmp%ld", png, (long)getpid());
    snprintf(svg_t, sizeof(svg_t), "%s.tmp%ld", svg, (long)getpid());

    if (write_data(dat_t, a, ymin_of(a)) || write_script(gp_t, dat_t, png_t, svg_t, a)) {
        snprintf(err, errlen, "%s: cannot write: %s", dir, strerror(errno));
        goto out;
    }
    if (run_gnuplot(gp_t, err, errlen))
        goto out;
    /* The kept script names the kept files, so it can be re-run by hand. */
    if (write_script(gp_t, dat, png, svg, a) || rename(dat_t, dat) || rename(gp_t, gp) ||
        rename(png_t, png) || rename(svg_t, svg)) {
        snprintf(err, errlen, "%s: cannot write: %s", dir, strerror(errno));
        goto out;
    }
    rc = 0;
out:
    unlink(dat_t);
    unlink(gp_t);
    unlink(png_t);
    unlink(svg_t);
    return rc;
}
