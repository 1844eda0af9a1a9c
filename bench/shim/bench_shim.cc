// SPDX-License-Identifier: MIT
// Description: bench_shim.h over Google Benchmark, and the one main of the
// benchmark binary.
#include "bench_shim.h"

#include <benchmark/benchmark.h>

#include <string>

struct bench_state {
    benchmark::State *s;
};

struct bench {
    benchmark::internal::Benchmark *b;
};

extern "C" {

struct bench *bench_register(const char *name, bench_fn fn)
{
    // Handles live as long as the registered benchmarks: the whole process.
    bench *h = new bench;
    h->b = benchmark::RegisterBenchmark(name, [fn](benchmark::State &s) {
        bench_state st{&s};
        fn(&st);
    });
    return h;
}

struct bench *bench_arg(struct bench *b, int64_t value)
{
    b->b->Arg(value);
    return b;
}

struct bench *bench_args(struct bench *b, const int64_t *v, size_t n)
{
    b->b->Args(std::vector<int64_t>(v, v + n));
    return b;
}

struct bench *bench_range(struct bench *b, int64_t lo, int64_t hi, int mult)
{
    b->b->RangeMultiplier(mult)->Range(lo, hi);
    return b;
}

struct bench *bench_dense_range(struct bench *b, int64_t lo, int64_t hi,
                                int64_t step)
{
    b->b->DenseRange(lo, hi, static_cast<int>(step));
    return b;
}

struct bench *bench_use_real_time(struct bench *b)
{
    b->b->UseRealTime();
    return b;
}

int bench_keep_running(struct bench_state *st)
{
    return st->s->KeepRunning();
}

int64_t bench_arg_at(const struct bench_state *st, size_t i)
{
    return st->s->range(i);
}

int64_t bench_iterations(const struct bench_state *st)
{
    return st->s->iterations();
}

void bench_pause(struct bench_state *st)
{
    st->s->PauseTiming();
}

void bench_resume(struct bench_state *st)
{
    st->s->ResumeTiming();
}

void bench_set_bytes(struct bench_state *st, int64_t bytes)
{
    st->s->SetBytesProcessed(bytes);
}

void bench_set_items(struct bench_state *st, int64_t items)
{
    st->s->SetItemsProcessed(items);
}

void bench_counter(struct bench_state *st, const char *name, double value,
                   enum bench_counter_kind kind)
{
    benchmark::Counter::Flags f = benchmark::Counter::kDefaults;

    if (kind == BENCH_COUNTER_RATE)
        f = benchmark::Counter::kIsRate;
    else if (kind == BENCH_COUNTER_PER_ITERATION)
        f = benchmark::Counter::kAvgIterations;
    st->s->counters[name] = benchmark::Counter(value, f);
}

void bench_label(struct bench_state *st, const char *label)
{
    st->s->SetLabel(label);
}

void bench_skip(struct bench_state *st, const char *msg)
{
    st->s->SkipWithError(msg);
}

} // extern "C"

int main(int argc, char **argv)
{
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 2;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
