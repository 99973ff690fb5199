/*
 * test_string.c - lib/string.c, the kernel's own memset and friends. The
 * hosted build uses the C library's, so the kernel's are compiled in here
 * under other names and checked against the C library's results.
 */
#define memcpy	lantern_memcpy
#define memmove	lantern_memmove
#define memset	lantern_memset
#define memcmp	lantern_memcmp
#define memchr	lantern_memchr
#define strlen	lantern_strlen
#define strnlen	lantern_strnlen
#define strcmp	lantern_strcmp
#define strncmp	lantern_strncmp
#define strchr	lantern_strchr
#define strrchr	lantern_strrchr
#define strstr	lantern_strstr
#define strlcpy	lantern_strlcpy
#define strscpy	lantern_strscpy
#include "../../lib/string.c"
#undef memcpy
#undef memmove
#undef memset
#undef memcmp
#undef memchr
#undef strlen
#undef strnlen
#undef strcmp
#undef strncmp
#undef strchr
#undef strrchr
#undef strstr
#undef strlcpy
#undef strscpy
#include <string.h>
#include "harness.h"

/*
 * Every start alignment and length up to a few words past the word-sized
 * middle, and a fill byte with its top bit set (sign extension would show):
 * exactly the asked bytes change, and the return value is the start.
 */
TEST(memset_fills_exactly_the_range_at_any_alignment)
{
	static unsigned char buf[96], want[96];

	for (size_t start = 0; start < 2 * sizeof(long); start++) {
		for (size_t n = 0; n + start <= 64; n++) {
			memset(buf, 0x11, sizeof(buf));
			memset(want, 0x11, sizeof(want));
			memset(want + start, 0xa5, n);
			CHECK(lantern_memset(buf + start, 0xa5, n) == buf + start);
			CHECK_EQ(memcmp(buf, want, sizeof(buf)), 0);
		}
	}
}

/* Only the low byte of @c counts, as in C. */
TEST(memset_uses_the_low_byte_of_c)
{
	unsigned char buf[40];

	lantern_memset(buf, 0x16b, sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		CHECK_EQ(buf[i], 0x6b);
	lantern_memset(buf, -1, sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		CHECK_EQ(buf[i], 0xff);
}
