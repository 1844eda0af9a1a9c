/* SPDX-License-Identifier: MIT */
/* Description: the operations of ioreq_input.h run and judged by the rules. */
#include "ioreq_run.h"

void ioreq_runner_init(struct ioreq_runner *r,
                       const struct ioreq_model_config *cfg)
{
    ioreq_model_init(&r->m, cfg);
    r->continuation = false;
}

static bool server_is(const struct ioreq_model *m, ioreq_servid_t id,
                      ioreq_domid_t caller, long *rc)
{
    if (id >= IOREQ_MAX_SERVERS || !m->servers[id].exists)
        *rc = -IOREQ_ENOENT;
    else if (m->servers[id].emulator != caller)
        *rc = -IOREQ_EPERM;
    else
        return true;
    return false;
}

/* The return code of a claim or disclaim starting at opaque 0. */
static long expected_map_rc(const struct ioreq_model *m, ioreq_domid_t caller,
                            const struct ioreq_map_mem_type_op *op)
{
    long rc = 0;

    if (!m->cfg.hvm || op->op_pad)
        return -IOREQ_EINVAL;
    if (!m->cfg.hap)
        return -IOREQ_EOPNOTSUPP;
    if (op->opaque)
        return 0;
    if (op->type != IOREQ_HVMMEM_IOREQ_SERVER ||
        (op->flags & ~IOREQ_MEM_ACCESS_WRITE))
        return -IOREQ_EINVAL;
    if (!server_is(m, op->id, caller, &rc))
        return rc;
    if (op->flags)
        return m->owner != IOREQ_NO_OWNER || m->entry_count ? -IOREQ_EBUSY : 0;
    return m->owner == op->id ? 0 : -IOREQ_EINVAL;
}

static const char *judge_map(const struct ioreq_model *before,
                             const struct ioreq_model *m, ioreq_domid_t caller,
                             const struct ioreq_map_mem_type_op *op, long rc)
{
    long want = expected_map_rc(before, caller, op);

    if (rc == -IOREQ_ERESTART && want == 0 && op->flags == 0)
        want = rc;
    if (rc != want)
        return "map_mem_type returned other than the rules say";
    if (rc != 0 && rc != -IOREQ_ERESTART) {
        if (m->owner != before->owner || m->entry_count != before->entry_count)
            return "a refused map_mem_type changed the owner or the pages";
        return NULL;
    }
    if (op->opaque)
        return m->owner != before->owner ? "a continuation changed the owner"
                                         : NULL;
    if (op->flags && (m->owner != op->id || m->owner_flags != op->flags))
        return "a successful claim did not make the server the owner";
    if (!op->flags && m->owner != IOREQ_NO_OWNER)
        return "a successful disclaim left an owner";
    if (!op->flags && rc == 0 && m->entry_count)
        return "a completed disclaim left p2m_ioreq_server pages";
    return NULL;
}

static const char *judge_destroy(const struct ioreq_model *before,
                                 const struct ioreq_model *m,
                                 ioreq_domid_t caller, ioreq_servid_t id,
                                 long rc)
{
    long want = 0;

    if (!before->cfg.hvm)
        want = -IOREQ_EINVAL;
    else
        server_is(before, id, caller, &want);
    if (rc != want)
        return "destroy returned other than the rules say";
    if (rc)
        return m->owner != before->owner ? "a refused destroy moved the owner"
                                         : NULL;
    if (m->servers[id].exists)
        return "a destroyed server still exists";
    if (before->owner == id && m->owner != IOREQ_NO_OWNER)
        return "the destroyed owner still owns the type";
    if (before->owner == id && before->entry_count &&
        m->orphaned == m->cfg.destroy_resets_pages)
        return "destroying the owner did not treat its pages as configured";
    return NULL;
}

static const char *judge_create(const struct ioreq_model *before,
                                const struct ioreq_model *m,
                                ioreq_domid_t caller, ioreq_servid_t id,
                                long rc)
{
    ioreq_servid_t lowest = IOREQ_MAX_SERVERS;

    for (ioreq_servid_t i = IOREQ_MAX_SERVERS; i-- > 0;)
        if (!before->servers[i].exists)
            lowest = i;
    if (!before->cfg.hvm)
        return rc == -IOREQ_EINVAL ? NULL : "create on a non-HVM domain";
    if (lowest == IOREQ_MAX_SERVERS)
        return rc == -IOREQ_ENOSPC ? NULL : "create past the last id";
    if (rc || id != lowest)
        return "create did not take the lowest free id";
    if (!m->servers[id].exists || m->servers[id].emulator != caller)
        return "the created server is not the caller's";
    return NULL;
}

static const char *judge_set_type(const struct ioreq_model *before,
                                  const struct ioreq_model *m,
                                  const struct ioreq_set_mem_type_op *op,
                                  long rc)
{
    if (rc && rc != -IOREQ_EINVAL && rc != -IOREQ_EOPNOTSUPP)
        return "set_mem_type returned an undocumented error";
    if (op->mem_type == IOREQ_HVMMEM_IOREQ_SERVER && !before->cfg.hap &&
        before->cfg.hvm && !op->op_pad && !op->pad && rc != -IOREQ_EOPNOTSUPP &&
        op->nr && op->first_pfn + op->nr - 1 <= before->max_mapped_pfn &&
        op->first_pfn <= op->first_pfn + op->nr - 1)
        return "p2m_ioreq_server without HAP was not -EOPNOTSUPP";
    if (op->mem_type == IOREQ_HVMMEM_IOREQ_SERVER &&
        before->owner == IOREQ_NO_OWNER && rc == 0)
        return "a page became p2m_ioreq_server with no owner";
    for (uint64_t g = 0; g <= before->max_mapped_pfn; g++) {
        enum ioreq_p2m_type was = ioreq_p2m_type_of(before, g);
        enum ioreq_p2m_type now = ioreq_p2m_type_of(m, g);

        if (was == now)
            continue;
        if (rc == 0 && (g < op->first_pfn || g - op->first_pfn >= op->nr))
            return "set_mem_type changed a page outside its range";
        if (was == IOREQ_P2M_IOREQ_SERVER && now != IOREQ_P2M_RAM_RW)
            return "a p2m_ioreq_server page became other than ram_rw";
        if (now == IOREQ_P2M_IOREQ_SERVER && was != IOREQ_P2M_RAM_RW)
            return "a page other than ram_rw became p2m_ioreq_server";
    }
    if (rc == 0 && op->nr &&
        ioreq_p2m_type_of(m, op->first_pfn + op->nr - 1) == IOREQ_P2M_INVALID &&
        op->mem_type != IOREQ_HVMMEM_UNUSED)
        return "set_mem_type succeeded and left a hole";
    return NULL;
}

static enum ioreq_access_result expected_access(const struct ioreq_model *m,
                                                uint64_t gfn, bool write)
{
    switch (ioreq_p2m_type_of(m, gfn)) {
    case IOREQ_P2M_RAM_RW:
        return IOREQ_ACCESS_DIRECT;
    case IOREQ_P2M_RAM_RO:
        return write ? IOREQ_ACCESS_DISCARDED : IOREQ_ACCESS_DIRECT;
    case IOREQ_P2M_INVALID:
    case IOREQ_P2M_MMIO_DM:
        return IOREQ_ACCESS_BY_RANGE;
    case IOREQ_P2M_IOREQ_SERVER:
        break;
    }
    if (!write)
        return IOREQ_ACCESS_DIRECT;
    if (m->owner == IOREQ_NO_OWNER)
        return IOREQ_ACCESS_RETRY;
    return (m->owner_flags & IOREQ_MEM_ACCESS_WRITE) ? IOREQ_ACCESS_TO_SERVER
                                                     : IOREQ_ACCESS_DIRECT;
}

static const char *judge_access(const struct ioreq_model *before,
                                uint64_t gfn, bool write,
                                const struct ioreq_outcome *out)
{
    if (out->access != expected_access(before, gfn, write))
        return "an access went elsewhere than its page type says";
    if (out->access == IOREQ_ACCESS_TO_SERVER && out->server != before->owner)
        return "a write went to a server other than the owner";
    if (out->access != IOREQ_ACCESS_TO_SERVER && out->server != IOREQ_NO_OWNER)
        return "an access not sent to a server names one";
    return NULL;
}

/* Lazy resolution is invisible to p2m lookups: it only moves the books. */
static const char *judge_resolve(const struct ioreq_model *before,
                                 const struct ioreq_model *m)
{
    for (uint64_t g = 0; g <= before->max_mapped_pfn; g++)
        if (ioreq_p2m_type_of(before, g) != ioreq_p2m_type_of(m, g))
            return "resolving a recalculation changed a page's type";
    return before->owner == m->owner ? NULL : "resolving moved the owner";
}

/* What holds across every operation. */
static const char *judge_any(const struct ioreq_model *before,
                             const struct ioreq_model *m)
{
    if (before->owner != IOREQ_NO_OWNER && m->owner != IOREQ_NO_OWNER &&
        before->owner != m->owner)
        return "ownership passed between servers without a disclaim";
    if (m->entry_count > before->entry_count && m->owner == IOREQ_NO_OWNER)
        return "p2m_ioreq_server pages appeared with no owner";
    return NULL;
}

static void run_map(struct ioreq_runner *r, ioreq_domid_t caller,
                    struct ioreq_map_mem_type_op *op, uint32_t preempt,
                    const struct ioreq_model *before, struct ioreq_outcome *out)
{
    struct ioreq_map_mem_type_op given = *op;

    out->rc = ioreq_dmop_map_mem_type(&r->m, caller, op, preempt);
    out->broken = judge_map(before, &r->m, caller, &given, out->rc);
    if (!out->broken && out->rc == -IOREQ_ERESTART &&
        (op->opaque <= given.opaque || op->opaque > r->m.max_mapped_pfn ||
         op->opaque % IOREQ_RESET_CHUNK_GFNS))
        out->broken = "a preempted disclaim did not move its opaque forward";
    r->continuation = out->rc == -IOREQ_ERESTART;
    r->continuation_caller = caller;
    r->continuation_op = *op;
}

void ioreq_run_op(struct ioreq_runner *r, const struct ioreq_op *op,
                  struct ioreq_outcome *out)
{
    static struct ioreq_model before;   /* too big for a guest's stack */
    struct ioreq_map_mem_type_op map = op->map;
    ioreq_servid_t id = IOREQ_NO_OWNER;

    before = r->m;
    *out = (struct ioreq_outcome){ .server = IOREQ_NO_OWNER };
    switch (op->kind) {
    case IOREQ_OP_CREATE:
        out->rc = ioreq_server_create(&r->m, op->caller, &id);
        out->broken = judge_create(&before, &r->m, op->caller, id, out->rc);
        break;
    case IOREQ_OP_DESTROY:
        out->rc = ioreq_server_destroy(&r->m, op->caller, op->id);
        out->broken = judge_destroy(&before, &r->m, op->caller, op->id, out->rc);
        break;
    case IOREQ_OP_MAP:
        run_map(r, op->caller, &map, op->chunks_before_preempt, &before, out);
        break;
    case IOREQ_OP_CONTINUE:
        if (!r->continuation)
            break;
        map = r->continuation_op;
        run_map(r, r->continuation_caller, &map, op->chunks_before_preempt,
                &before, out);
        break;
    case IOREQ_OP_SET_TYPE:
        out->rc = ioreq_dmop_set_mem_type(&r->m, &op->set_type);
        out->broken = judge_set_type(&before, &r->m, &op->set_type, out->rc);
        break;
    case IOREQ_OP_WRITE:
    case IOREQ_OP_READ:
        out->access = ioreq_guest_access(&r->m, op->gfn,
                                         op->kind == IOREQ_OP_WRITE,
                                         &out->server);
        out->broken = judge_access(&before, op->gfn,
                                   op->kind == IOREQ_OP_WRITE, out);
        if (!out->broken)
            out->broken = judge_resolve(&before, &r->m);
        break;
    case IOREQ_OP_RESOLVE:
        ioreq_p2m_resolve(&r->m, op->gfn);
        out->broken = judge_resolve(&before, &r->m);
        break;
    case IOREQ_OP_KINDS:
        break;
    }
    if (!out->broken)
        out->broken = judge_any(&before, &r->m);
}
