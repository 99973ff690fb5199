/*
 * harness.c - runs every registered TEST in registration order and prints
 * one pass/FAIL line each. Exit status is non-zero if any test failed.
 * An optional argument runs only the tests whose name contains it.
 */
#include <stdarg.h>
#include <stdlib.h>
#include "harness.h"

struct test_case {
	const char *name;
	const char *file;
	test_fn fn;
};

static struct test_case tests[256];
static int nr_tests;
static int current_failures;

void harness_register(const char *name, test_fn fn, const char *file)
{
	if (nr_tests == (int)(sizeof(tests) / sizeof(tests[0]))) {
		fprintf(stderr, "harness: too many tests\n");
		exit(2);
	}
	tests[nr_tests++] = (struct test_case){ name, file, fn };
}

void harness_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stdout, "    %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	current_failures++;
}

/* "tests/host/test_page_alloc.c" -> "page_alloc"; "buddy_split" -> "buddy-split". */
static void print_name(const char *file, const char *name)
{
	const char *base = strrchr(file, '/');

	base = base ? base + 1 : file;
	if (strncmp(base, "test_", 5) == 0)
		base += 5;
	printf("host/");
	for (; *base && *base != '.'; base++)
		putchar(*base == '_' ? '-' : *base);
	putchar('/');
	for (; *name; name++)
		putchar(*name == '_' ? '-' : *name);
	putchar('\n');
}

int main(int argc, char **argv)
{
	int failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 0; i < nr_tests; i++) {
		if (argc > 1 && !strstr(tests[i].name, argv[1]))
			continue;
		current_failures = 0;
		tests[i].fn();
		printf(current_failures ? "FAIL: " : "pass: ");
		print_name(tests[i].file, tests[i].name);
		failed += current_failures != 0;
	}
	return failed ? 1 : 0;
}
