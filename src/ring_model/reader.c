/* SPDX-License-Identifier: MIT */
/*
 * Description: reading and consuming messages from an untrusted ring, Argo
 * or V4V: one reader over the ring header's layout, instantiated for each.
 */
#include "argo_reader.h"
#include "v4v_reader.h"

/* Where a ring ABI keeps its indices and ring[] (constants per caller). */
struct ring_view {
    uint32_t header_size;
    uint32_t rx_off, tx_off;
};

static const struct ring_view argo_view = {
    ARGO_RING_HEADER_SIZE, offsetof(xen_argo_ring_t, rx_ptr),
    offsetof(xen_argo_ring_t, tx_ptr)
};
static const struct ring_view v4v_view = {
    V4V_RING_HEADER_SIZE, offsetof(v4v_ring_t, rx_ptr),
    offsetof(v4v_ring_t, tx_ptr)
};

static uint32_t load_u32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, sizeof(v));
    return v;
}

/*
 * x mod len for x < 2 * len: every offset here is an index below len plus
 * at most len, and a division per message costs more than the rest of a
 * small read.
 */
static uint32_t ring_wrap(uint64_t x, uint32_t len)
{
    return (uint32_t)(x >= len ? x - len : x);
}

static bool index_valid(uint32_t idx, uint32_t len)
{
    return idx < len && idx % XEN_ARGO_MSG_SLOT_SIZE == 0;
}

static inline __attribute__((always_inline)) int
ring_peek(const struct ring_view *v, const uint8_t *mem, uint32_t len,
          struct argo_ring_msg *msg)
{
    const uint8_t *data = mem + v->header_size;
    xen_argo_ring_message_header_t mh;
    uint32_t rx = load_u32(mem + v->rx_off);
    uint32_t tx = load_u32(mem + v->tx_off);
    uint32_t used;
    uint64_t span;

    if (!index_valid(rx, len) || !index_valid(tx, len))
        return -ARGO_EBADMSG;
    if (rx == tx)
        return -ARGO_ENOMSG;

    used = tx > rx ? tx - rx : len - (rx - tx);
    /* An aligned rx leaves at least one slot before the end: no wrap. */
    memcpy(&mh, data + rx, sizeof(mh));
    /* 64-bit: a hostile mh.len near 4 GiB must not wrap to something small. */
    span = ((uint64_t)mh.len + 15u) & ~(uint64_t)15u;
    if (mh.len < ARGO_MSG_HEADER_SIZE || span > used)
        return -ARGO_EBADMSG;

    msg->rx = rx;
    msg->next_rx = ring_wrap(rx + span, len);
    msg->data_off = ring_wrap((uint64_t)rx + ARGO_MSG_HEADER_SIZE, len);
    msg->payload_len = mh.len - ARGO_MSG_HEADER_SIZE;
    msg->src_dom = mh.source.domain_id;
    msg->src_port = mh.source.aport;
    msg->message_type = mh.message_type;
    return 0;
}

static inline __attribute__((always_inline)) void
ring_copy_payload(const struct ring_view *v, const uint8_t *mem, uint32_t len,
                  const struct argo_ring_msg *msg, uint32_t off, void *dst,
                  uint32_t n)
{
    const uint8_t *data = mem + v->header_size;
    uint8_t *out = dst;
    uint32_t pos = ring_wrap((uint64_t)msg->data_off + off, len);

    while (n) {
        uint32_t chunk = len - pos < n ? len - pos : n;

        memcpy(out, data + pos, chunk);
        out += chunk;
        n -= chunk;
        pos = 0;
    }
}

static inline __attribute__((always_inline)) long
ring_copy_out(const struct ring_view *v, uint8_t *mem, uint32_t len,
              struct argo_ring_msg *msg, void *buf, uint32_t buflen,
              bool consume)
{
    int rc = ring_peek(v, mem, len, msg);

    if (rc)
        return rc;
    if (buf)
        ring_copy_payload(v, mem, len, msg, 0, buf,
                          buflen < msg->payload_len ? buflen
                                                    : msg->payload_len);
    if (consume)
        memcpy(mem + v->rx_off, &msg->next_rx, sizeof(msg->next_rx));
    return msg->payload_len;
}

int argo_ring_peek(const uint8_t *mem, uint32_t len, struct argo_ring_msg *msg)
{
    return ring_peek(&argo_view, mem, len, msg);
}

void argo_ring_copy_payload(const uint8_t *mem, uint32_t len,
                            const struct argo_ring_msg *msg, uint32_t off,
                            void *dst, uint32_t n)
{
    ring_copy_payload(&argo_view, mem, len, msg, off, dst, n);
}

void argo_ring_consume(uint8_t *mem, const struct argo_ring_msg *msg)
{
    memcpy(mem + argo_view.rx_off, &msg->next_rx, sizeof(msg->next_rx));
}

long argo_ring_copy_out(uint8_t *mem, uint32_t len, xen_argo_addr_t *from,
                        uint32_t *type, void *buf, uint32_t buflen,
                        bool consume)
{
    struct argo_ring_msg msg;
    long rc = ring_copy_out(&argo_view, mem, len, &msg, buf, buflen, consume);

    if (rc < 0)
        return rc;
    if (from) {
        memset(from, 0, sizeof(*from));
        from->aport = msg.src_port;
        from->domain_id = msg.src_dom;
    }
    if (type)
        *type = msg.message_type;
    return rc;
}

int v4v_ring_peek(const uint8_t *mem, uint32_t len, struct argo_ring_msg *msg)
{
    return ring_peek(&v4v_view, mem, len, msg);
}

void v4v_ring_copy_payload(const uint8_t *mem, uint32_t len,
                           const struct argo_ring_msg *msg, uint32_t off,
                           void *dst, uint32_t n)
{
    ring_copy_payload(&v4v_view, mem, len, msg, off, dst, n);
}

void v4v_ring_consume(uint8_t *mem, const struct argo_ring_msg *msg)
{
    memcpy(mem + v4v_view.rx_off, &msg->next_rx, sizeof(msg->next_rx));
}

long v4v_copy_out(uint8_t *mem, uint32_t len, v4v_addr_t *from,
                  uint32_t *protocol, void *buf, uint32_t buflen, bool consume)
{
    struct argo_ring_msg msg;
    long rc = ring_copy_out(&v4v_view, mem, len, &msg, buf, buflen, consume);

    if (rc < 0)
        return rc;
    if (from) {
        from->port = msg.src_port;
        from->domain = msg.src_dom;
    }
    if (protocol)
        *protocol = msg.message_type;
    return rc;
}

int ring_abi_peek(uint8_t abi, const uint8_t *mem, uint32_t len,
                  struct argo_ring_msg *msg)
{
    return abi == RING_ABI_V4V ? v4v_ring_peek(mem, len, msg)
                               : argo_ring_peek(mem, len, msg);
}

void ring_abi_copy_payload(uint8_t abi, const uint8_t *mem, uint32_t len,
                           const struct argo_ring_msg *msg, uint32_t off,
                           void *dst, uint32_t n)
{
    if (abi == RING_ABI_V4V)
        v4v_ring_copy_payload(mem, len, msg, off, dst, n);
    else
        argo_ring_copy_payload(mem, len, msg, off, dst, n);
}

void ring_abi_consume(uint8_t abi, uint8_t *mem, const struct argo_ring_msg *msg)
{
    memcpy(mem + ring_abi_rx_offset(abi), &msg->next_rx, sizeof(msg->next_rx));
}
