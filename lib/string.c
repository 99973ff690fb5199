/*
 * string.c - the memory and string routines the kernel links instead of a
 * C library (Linux's lib/string.c, without the per-arch assembly).
 *
 * Plain byte loops: simple to check, fast enough for sector-sized copies.
 * The host test build leaves this file out, because libc provides the
 * same functions there; strlcpy/strscpy are the kernel-only extras.
 *
 * GCC can turn a loop that looks like memset or memcpy into a call to that
 * function, even with -ffreestanding; inside memset itself that would be
 * endless recursion. GCC 12 spots the case, older ones did not, so those
 * loops are compiled with the transformation off.
 *
 * Context: any; nothing here sleeps or locks.
 */
#include "kernel.h"
#include "string.h"

#define __no_libcall_loops \
	__attribute__((optimize("no-tree-loop-distribute-patterns")))

__no_libcall_loops void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

/* Copies forward or backward so an overlapping source is read first. */
__no_libcall_loops void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s) {
		while (n--)
			*d++ = *s++;
	} else {
		d += n;
		s += n;
		while (n--)
			*--d = *--s;
	}
	return dst;
}

/*
 * Whole aligned words in the middle: the slab poisons every object it
 * frees with memset, and a 1 MiB bio's vector array alone is 3 KiB, so a
 * byte at a time cost thousands of instructions per bio. (The kernel is
 * built with -fno-strict-aliasing, which makes the word stores plain C.)
 */
__no_libcall_loops void *memset(void *s, int c, size_t n)
{
	unsigned char *p = s;
	unsigned long word = (unsigned char)c * (~0UL / 0xff);	/* c in every byte */

	for (; n && ((uintptr_t)p & (sizeof(long) - 1)); n--)
		*p++ = (unsigned char)c;
	for (; n >= sizeof(long); n -= sizeof(long), p += sizeof(long))
		*(unsigned long *)p = word;
	while (n--)
		*p++ = (unsigned char)c;
	return s;
}

/* Bytes compare as unsigned char, as C requires. */
int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x - *y;
	}
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++) {
		if (*p == (unsigned char)c)
			return (void *)p;
	}
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

/* Never reads s[max], so it is safe on a buffer that is not terminated. */
size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	while (*x && *x == *y) {
		x++;
		y++;
	}
	return *x - *y;
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	for (; n; n--, x++, y++) {
		if (*x != *y || !*x)
			return *x - *y;
	}
	return 0;
}

/* strchr(s, '\0') finds the terminator, as C specifies. */
char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

/* An empty needle matches at the start, as C specifies. */
char *strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	for (; *haystack; haystack++) {
		if (strncmp(haystack, needle, n) == 0)
			return (char *)haystack;
	}
	return n == 0 ? (char *)haystack : NULL;
}

/*
 * Copy at most size-1 bytes and terminate when size > 0. Returns
 * strlen(src), so "ret >= size" tells the caller it was cut; that means
 * reading all of src, which is why new code should prefer strscpy.
 */
size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = min(len, size - 1);

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

/*
 * Copy at most size-1 bytes and terminate when size > 0, reading no more
 * of src than fits. Returns the length copied, or -E2BIG when src was cut
 * (including when size is 0).
 */
long strscpy(char *dst, const char *src, size_t size)
{
	size_t n;

	if (size == 0)
		return -E2BIG;
	for (n = 0; n < size - 1 && src[n]; n++)
		dst[n] = src[n];
	dst[n] = '\0';
	return src[n] ? -E2BIG : (long)n;
}
