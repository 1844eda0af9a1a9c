/* SPDX-License-Identifier: MIT */
/* Description: Argo wire structs to and from little-endian bytes. */
#include "argo_wire.h"

static void put16(uint8_t **p, uint16_t v)
{
    (*p)[0] = (uint8_t)v;
    (*p)[1] = (uint8_t)(v >> 8);
    *p += 2;
}

static void put32(uint8_t **p, uint32_t v)
{
    put16(p, (uint16_t)v);
    put16(p, (uint16_t)(v >> 16));
}

static void put64(uint8_t **p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p, (uint32_t)(v >> 32));
}

static uint16_t get16(const uint8_t **p)
{
    uint16_t v = (uint16_t)((*p)[0] | (*p)[1] << 8);

    *p += 2;
    return v;
}

static uint32_t get32(const uint8_t **p)
{
    uint32_t lo = get16(p);

    return lo | (uint32_t)get16(p) << 16;
}

static uint64_t get64(const uint8_t **p)
{
    uint64_t lo = get32(p);

    return lo | (uint64_t)get32(p) << 32;
}

static void put_addr(uint8_t **p, const xen_argo_addr_t *a)
{
    put32(p, a->aport);
    put16(p, a->domain_id);
    put16(p, a->pad);
}

static void get_addr(const uint8_t **p, xen_argo_addr_t *a)
{
    a->aport = get32(p);
    a->domain_id = get16(p);
    a->pad = get16(p);
}

void argo_wire_put_iov(uint8_t *out, const xen_argo_iov_t *v)
{
    put64(&out, v->iov_hnd);
    put32(&out, v->iov_len);
    put32(&out, v->pad);
}

void argo_wire_get_iov(xen_argo_iov_t *v, const uint8_t *in)
{
    v->iov_hnd = get64(&in);
    v->iov_len = get32(&in);
    v->pad = get32(&in);
}

void argo_wire_put_iov_ilp32(uint8_t *out, const xen_argo_iov_ilp32_t *v)
{
    put32(&out, v->iov_hnd);
    put32(&out, v->iov_len);
    put32(&out, v->pad);
}

void argo_wire_get_iov_ilp32(xen_argo_iov_ilp32_t *v, const uint8_t *in)
{
    v->iov_hnd = get32(&in);
    v->iov_len = get32(&in);
    v->pad = get32(&in);
}

void argo_wire_put_addr(uint8_t *out, const xen_argo_addr_t *v)
{
    put_addr(&out, v);
}

void argo_wire_get_addr(xen_argo_addr_t *v, const uint8_t *in)
{
    get_addr(&in, v);
}

void argo_wire_put_send_addr(uint8_t *out, const xen_argo_send_addr_t *v)
{
    put_addr(&out, &v->src);
    put_addr(&out, &v->dst);
}

void argo_wire_get_send_addr(xen_argo_send_addr_t *v, const uint8_t *in)
{
    get_addr(&in, &v->src);
    get_addr(&in, &v->dst);
}

void argo_wire_put_ring(uint8_t *out, const xen_argo_ring_t *v)
{
    put32(&out, v->rx_ptr);
    put32(&out, v->tx_ptr);
    memcpy(out, v->reserved, sizeof(v->reserved));
}

void argo_wire_get_ring(xen_argo_ring_t *v, const uint8_t *in)
{
    v->rx_ptr = get32(&in);
    v->tx_ptr = get32(&in);
    memcpy(v->reserved, in, sizeof(v->reserved));
}

void argo_wire_put_register_ring(uint8_t *out,
                                 const xen_argo_register_ring_t *v)
{
    put32(&out, v->aport);
    put16(&out, v->partner_id);
    put16(&out, v->pad);
    put32(&out, v->len);
}

void argo_wire_get_register_ring(xen_argo_register_ring_t *v,
                                 const uint8_t *in)
{
    v->aport = get32(&in);
    v->partner_id = get16(&in);
    v->pad = get16(&in);
    v->len = get32(&in);
}

void argo_wire_put_unregister_ring(uint8_t *out,
                                   const xen_argo_unregister_ring_t *v)
{
    put32(&out, v->aport);
    put16(&out, v->partner_id);
    put16(&out, v->pad);
}

void argo_wire_get_unregister_ring(xen_argo_unregister_ring_t *v,
                                   const uint8_t *in)
{
    v->aport = get32(&in);
    v->partner_id = get16(&in);
    v->pad = get16(&in);
}

void argo_wire_put_ring_data_ent(uint8_t *out,
                                 const xen_argo_ring_data_ent_t *v)
{
    put_addr(&out, &v->ring);
    put16(&out, v->flags);
    put16(&out, v->pad);
    put32(&out, v->space_required);
    put32(&out, v->max_message_size);
}

void argo_wire_get_ring_data_ent(xen_argo_ring_data_ent_t *v,
                                 const uint8_t *in)
{
    get_addr(&in, &v->ring);
    v->flags = get16(&in);
    v->pad = get16(&in);
    v->space_required = get32(&in);
    v->max_message_size = get32(&in);
}

void argo_wire_put_ring_data(uint8_t *out, const xen_argo_ring_data_t *v)
{
    put32(&out, v->nent);
    put32(&out, v->pad);
}

void argo_wire_get_ring_data(xen_argo_ring_data_t *v, const uint8_t *in)
{
    v->nent = get32(&in);
    v->pad = get32(&in);
}

void argo_wire_put_message_header(uint8_t *out,
                                  const xen_argo_ring_message_header_t *v)
{
    put32(&out, v->len);
    put_addr(&out, &v->source);
    put32(&out, v->message_type);
}

void argo_wire_get_message_header(xen_argo_ring_message_header_t *v,
                                  const uint8_t *in)
{
    v->len = get32(&in);
    get_addr(&in, &v->source);
    v->message_type = get32(&in);
}

void argo_iov_from_ilp32(xen_argo_iov_t *out, const xen_argo_iov_ilp32_t *in)
{
    out->iov_hnd = in->iov_hnd;
    out->iov_len = in->iov_len;
    out->pad = in->pad;
}

int argo_iov_to_ilp32(xen_argo_iov_ilp32_t *out, const xen_argo_iov_t *in)
{
    if (in->iov_hnd > UINT32_MAX)
        return -1;
    out->iov_hnd = (uint32_t)in->iov_hnd;
    out->iov_len = in->iov_len;
    out->pad = in->pad;
    return 0;
}
