/*
 * string.h - the kernel's string and memory routines (lib/string.c).
 * Prototypes match the C library's, so the hosted build can include both.
 */
#ifndef _LANTERN_STRING_H
#define _LANTERN_STRING_H

#include "types.h"

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);

/*
 * Kernel-only helpers (not in the C library): copy at most size-1 bytes
 * and always terminate. strscpy returns the length copied or -E2BIG when
 * the source did not fit.
 */
size_t strlcpy(char *dst, const char *src, size_t size);
long strscpy(char *dst, const char *src, size_t size);

#endif
