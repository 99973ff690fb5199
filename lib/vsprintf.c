/*
 * vsprintf.c - formatted output into a bounded buffer: the engine under
 * printk, panic and every message that reaches the shell (Linux's
 * lib/vsprintf.c, without its hundred %p extensions).
 *
 * C99 semantics: %d %i %u %x %X %o %c %s %p %% with hh h l ll j z t, the
 * flags - + space # 0, width and precision (also as *). Where C leaves a
 * choice, or the kernel wants something else:
 *   %p    "0x" and lowercase hex, no padding to pointer width; NULL is "0x0"
 *         (glibc prints "(nil)"). Width and flags work as for %#x.
 *   %pS   "name+0xoff/0xsize" from kallsyms, or the bare "0x..." address.
 *   %ps   the symbol name alone, or the bare address.
 *   %s    NULL prints "(null)", cut by the precision like any string.
 *   0     pads numbers only; %s and %c always pad with spaces.
 *   other unknown conversions (%n, %f, ...) are copied to the output as
 *         written and consume no argument: we never store through %n.
 * Widths and precisions saturate at FIELD_MAX, so a runaway format cannot
 * overflow the length we count.
 *
 * Context: any, including IRQ and panic; never sleeps, takes no lock and
 * allocates nothing. Uses no 64-bit division, so the kernel needs no libgcc.
 */
#include "kernel.h"
#include "kallsyms.h"

#define FIELD_MAX	(1 << 24)

/* spec.flags */
#define LEFT		0x01	/* '-' */
#define PLUS		0x02	/* '+' */
#define SPACE		0x04	/* ' ' */
#define SPECIAL		0x08	/* '#' */
#define ZEROPAD		0x10	/* '0' */
#define SIGNED		0x20	/* value is signed: %d %i */
#define UPPER		0x40	/* %X */
#define ALWAYS_0X	0x80	/* %p: the 0x prefix even for zero */

/* spec.qualifier: the length modifier */
enum {
	QUAL_NONE, QUAL_HH, QUAL_H, QUAL_L, QUAL_LL, QUAL_J, QUAL_Z, QUAL_T,
};

struct printf_spec {
	unsigned int flags;
	unsigned int base;
	int qualifier;
	int width;		/* -1: none */
	int precision;		/* -1: none */
};

/*
 * The output cursor. @len counts every character the format produces, so
 * the return value is right even when @buf is too small (or NULL with
 * size 0); only the first size-1 characters are stored.
 */
struct printf_out {
	char *buf;
	size_t size;
	size_t len;
};

static void out_char(struct printf_out *out, char c)
{
	if (out->len + 1 < out->size)
		out->buf[out->len] = c;
	out->len++;
}

static void out_repeat(struct printf_out *out, char c, int n)
{
	while (n-- > 0)
		out_char(out, c);
}

static void out_mem(struct printf_out *out, const char *s, size_t n)
{
	while (n--)
		out_char(out, *s++);
}

/*
 * Divide *n by @base in place and return the remainder. i686 has no 64-bit
 * divide, so a plain '/' on u64 would call libgcc's __udivdi3, which the
 * kernel does not link. Powers of two are shifts; other bases are long
 * division on 16-bit digits, where each partial dividend stays below
 * base << 16 and so fits one 32-bit divide (base must be below 65536).
 */
static unsigned int div_base(u64 *n, unsigned int base)
{
	u64 quot = 0;
	u32 rem = 0;
	int shift;

	if (is_power_of_2(base)) {
		rem = (u32)*n & (base - 1);
		*n >>= __builtin_ctz(base);
		return rem;
	}
	if (*n >> 32 == 0) {
		u32 v = (u32)*n;

		*n = v / base;
		return v % base;
	}
	for (shift = 48; shift >= 0; shift -= 16) {
		u32 cur = rem << 16 | (u32)(*n >> shift & 0xffff);

		quot |= (u64)(cur / base) << shift;
		rem = cur % base;
	}
	*n = quot;
	return rem;
}

/*
 * One integer conversion, laid out as C99 7.19.6.1 says:
 *   [spaces] [sign or 0x] [zeros] digits [spaces]
 * where precision sets the minimum digit count and the 0 flag (without
 * '-' or a precision) widens the zeros to fill the field.
 */
static void put_number(struct printf_out *out, u64 num,
		       const struct printf_spec *spec)
{
	const char *digits = spec->flags & UPPER ? "0123456789ABCDEF"
						 : "0123456789abcdef";
	char tmp[24];		/* 22 octal digits hold 2^64 - 1 */
	char prefix[2];
	int ndigits = 0, nprefix = 0, zeros, total;

	if (spec->flags & SIGNED) {
		if ((s64)num < 0) {
			prefix[nprefix++] = '-';
			num = -num;	/* unsigned, so right for S64_MIN too */
		} else if (spec->flags & PLUS) {
			prefix[nprefix++] = '+';
		} else if (spec->flags & SPACE) {
			prefix[nprefix++] = ' ';
		}
	}
	if (spec->base == 16 &&
	    ((spec->flags & ALWAYS_0X) || (spec->flags & SPECIAL && num))) {
		prefix[nprefix++] = '0';
		prefix[nprefix++] = spec->flags & UPPER ? 'X' : 'x';
	}

	/* "%.0d" of zero prints no digits at all. */
	while (num || (ndigits == 0 && spec->precision != 0))
		tmp[ndigits++] = digits[div_base(&num, spec->base)];

	zeros = spec->precision > ndigits ? spec->precision - ndigits : 0;
	/* "%#o" guarantees a leading zero, even for "%#.0o" of zero. */
	if (spec->base == 8 && spec->flags & SPECIAL && zeros == 0 &&
	    (ndigits == 0 || tmp[ndigits - 1] != '0'))
		zeros = 1;

	total = nprefix + zeros + ndigits;
	if ((spec->flags & (ZEROPAD | LEFT)) == ZEROPAD &&
	    spec->precision < 0 && spec->width > total) {
		zeros += spec->width - total;
		total = spec->width;
	}

	if (!(spec->flags & LEFT))
		out_repeat(out, ' ', spec->width - total);
	out_mem(out, prefix, nprefix);
	out_repeat(out, '0', zeros);
	while (ndigits)
		out_char(out, tmp[--ndigits]);
	if (spec->flags & LEFT)
		out_repeat(out, ' ', spec->width - total);
}

/* A field of @len bytes from @s, space-padded to the width. */
static void put_field(struct printf_out *out, const char *s, int len,
		      const struct printf_spec *spec)
{
	if (!(spec->flags & LEFT))
		out_repeat(out, ' ', spec->width - len);
	out_mem(out, s, len);
	if (spec->flags & LEFT)
		out_repeat(out, ' ', spec->width - len);
}

/*
 * %s: reads at most precision bytes, so a precision makes an unterminated
 * buffer safe to print.
 */
static void put_string(struct printf_out *out, const char *s,
		       const struct printf_spec *spec)
{
	int len = 0;

	if (!s)
		s = "(null)";
	while ((spec->precision < 0 || len < spec->precision) && s[len])
		len++;
	put_field(out, s, len, spec);
}

/*
 * %p and its extensions. Returns how many extension characters after the
 * 'p' it consumed; an unknown letter stays in the format as plain text.
 */
static int put_pointer(struct printf_out *out, const char *ext, void *ptr,
		       struct printf_spec *spec)
{
	unsigned long addr = (unsigned long)ptr;
	char sym[KSYM_SYMBOL_LEN];
	unsigned long size, offset;
	const char *name;

	switch (*ext) {
	case 'S':
		sprint_symbol(sym, sizeof(sym), addr);
		put_string(out, sym, spec);
		return 1;
	case 's':
		name = kallsyms_lookup(addr, &size, &offset);
		if (!name) {
			scnprintf(sym, sizeof(sym), "0x%lx", addr);
			name = sym;
		}
		put_string(out, name, spec);
		return 1;
	}
	spec->base = 16;
	spec->flags = (spec->flags & ~(SIGNED | UPPER)) | ALWAYS_0X;
	put_number(out, addr, spec);
	return 0;
}

/* Fetch an integer argument of the width the length modifier names. */
static u64 fetch_integer(va_list *ap, const struct printf_spec *spec)
{
	bool sgn = spec->flags & SIGNED;

	/* Sign-extend signed values so put_number sees them as s64. */
	switch (spec->qualifier) {
	case QUAL_HH:
		return sgn ? (u64)(s64)(signed char)va_arg(*ap, int)
			   : (unsigned char)va_arg(*ap, int);
	case QUAL_H:
		return sgn ? (u64)(s64)(short)va_arg(*ap, int)
			   : (unsigned short)va_arg(*ap, int);
	case QUAL_L:
		return sgn ? (u64)(s64)va_arg(*ap, long)
			   : va_arg(*ap, unsigned long);
	case QUAL_LL:
	case QUAL_J:	/* intmax_t is long long on every target we build */
		return va_arg(*ap, unsigned long long);
	case QUAL_Z:
		return sgn ? (u64)(s64)(ptrdiff_t)va_arg(*ap, size_t)
			   : va_arg(*ap, size_t);
	case QUAL_T:
		return sgn ? (u64)(s64)va_arg(*ap, ptrdiff_t)
			   : (size_t)va_arg(*ap, ptrdiff_t);
	default:
		return sgn ? (u64)(s64)va_arg(*ap, int)
			   : va_arg(*ap, unsigned int);
	}
}

/* A decimal field width or precision; saturates instead of overflowing. */
static int parse_field(const char **fmt)
{
	int n = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		n = n * 10 + (*(*fmt)++ - '0');
		if (n > FIELD_MAX)
			n = FIELD_MAX;
	}
	return n;
}

/*
 * Parse flags, width, precision and length modifier of the directive whose
 * '%' is just behind *fmt; leaves *fmt on the conversion character.
 */
static void parse_spec(const char **fmt, va_list *ap, struct printf_spec *spec)
{
	const char *p = *fmt;

	spec->flags = 0;
	spec->width = -1;
	spec->precision = -1;
	spec->qualifier = QUAL_NONE;

	for (;; p++) {
		if (*p == '-')
			spec->flags |= LEFT;
		else if (*p == '+')
			spec->flags |= PLUS;
		else if (*p == ' ')
			spec->flags |= SPACE;
		else if (*p == '#')
			spec->flags |= SPECIAL;
		else if (*p == '0')
			spec->flags |= ZEROPAD;
		else
			break;
	}

	if (*p == '*') {
		/* A negative width argument means '-' and its magnitude. */
		int w = va_arg(*ap, int);

		p++;
		if (w < 0) {
			spec->flags |= LEFT;
			w = w < -FIELD_MAX ? FIELD_MAX : -w;
		}
		spec->width = min(w, FIELD_MAX);
	} else if (*p >= '0' && *p <= '9') {
		spec->width = parse_field(&p);
	}

	if (*p == '.') {
		p++;
		if (*p == '*') {
			/* A negative precision argument means none. */
			int prec = va_arg(*ap, int);

			p++;
			spec->precision = prec < 0 ? -1 : min(prec, FIELD_MAX);
		} else {
			spec->precision = parse_field(&p);
		}
	}

	switch (*p) {
	case 'h':
		spec->qualifier = p[1] == 'h' ? QUAL_HH : QUAL_H;
		p += p[1] == 'h' ? 2 : 1;
		break;
	case 'l':
		spec->qualifier = p[1] == 'l' ? QUAL_LL : QUAL_L;
		p += p[1] == 'l' ? 2 : 1;
		break;
	case 'j':
		spec->qualifier = QUAL_J;
		p++;
		break;
	case 'z':
		spec->qualifier = QUAL_Z;
		p++;
		break;
	case 't':
		spec->qualifier = QUAL_T;
		p++;
		break;
	}
	*fmt = p;
}

/**
 * vsnprintf - format into @buf, storing at most @size bytes
 *
 * Returns the length the whole output would have (without the NUL), as in
 * C99, even when it did not fit. @buf is always NUL-terminated when @size
 * is nonzero; with @size 0 nothing is stored and @buf may be NULL.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct printf_out out = { .buf = buf, .size = size, .len = 0 };
	struct printf_spec spec;
	va_list ap;

	/* A copy, so helpers can take va_arg through a pointer portably. */
	va_copy(ap, args);
	while (*fmt) {
		const char *start = fmt;

		if (*fmt != '%') {
			out_char(&out, *fmt++);
			continue;
		}
		fmt++;
		parse_spec(&fmt, &ap, &spec);

		switch (*fmt) {
		case 'd':
		case 'i':
			spec.flags |= SIGNED;
			/* fall through */
		case 'u':
			spec.base = 10;
			put_number(&out, fetch_integer(&ap, &spec), &spec);
			break;
		case 'X':
			spec.flags |= UPPER;
			/* fall through */
		case 'x':
			spec.base = 16;
			put_number(&out, fetch_integer(&ap, &spec), &spec);
			break;
		case 'o':
			spec.base = 8;
			put_number(&out, fetch_integer(&ap, &spec), &spec);
			break;
		case 'c': {
			/* Not put_string: "%c" of 0 still prints the NUL. */
			char c = (char)va_arg(ap, int);

			put_field(&out, &c, 1, &spec);
			break;
		}
		case 's':
			put_string(&out, va_arg(ap, const char *), &spec);
			break;
		case 'p':
			fmt += put_pointer(&out, fmt + 1, va_arg(ap, void *),
					   &spec);
			break;
		case '%':
			out_char(&out, '%');
			break;
		case '\0':
			/* A lone '%' ends the format: print it as is. */
			out_mem(&out, start, fmt - start);
			continue;
		default:
			out_mem(&out, start, fmt + 1 - start);
			break;
		}
		fmt++;
	}
	va_end(ap);

	if (size)
		buf[min(out.len, size - 1)] = '\0';
	return out.len > (size_t)__INT_MAX__ ? __INT_MAX__ : (int)out.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vsnprintf(buf, size, fmt, args);
	va_end(args);
	return len;
}

/**
 * vscnprintf - like vsnprintf, but returns what was actually stored
 *
 * Returns the number of characters written to @buf, not counting the NUL:
 * 0 when @size is 0, at most @size - 1. Made for "pos += scnprintf(buf +
 * pos, size - pos, ...)" chains that must never run past the end.
 */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	int len = vsnprintf(buf, size, fmt, args);

	if (size == 0)
		return 0;
	return (size_t)len < size ? len : (int)(size - 1);
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vscnprintf(buf, size, fmt, args);
	va_end(args);
	return len;
}

/**
 * sprint_symbol - describe a code address for a backtrace or %pS
 *
 * Writes "name+0xoff/0xsize", or "0x<addr>" when @addr is not in the
 * kernel's text, and returns the length stored (scnprintf rules). Any
 * context; kallsyms_lookup takes no lock.
 */
int sprint_symbol(char *buf, size_t len, unsigned long addr)
{
	unsigned long size, offset;
	const char *name = kallsyms_lookup(addr, &size, &offset);

	if (!name)
		return scnprintf(buf, len, "0x%lx", addr);
	return scnprintf(buf, len, "%s+0x%lx/0x%lx", name, offset, size);
}
