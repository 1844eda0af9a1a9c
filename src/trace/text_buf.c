/* SPDX-License-Identifier: MIT */
/* Description: bounded text building without libc formatting. */
#include "text_buf.h"

void tb_init(struct text_buf *tb, char *buf, size_t cap)
{
    tb->buf = buf;
    tb->cap = cap;
    tb_reset(tb);
}

void tb_reset(struct text_buf *tb)
{
    tb->len = 0;
    tb->overflow = false;
    if (tb->cap)
        tb->buf[0] = '\0';
}

void tb_char(struct text_buf *tb, char c)
{
    if (tb->len + 1 >= tb->cap) {
        tb->overflow = true;
        return;
    }
    tb->buf[tb->len++] = c;
    tb->buf[tb->len] = '\0';
}

void tb_mem(struct text_buf *tb, const char *s, size_t n)
{
    while (n--)
        tb_char(tb, *s++);
}

void tb_str(struct text_buf *tb, const char *s)
{
    while (*s)
        tb_char(tb, *s++);
}

void tb_u64(struct text_buf *tb, uint64_t v)
{
    char digits[20];
    unsigned n = 0;

    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        tb_char(tb, digits[--n]);
}

void tb_i64(struct text_buf *tb, int64_t v)
{
    if (v < 0) {
        tb_char(tb, '-');
        tb_u64(tb, 0 - (uint64_t)v);
    } else {
        tb_u64(tb, (uint64_t)v);
    }
}

static const char hex_digits[] = "0123456789abcdef";

void tb_hex(struct text_buf *tb, uint64_t v)
{
    unsigned digits = 1;

    while (digits < 16 && (v >> (4 * digits)))
        digits++;
    tb_str(tb, "0x");
    tb_hex_fixed(tb, v, digits);
}

void tb_hex_fixed(struct text_buf *tb, uint64_t v, unsigned digits)
{
    while (digits--)
        tb_char(tb, hex_digits[(v >> (4 * digits)) & 0xf]);
}
