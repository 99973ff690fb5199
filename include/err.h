/*
 * err.h - pointers that carry an error (Linux's include/linux/err.h).
 * The top 4095 addresses are never valid objects, so -errno fits there.
 */
#ifndef _LANTERN_ERR_H
#define _LANTERN_ERR_H

#include "compiler.h"
#include "types.h"

#define MAX_ERRNO	4095
#define IS_ERR_VALUE(x)	unlikely((uintptr_t)(x) >= (uintptr_t)-MAX_ERRNO)

static inline void *ERR_PTR(long error) { return (void *)error; }
static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline bool IS_ERR(const void *ptr) { return IS_ERR_VALUE(ptr); }
static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return !ptr || IS_ERR_VALUE(ptr);
}

#endif
