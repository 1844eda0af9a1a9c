/* SPDX-License-Identifier: MIT */
/*
 * Description: a bounded, freestanding text builder for trace output, parse
 * errors and printed traces (the live guest has no snprintf).
 */
#ifndef ARGOLAB_TEXT_BUF_H
#define ARGOLAB_TEXT_BUF_H

#include "../ring_model/model_compat.h"

/* Appends never write past cap - 1; the text stays NUL-terminated. */
struct text_buf {
    char *buf;
    size_t cap;
    size_t len;
    bool overflow;              /* something did not fit and was cut */
};

void tb_init(struct text_buf *tb, char *buf, size_t cap);
void tb_reset(struct text_buf *tb);
void tb_char(struct text_buf *tb, char c);
void tb_str(struct text_buf *tb, const char *s);
void tb_mem(struct text_buf *tb, const char *s, size_t n);
/* Decimal. */
void tb_u64(struct text_buf *tb, uint64_t v);
void tb_i64(struct text_buf *tb, int64_t v);
/* "0x" then lowercase hex digits, no leading zeros. */
void tb_hex(struct text_buf *tb, uint64_t v);
/* Exactly digits lowercase hex digits, zero-padded, no prefix. */
void tb_hex_fixed(struct text_buf *tb, uint64_t v, unsigned digits);

#endif
