/*
 * Deleting and revoking capabilities. Deleting the last capability to an
 * object destroys it; for objects that hold capabilities themselves (CNodes,
 * TCBs) that means deleting those too, however deeply nested, in bounded
 * steps with preemption points and no recursion (see delete.c).
 */
#ifndef CSPACE_DELETE_H
#define CSPACE_DELETE_H

#include "../api/preempt.h"
#include "../object/cnode.h"

/*
 * Empties slot, destroying the object if this was its last capability.
 * EXC_PREEMPTED: stopped at a preemption point; calling again continues.
 */
exception_t cte_delete(cte_t *slot);

/*
 * Deletes every capability derived from the one in slot (its children in
 * the derivation tree). EXC_PREEMPTED: calling again continues.
 */
exception_t cte_revoke(cte_t *slot);

/*
 * Deletes a capability that holds no slots (everything but CNodes and
 * TCBs) at once, without touching a deletion in progress; for kernel-held
 * slots such as an IRQ's notification.
 */
void cte_delete_plain(cte_t *slot);

#endif /* CSPACE_DELETE_H */
