/* SPDX-License-Identifier: MIT */
/*
 * Description: doubly linked lists with Xen's list_head interface and
 * semantics: circular, headed, and list_del poisons the removed entry's
 * pointers so a later use through them faults. The poison values are
 * non-canonical x86_64 addresses: any access through them traps.
 */
#ifndef ARGOLAB_XH_LIST_H
#define ARGOLAB_XH_LIST_H

#include <stdbool.h>
#include <xen/compiler.h>

#define LIST_POISON1    ((void *)0xa110c8ed00100100UL)
#define LIST_POISON2    ((void *)0xa110c8ed00200200UL)

struct list_head {
    struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name)    { &(name), &(name) }
#define LIST_HEAD(name)         struct list_head name = LIST_HEAD_INIT(name)

static inline void INIT_LIST_HEAD(struct list_head *head)
{
    head->next = head;
    head->prev = head;
}

/* Link node between two adjacent entries. */
static inline void xh_list_link(struct list_head *node, struct list_head *prev,
                                struct list_head *next)
{
    node->prev = prev;
    node->next = next;
    prev->next = node;
    next->prev = node;
}

/* Add node right after head (stack order). */
static inline void list_add(struct list_head *node, struct list_head *head)
{
    xh_list_link(node, head, head->next);
}

/* Add node right before head (queue order). */
static inline void list_add_tail(struct list_head *node, struct list_head *head)
{
    xh_list_link(node, head->prev, head);
}

/* Unlink entry from its list and poison it. */
static inline void list_del(struct list_head *entry)
{
    struct list_head *prev = entry->prev, *next = entry->next;

    next->prev = prev;
    prev->next = next;
    entry->next = LIST_POISON1;
    entry->prev = LIST_POISON2;
}

/* Unlink entry and make it an empty list of its own. */
static inline void list_del_init(struct list_head *entry)
{
    struct list_head *prev = entry->prev, *next = entry->next;

    next->prev = prev;
    prev->next = next;
    INIT_LIST_HEAD(entry);
}

static inline bool list_empty(const struct list_head *head)
{
    return head->next == head;
}

#define list_entry(ptr, type, member)   container_of(ptr, type, member)

#define list_first_entry(head, type, member) \
    list_entry((head)->next, type, member)

#define list_first_entry_or_null(head, type, member) \
    (list_empty(head) ? NULL : list_first_entry(head, type, member))

#define list_for_each(pos, head) \
    for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)

#define list_for_each_entry(pos, head, member)                              \
    for ((pos) = list_entry((head)->next, __typeof__(*(pos)), member);      \
         &(pos)->member != (head);                                          \
         (pos) = list_entry((pos)->member.next, __typeof__(*(pos)), member))

/* As list_for_each_entry, but pos may be removed while visiting it. */
#define list_for_each_entry_safe(pos, tmp, head, member)                    \
    for ((pos) = list_entry((head)->next, __typeof__(*(pos)), member),      \
         (tmp) = list_entry((pos)->member.next, __typeof__(*(pos)), member);\
         &(pos)->member != (head);                                          \
         (pos) = (tmp),                                                     \
         (tmp) = list_entry((tmp)->member.next, __typeof__(*(tmp)), member))

#endif
