/*
 * ioprio_args.c - I/O priority classes and levels from and to words
 * (shell_ioprio.h). Portable, host-tested; every input is the user's.
 */
#include "kernel.h"
#include "iocontext.h"
#include "shell_args.h"
#include "shell_ioprio.h"
#include "string.h"

static const struct {
	const char *name, *alias, *num;
	int class;
	bool has_level;
} ioprio_classes[] = {
	{ "rt", "realtime", "1", IOPRIO_CLASS_RT, true },
	{ "be", "best-effort", "2", IOPRIO_CLASS_BE, true },
	{ "idle", NULL, "3", IOPRIO_CLASS_IDLE, false },
	{ "none", NULL, "0", IOPRIO_CLASS_NONE, false },
};

int shell_parse_ioprio(const char *cls, const char *level, int *ioprio,
		       char *msg, size_t size)
{
	unsigned int i;
	u64 lvl = 0;
	int err;

	if (!msg)
		size = 0;
	for (i = 0; i < ARRAY_SIZE(ioprio_classes); i++)
		if (!strcmp(cls, ioprio_classes[i].name) || !strcmp(cls, ioprio_classes[i].num) ||
		    (ioprio_classes[i].alias && !strcmp(cls, ioprio_classes[i].alias)))
			break;
	if (i == ARRAY_SIZE(ioprio_classes)) {
		snprintf(msg, size, "unknown class '%s'; classes: rt be idle none", cls);
		return -EINVAL;
	}
	if (!ioprio_classes[i].has_level) {
		if (level) {
			snprintf(msg, size, "class %s takes no level", ioprio_classes[i].name);
			return -EINVAL;
		}
	} else if (!level) {
		snprintf(msg, size, "class %s needs a level, 0 (first) to 7",
			 ioprio_classes[i].name);
		return -EINVAL;
	} else {
		err = shell_parse_u64(level, &lvl);
		if (err == -EINVAL) {
			snprintf(msg, size, "bad level '%s'", level);
			return -EINVAL;
		}
		if (err || lvl >= IOPRIO_BE_NR) {
			snprintf(msg, size, "level %s is out of range 0-%d", level,
				 IOPRIO_BE_NR - 1);
			return -ERANGE;
		}
	}
	*ioprio = IOPRIO_PRIO_VALUE(ioprio_classes[i].class, (int)lvl);
	return 0;
}

const char *shell_ioprio_name(int ioprio, char *buf, size_t size)
{
	int class = IOPRIO_PRIO_CLASS(ioprio), data = IOPRIO_PRIO_DATA(ioprio);

	if (ioprio < 0)
		snprintf(buf, size, "-");
	else if (class == IOPRIO_CLASS_NONE && !data)
		snprintf(buf, size, "none");
	else if (class == IOPRIO_CLASS_IDLE)
		snprintf(buf, size, "idle");
	else if (class == IOPRIO_CLASS_RT || class == IOPRIO_CLASS_BE)
		snprintf(buf, size, "%s/%d", class == IOPRIO_CLASS_RT ? "rt" : "be", data);
	else
		snprintf(buf, size, "?%d/%d", class, data);
	return buf;
}
