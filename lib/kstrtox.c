/*
 * kstrtox.c - strict string to integer conversion for everything a user
 * types: kernel parameters, shell arguments, tunables (Linux's
 * lib/kstrtox.c).
 *
 * Strict means the whole string must be one number: an optional '+' (or
 * '-' for the signed variants), digits, and at most one trailing newline
 * (so a value written with echo parses). Spaces, junk and empty strings
 * are -EINVAL; a value that does not fit is -ERANGE. On error *res is left
 * untouched.
 *
 * Base 0 picks 16 for "0x"/"0X", 8 for a leading "0", 10 otherwise; base 16
 * also accepts the "0x" prefix. Bases other than 0 and 2..16 are -EINVAL
 * (Linux does not check them).
 *
 * Context: any; never sleeps. Uses no 64-bit division (no libgcc on i686).
 */
#include "kernel.h"

static int kstrtox_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;		/* ASCII lowercase; leaves digits alone */
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return 16;		/* above every base we accept */
}

/* Resolve base 0 and step over a "0x" prefix where the base allows it. */
static const char *kstrtox_radix(const char *s, unsigned int *base)
{
	bool hex_prefix = s[0] == '0' && (s[1] | 0x20) == 'x';

	if (*base == 0) {
		if (hex_prefix && kstrtox_digit(s[2]) < 16)
			*base = 16;
		else if (s[0] == '0')
			*base = 8;
		else
			*base = 10;
	}
	if (*base == 16 && hex_prefix)
		s += 2;
	return s;
}

/*
 * The unsigned magnitude at @s, without any sign. As in Linux, overflow is
 * reported before junk: "99999999999999999999x" is -ERANGE.
 */
static int kstrtox_parse(const char *s, unsigned int base, u64 *res)
{
	const char *digits;
	bool overflow = false;
	u64 val = 0;

	if (base == 1 || base > 16)
		return -EINVAL;
	s = kstrtox_radix(s, &base);
	for (digits = s; kstrtox_digit(*s) < (int)base; s++) {
		/* Inline mul/add with carry checks: no libgcc call. */
		if (__builtin_mul_overflow(val, base, &val) ||
		    __builtin_add_overflow(val, kstrtox_digit(*s), &val))
			overflow = true;
	}
	if (overflow)
		return -ERANGE;
	if (s == digits)
		return -EINVAL;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = val;
	return 0;
}

/**
 * kstrtoull - parse an unsigned long long
 * @s: the string, with an optional '+' and one optional trailing newline
 * @base: 0 (auto-detect) or 2..16
 * @res: the result, written only on success
 *
 * Returns 0, -EINVAL for a malformed string or base, -ERANGE on overflow.
 */
int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	u64 val;
	int err;

	if (s[0] == '+')
		s++;
	err = kstrtox_parse(s, base, &val);
	if (err)
		return err;
	*res = val;
	return 0;
}

/* kstrtoull, but -ERANGE when the value does not fit a long (i686: 32 bits). */
int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long long val;
	int err = kstrtoull(s, base, &val);

	if (err)
		return err;
	if (val != (unsigned long)val)
		return -ERANGE;
	*res = val;
	return 0;
}

/* Signed: a leading '-' or '+', then the magnitude must fit an int. */
int kstrtoint(const char *s, unsigned int base, int *res)
{
	bool neg = s[0] == '-';
	u64 mag;
	int err;

	if (s[0] == '-' || s[0] == '+')
		s++;
	err = kstrtox_parse(s, base, &mag);
	if (err)
		return err;
	/* INT_MIN's magnitude is one more than INT_MAX. */
	if (mag > (u64)__INT_MAX__ + neg)
		return -ERANGE;
	*res = neg ? (int)(0u - (unsigned int)mag) : (int)mag;
	return 0;
}
