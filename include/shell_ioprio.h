/*
 * shell_ioprio.h - I/O priorities as the user types and reads them
 * (shell/ioprio_args.c), for `ioprio` and `ps`.
 *
 * The classes are Linux's (include/iocontext.h), by the names ionice
 * prints, short or long, or by ionice -c's numbers:
 *   rt, realtime, 1      LEVEL 0..7 required (0 is served first)
 *   be, best-effort, 2   LEVEL 0..7 required
 *   idle, 3              no LEVEL: idle I/O is served only when no other
 *                        class has any, so a level could not mean anything
 *                        (CFQ files every idle queue at level 7 anyway)
 *   none, 0              no LEVEL: back to the default, best effort at the
 *                        level CFQ derives from the nice value
 * Portable: the host tests check it (tests/host/test_shell_ioprio.c).
 */
#ifndef _LANTERN_SHELL_IOPRIO_H
#define _LANTERN_SHELL_IOPRIO_H

#include "types.h"

/*
 * @cls and @level (NULL when not typed) -> *ioprio =
 * IOPRIO_PRIO_VALUE(class, level). 0, or -EINVAL with a sentence in @msg
 * for the user (an unknown class, a missing, extra or malformed level),
 * -ERANGE for a level past 7. *ioprio is left alone on error. @msg may be
 * NULL.
 */
int shell_parse_ioprio(const char *cls, const char *level, int *ioprio,
		       char *msg, size_t size);

/*
 * "rt/0", "be/4", "idle", "none" ("-" for a negative @ioprio: no
 * io_context yet, as get_task_ioprio() says), truncated to @size - 1
 * characters; returns @buf. A value no parser makes ("?4/0") is shown as
 * it is rather than hidden.
 */
const char *shell_ioprio_name(int ioprio, char *buf, size_t size);

#endif
