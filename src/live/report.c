/* SPDX-License-Identifier: MIT */
/* Description: status lines and prefixed result lines on the console. */
#include "report.h"

#include "console.h"

#include "../trace/crc32.h"
#include "../trace/text_buf.h"

/* Result text is held until a line is complete, so each reaches the
 * console in one write; a longer line goes out in pieces. */
static char line[8192];
static size_t line_len;
static bool continuing;         /* the buffered text continues a line already begun */
static uint64_t nlines;
static uint32_t crc;

void report_status(struct text_buf *tb)
{
    console_write(REPORT_STATUS_PREFIX, sizeof(REPORT_STATUS_PREFIX) - 1);
    console_write(tb->buf, tb->len);
    console_write("\n", 1);
}

void report_json(struct text_buf *tb)
{
    console_write(REPORT_JSON_PREFIX, sizeof(REPORT_JSON_PREFIX) - 1);
    console_write(tb->buf, tb->len);
    console_write("\n", 1);
}

void report_status_str(const char *text)
{
    struct text_buf tb;
    char buf[256];

    tb_init(&tb, buf, sizeof(buf));
    tb_str(&tb, text);
    report_status(&tb);
}

static void emit(bool line_done)
{
    if (!continuing)
        console_write(REPORT_RESULT_PREFIX, sizeof(REPORT_RESULT_PREFIX) - 1);
    console_write(line, line_len);
    line_len = 0;
    continuing = !line_done;
}

int report_result_write(void *ctx, const char *s, size_t n)
{
    (void)ctx;
    crc = crc32_update(crc, s, n);
    for (size_t i = 0; i < n; i++) {
        line[line_len++] = s[i];
        if (s[i] == '\n') {
            nlines++;
            emit(true);
        } else if (line_len == sizeof(line)) {
            emit(false);
        }
    }
    return 0;
}

void report_result_flush(void)
{
    if (line_len || continuing) {
        line[line_len++] = '\n';
        emit(true);
    }
}

uint64_t report_result_lines(void)
{
    return nlines;
}

uint32_t report_result_crc(void)
{
    return crc;
}
