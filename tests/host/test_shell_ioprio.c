/*
 * test_shell_ioprio.c - host tests for shell/ioprio_args.c: every class
 * by each of its names, levels at and past their edges, the sentences a
 * user gets for each mistake, names for ps, and random words, each
 * parsed value checked against what blk-ioc.c's set_task_ioprio()
 * accepts, so the shell can never hand the kernel a priority it refuses.
 */
#include <stdlib.h>
#include "harness.h"
#include "hosted.h"
#include "kernel.h"
#include "iocontext.h"
#include "sched.h"
#include "shell_ioprio.h"

#define SENTINEL	0x5a5a

/* Parse on exact heap copies, so ASan sees any read past a NUL. */
static int parse(const char *cls, const char *level, int *ioprio, char *msg, size_t size)
{
	char *c = strdup(cls), *l = level ? strdup(level) : NULL;
	int err = shell_parse_ioprio(c, l, ioprio, msg, size);

	free(c);
	free(l);
	return err;
}

#define CHECK_OK(cls, level, class, data) do {				\
	int __p = SENTINEL;						\
	CHECK_EQ(parse(cls, level, &__p, NULL, 0), 0);			\
	CHECK_EQ(__p, IOPRIO_PRIO_VALUE(class, data));			\
} while (0)

#define CHECK_ERR(cls, level, err, text) do {				\
	int __p = SENTINEL;						\
	char __m[96] = "";						\
	CHECK_EQ(parse(cls, level, &__p, __m, sizeof(__m)), err);	\
	CHECK_EQ(__p, SENTINEL);					\
	CHECK_STREQ(__m, text);						\
} while (0)

TEST(classes_by_every_name)
{
	CHECK_OK("rt", "0", IOPRIO_CLASS_RT, 0);
	CHECK_OK("realtime", "7", IOPRIO_CLASS_RT, 7);
	CHECK_OK("1", "3", IOPRIO_CLASS_RT, 3);
	CHECK_OK("be", "4", IOPRIO_CLASS_BE, 4);
	CHECK_OK("best-effort", "0x7", IOPRIO_CLASS_BE, 7);
	CHECK_OK("2", "0", IOPRIO_CLASS_BE, 0);
	CHECK_OK("idle", NULL, IOPRIO_CLASS_IDLE, 0);
	CHECK_OK("3", NULL, IOPRIO_CLASS_IDLE, 0);
	CHECK_OK("none", NULL, IOPRIO_CLASS_NONE, 0);
	CHECK_OK("0", NULL, IOPRIO_CLASS_NONE, 0);
}

TEST(mistakes_get_a_sentence)
{
	CHECK_ERR("BE", "4", -EINVAL, "unknown class 'BE'; classes: rt be idle none");
	CHECK_ERR("", "4", -EINVAL, "unknown class ''; classes: rt be idle none");
	CHECK_ERR("4", "4", -EINVAL, "unknown class '4'; classes: rt be idle none");
	CHECK_ERR("01", "4", -EINVAL, "unknown class '01'; classes: rt be idle none");
	CHECK_ERR("be ", "4", -EINVAL, "unknown class 'be '; classes: rt be idle none");
	CHECK_ERR("be", NULL, -EINVAL, "class be needs a level, 0 (first) to 7");
	CHECK_ERR("1", NULL, -EINVAL, "class rt needs a level, 0 (first) to 7");
	CHECK_ERR("idle", "0", -EINVAL, "class idle takes no level");
	CHECK_ERR("0", "", -EINVAL, "class none takes no level");
	CHECK_ERR("be", "8", -ERANGE, "level 8 is out of range 0-7");
	CHECK_ERR("rt", "99999999999999999999999", -ERANGE,
		  "level 99999999999999999999999 is out of range 0-7");
	CHECK_ERR("be", "-1", -EINVAL, "bad level '-1'");
	CHECK_ERR("be", "", -EINVAL, "bad level ''");
	CHECK_ERR("be", "4x", -EINVAL, "bad level '4x'");
}

TEST(message_is_truncated_not_overrun)
{
	char *m = malloc(8);
	int p = SENTINEL;

	CHECK_EQ(shell_parse_ioprio("nosuchclass", NULL, &p, m, 8), -EINVAL);
	CHECK_STREQ(m, "unknown");
	CHECK_EQ(p, SENTINEL);
	free(m);
}

TEST(names_for_ps)
{
	char buf[16];

	CHECK_STREQ(shell_ioprio_name(-ENOENT, buf, sizeof(buf)), "-");
	CHECK_STREQ(shell_ioprio_name(IOPRIO_PRIO_VALUE(IOPRIO_CLASS_NONE, 0), buf, sizeof(buf)), "none");
	CHECK_STREQ(shell_ioprio_name(IOPRIO_PRIO_VALUE(IOPRIO_CLASS_RT, 0), buf, sizeof(buf)), "rt/0");
	CHECK_STREQ(shell_ioprio_name(IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 7), buf, sizeof(buf)), "be/7");
	CHECK_STREQ(shell_ioprio_name(IOPRIO_PRIO_VALUE(IOPRIO_CLASS_IDLE, 0), buf, sizeof(buf)), "idle");
	/* The kernel accepts idle with any level; it means nothing, so not shown. */
	CHECK_STREQ(shell_ioprio_name(IOPRIO_PRIO_VALUE(IOPRIO_CLASS_IDLE, 5), buf, sizeof(buf)), "idle");
	CHECK_STREQ(shell_ioprio_name(IOPRIO_PRIO_VALUE(4, 0), buf, sizeof(buf)), "?4/0");
	CHECK_STREQ(shell_ioprio_name(IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 3), buf, 3), "be");
}

/* Every class and level, and the name ps prints parses back to it. */
TEST(every_value_round_trips_and_the_kernel_takes_it)
{
	static const char *const classes[] = { "rt", "be", "idle", "none" };
	char buf[16], lvl[12];

	hosted_block_boot();	/* set_task_ioprio allocates a context */
	for (unsigned int c = 0; c < ARRAY_SIZE(classes); c++)
		for (int l = -1; l < 10; l++) {
			int p = SENTINEL, q = SENTINEL, err;

			snprintf(lvl, sizeof(lvl), "%d", l);
			err = parse(classes[c], l < 0 ? NULL : lvl, &p, NULL, 0);
			if (err) {
				CHECK_EQ(p, SENTINEL);
				continue;
			}
			CHECK_EQ(set_task_ioprio(current, p), 0);
			shell_ioprio_name(p, buf, sizeof(buf));
			{
				char *slash = strchr(buf, '/');

				if (slash)
					*slash = '\0';
				CHECK_EQ(parse(buf, slash ? slash + 1 : NULL, &q, NULL, 0), 0);
			}
			CHECK_EQ(q, p);
		}
	CHECK(get_task_ioprio(current) >= 0);
	exit_io_context(current);
	CHECK_EQ(get_task_ioprio(current), -ENOENT);
	CHECK_EQ(nr_io_contexts, 0);
}

/* Random words: an error leaves the value alone and says why; else it is valid. */
TEST(random_words)
{
	char cls[8], lvl[8], msg[96];
	unsigned int seed = 12345;

	for (int i = 0; i < 200000; i++) {
		int p = SENTINEL, err;
		size_t nc, nl;

		seed = seed * 1103515245 + 12345;
		nc = (seed >> 8) % sizeof(cls);
		nl = (seed >> 16) % sizeof(lvl);
		for (size_t k = 0; k < nc; k++) {
			seed = seed * 1103515245 + 12345;
			cls[k] = "rtbeidlno0123-x7 \x01\xff"[(seed >> 16) % 20];
		}
		cls[nc] = '\0';
		for (size_t k = 0; k < nl; k++) {
			seed = seed * 1103515245 + 12345;
			lvl[k] = "0123456789x-+ "[(seed >> 16) % 14];
		}
		lvl[nl] = '\0';
		msg[0] = '\0';
		err = parse(cls, (seed & 1) ? lvl : NULL, &p, msg, sizeof(msg));
		if (err) {
			CHECK(err == -EINVAL || err == -ERANGE);
			CHECK_EQ(p, SENTINEL);
			CHECK(msg[0] != '\0');
		} else {
			CHECK(IOPRIO_PRIO_CLASS(p) <= IOPRIO_CLASS_IDLE);
			CHECK(IOPRIO_PRIO_DATA(p) < IOPRIO_BE_NR);
		}
	}
}
