/*
 * params.c - the kernel command line (Linux's kernel/params.c and the
 * __setup walk in init/main.c). Portable: host-tested.
 *
 * Words are separated by spaces; a value may be double-quoted to hold
 * spaces (console="a b"). Each word is matched against the lt_params
 * table that __setup() fills at link time. A bad value or an unknown word
 * is reported in one line and skipped: a typo on the command line must not
 * cost the user their boot.
 */
#include "kernel.h"
#include "init.h"
#include "string.h"

char boot_command_line[COMMAND_LINE_SIZE];

extern const struct kernel_param __start_lt_params[];
extern const struct kernel_param __stop_lt_params[];

/*
 * Find the handler for the word whose name is @name[0..len). A "name="
 * entry matches only words with a value, a bare "name" entry only flags.
 */
const struct kernel_param *find_kernel_param(const char *name, size_t len)
{
	const struct kernel_param *p;

	for (p = __start_lt_params; p < __stop_lt_params; p++) {
		size_t n = strlen(p->str);

		if (n && p->str[n - 1] == '=')
			n--;
		if (n == len && strncmp(p->str, name, len) == 0)
			return p;
	}
	return NULL;
}

/*
 * Cut the next word off *@s in place, removing the quotes around a value.
 * Returns NULL at the end of the line.
 */
static char *next_word(char **s)
{
	char *p = *s, *word, *out;
	bool quoted = false;

	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	if (!*p)
		return NULL;
	word = out = p;
	for (; *p; p++) {
		if (*p == '"') {
			quoted = !quoted;
			continue;
		}
		if (!quoted && (*p == ' ' || *p == '\t' || *p == '\n')) {
			p++;
			break;
		}
		*out++ = *p;
	}
	/* Leave p past the word's terminator before writing a NUL there. */
	*s = p;
	*out = '\0';
	return word;
}

int parse_kernel_params(char *cmdline)
{
	char unknown[COMMAND_LINE_SIZE];
	size_t ulen = 0;
	int bad = 0;
	char *word;

	unknown[0] = '\0';
	while ((word = next_word(&cmdline)) != NULL) {
		char *eq = strchr(word, '=');
		size_t nlen = eq ? (size_t)(eq - word) : strlen(word);
		const struct kernel_param *p = find_kernel_param(word, nlen);
		bool wants_value;
		int err;

		if (!p) {
			ulen += scnprintf(unknown + ulen, sizeof(unknown) - ulen,
					  "%s%s", ulen ? " " : "", word);
			bad++;
			continue;
		}
		wants_value = p->str[strlen(p->str) - 1] == '=';
		if (wants_value && !eq) {
			pr_warn("Kernel parameter '%s' needs a value: %s<value>\n",
				word, p->str);
			bad++;
			continue;
		}
		err = p->setup(eq ? eq + 1 : NULL);
		if (err) {
			pr_warn("Kernel parameter '%s': invalid value (error %d), ignored\n",
				word, err);
			bad++;
		}
	}
	if (ulen)
		pr_warn("Unknown kernel command line parameters \"%s\", will be ignored\n",
			unknown);
	return bad;
}

extern const struct initcall __start_lt_initcalls[];
extern const struct initcall __stop_lt_initcalls[];

/* One pass over the table per level: it has a dozen entries, not worth sorting. */
void do_initcalls(void)
{
	for (int level = 0; level < NR_INITCALL_LEVELS; level++) {
		for (const struct initcall *call = __start_lt_initcalls;
		     call < __stop_lt_initcalls; call++) {
			int err;

			if (call->level != (enum initcall_level)level)
				continue;
			err = call->fn();
			if (err)
				pr_err("initcall %pS failed: error %d\n",
				       (void *)call->fn, err);
		}
	}
}
