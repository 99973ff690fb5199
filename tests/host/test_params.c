/*
 * test_params.c - the kernel command-line parser (kernel/params.c):
 * quoting, flags vs. values, unknown words, rejected values.
 */
#include "harness.h"
#include "kernel.h"
#include "init.h"
#include "console.h"

static char seen_value[64];
static int calls, flag_calls;

static int test_value_setup(char *val)
{
	calls++;
	snprintf(seen_value, sizeof(seen_value), "%s", val);
	return strcmp(val, "bad") == 0 ? -EINVAL : 0;
}
__setup("testval=", test_value_setup);

static int test_flag_setup(char *val)
{
	flag_calls++;
	return val ? -EINVAL : 0;
}
__setup("testflag", test_flag_setup);

static void reset(void)
{
	calls = flag_calls = 0;
	seen_value[0] = '\0';
}

TEST(value_is_passed)
{
	char line[] = "testval=hello";

	reset();
	CHECK_EQ(parse_kernel_params(line), 0);
	CHECK_EQ(calls, 1);
	CHECK_STREQ(seen_value, "hello");
}

TEST(quoted_value_keeps_spaces)
{
	char line[] = "  testval=\"a b  c\"   testflag ";

	reset();
	CHECK_EQ(parse_kernel_params(line), 0);
	CHECK_STREQ(seen_value, "a b  c");
	CHECK_EQ(flag_calls, 1);
}

TEST(unknown_words_counted_not_fatal)
{
	char line[] = "foo bar=1 testval=x baz";

	reset();
	CHECK_EQ(parse_kernel_params(line), 3);
	CHECK_STREQ(seen_value, "x");
}

TEST(rejected_value_counted)
{
	char line[] = "testval=bad testflag=1";

	reset();
	CHECK_EQ(parse_kernel_params(line), 2);
	CHECK_EQ(calls, 1);
	CHECK_EQ(flag_calls, 1);
}

TEST(value_param_without_value_refused)
{
	char line[] = "testval";

	reset();
	CHECK_EQ(parse_kernel_params(line), 1);
	CHECK_EQ(calls, 0);
}

TEST(prefix_of_a_name_does_not_match)
{
	char line[] = "testva=1 testvalue=2 testflagx";

	reset();
	CHECK_EQ(parse_kernel_params(line), 3);
	CHECK_EQ(calls + flag_calls, 0);
	CHECK(find_kernel_param("testval", 7) != NULL);
	CHECK(find_kernel_param("testva", 6) == NULL);
}

TEST(empty_and_blank_lines)
{
	char empty[] = "", blank[] = " \t \n ";

	reset();
	CHECK_EQ(parse_kernel_params(empty), 0);
	CHECK_EQ(parse_kernel_params(blank), 0);
	CHECK_EQ(calls + flag_calls, 0);
}

TEST(unterminated_quote_takes_rest_of_line)
{
	char line[] = "testval=\"open quote testflag";

	reset();
	CHECK_EQ(parse_kernel_params(line), 0);
	CHECK_STREQ(seen_value, "open quote testflag");
	CHECK_EQ(flag_calls, 0);
}

TEST(builtin_loglevel_range_checked)
{
	char ok[] = "loglevel=3", bad[] = "loglevel=9", junk[] = "loglevel=3x";

	CHECK_EQ(parse_kernel_params(ok), 0);
	CHECK_EQ(console_loglevel, 3);
	CHECK_EQ(parse_kernel_params(bad), 1);
	CHECK_EQ(parse_kernel_params(junk), 1);
	CHECK_EQ(console_loglevel, 3);
}
