/*
 * shell_args.h - what the shell's commands do with their words
 * (shell/args.c): split a line, parse numbers, sizes and data patterns,
 * check a sector range against a device, print a size.
 *
 * Everything here is portable (no include/asm/), so it is tested on the
 * host under ASan/UBSan with every malformed input we could think of: the
 * user types these strings, and nothing they type may crash the kernel.
 *
 * Errors are negative errnos and leave every output untouched:
 *   -EINVAL  not of the right form ("12x", "", "-1", an unterminated quote)
 *   -ERANGE  of the right form but too big (or a range past the device)
 *   -E2BIG   too many words, or a pattern string too long
 */
#ifndef _LANTERN_SHELL_ARGS_H
#define _LANTERN_SHELL_ARGS_H

#include "types.h"

/*
 * Split @line in place into words; argv[i] point into @line.
 * Spaces and tabs separate words. Double quotes group: "a b" is one word,
 * the quotes removed; inside quotes \" and \\ stand for " and \ (any other
 * backslash is kept as is, and outside quotes a backslash is an ordinary
 * character). Quoted and unquoted parts join into one word: x"y z" is
 * "xy z". "" is an empty word.
 *
 * Returns the number of words (0 for an empty or blank line), with
 * argv[argc] = NULL; -E2BIG if there are more than @max - 1 words; -EINVAL
 * for an unterminated quote or @max < 1. On error @line and argv[] hold
 * garbage.
 */
int shell_split(char *line, char **argv, int max);

/*
 * Numbers: decimal ("4096", "010" is ten, never octal) or hex after
 * 0x/0X ("0x1000"). No sign, spaces, dots or trailing newline.
 * -ERANGE past 2^64 - 1.
 */
int shell_parse_u64(const char *s, u64 *v);

/*
 * Options of the form KEY=VALUE (dd's "bs=4k", bench's "qd=8"): if @word
 * is @key followed by '=', the VALUE after it (possibly ""); else NULL.
 * "bs" is not "bs=" and "b=4k" is not "bs".
 */
const char *shell_key_value(const char *word, const char *key);

/*
 * Sizes: a number as above with at most one binary suffix letter:
 * k/K (2^10), m/M (2^20), g/G (2^30). "0x10k" is 16 KiB. Nothing else:
 * no "KiB", "kB", "b", fractions ("1.5M" is -EINVAL); -ERANGE if the
 * product does not fit 64 bits ("16777216G" is 2^64).
 */
int shell_parse_size(const char *s, u64 *v);

/*
 * Data patterns for write and verify, parsed from one word:
 *   "0xAA", "170"  PAT_BYTE    every byte the same (-ERANGE above 255).
 *                              A word starting with a digit is always a
 *                              number: "12ab" is -EINVAL, not a string.
 *   "inc"          PAT_INC     0, 1, ... 255, 0, 1, ... from the start of
 *                              the operation
 *   "seed:N"       PAT_SEED    xorshift32 from N (0 means 0x9e3779b9, as
 *                              xorshift of 0 stays 0): x ^= x << 13;
 *                              x ^= x >> 17; x ^= x << 5; each new x stored
 *                              as a little-endian u32, the first one after
 *                              one step. The same bytes as
 *                              tests/kernel/disks_test.c and
 *                              tests/qemu/diskimg.py, so the host can
 *                              check an image. N is a u32 (-ERANGE above).
 *   anything else  PAT_STRING  the word repeated; 1..63 bytes (empty is
 *                              -EINVAL, longer is -E2BIG). The splitter has
 *                              already removed quotes: write sda 0 1 "hi"
 *                              arrives here as hi.
 */
struct shell_pattern {
	enum { PAT_BYTE, PAT_INC, PAT_SEED, PAT_STRING } kind;
	u8 byte;		/* PAT_BYTE */
	u32 seed;		/* PAT_SEED: N as typed (0 is kept as 0) */
	char str[64];		/* PAT_STRING, NUL-terminated */
	size_t len;		/* PAT_STRING: strlen(str) */
};

int shell_parse_pattern(const char *s, struct shell_pattern *p);

/*
 * The pattern's bytes come out of a cursor, in order: init at the start of
 * the operation, then fill() chunk after chunk, each call going on where
 * the last stopped. Any way of cutting the operation into chunks (odd
 * sizes included) gives the same bytes. A cursor rather than a fill at an
 * offset because reaching word N of xorshift32 takes N steps: sequential
 * fills cost O(len), fills at offsets would cost O(offset) each.
 *
 * The cursor holds a copy of the pattern, so the pattern may go away.
 * verify uses a second cursor on the same pattern for what it expects.
 */
struct shell_pattern_cursor {
	struct shell_pattern pat;
	u64 pos;		/* bytes produced so far */
	u32 word;		/* PAT_SEED: the word holding byte pos */
	size_t idx;		/* PAT_STRING: index of byte pos in str */
};

void shell_pattern_init(struct shell_pattern_cursor *c, const struct shell_pattern *p);
void shell_pattern_fill(struct shell_pattern_cursor *c, void *buf, size_t len);

/*
 * The pattern as the user would type it, for messages: "0xaa", "inc",
 * "seed:7", "\"hello\"" (with \" and \\ escaped, control and non-ASCII bytes
 * shown as '.'). Truncated to @size - 1 characters; returns @buf.
 */
const char *shell_pattern_name(const struct shell_pattern *p, char *buf, size_t size);

/*
 * Is [lba, lba + count) inside a device of @capacity sectors, and count
 * > 0? 0 if so; else -EINVAL (count 0) or -ERANGE, with a sentence in
 * @msg for the user, e.g. "LBA 5000 + 10 sectors is past the end of the
 * device (4096 sectors, 2 MiB)"; the caller puts the device name before
 * it. Never wraps: lba + count beyond 2^64 is past any end.
 * @msg may be NULL.
 */
int shell_check_range(u64 lba, u64 count, u64 capacity, char *msg, size_t size);

/*
 * A byte count in binary units for lsblk: "512 B", "4 KiB", "64 MiB",
 * "200 GiB", and one decimal when not whole: "1.5 GiB". The decimal is
 * cut, never rounded up, so a size is never overstated ("1.9 GiB" for
 * 1.99 GiB; "1.0 GiB" is a little more than 1 GiB).
 */
void shell_format_size(u64 bytes, char *buf, size_t size);

#endif
