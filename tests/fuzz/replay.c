/*
 * replay.c - run a fuzz target's corpus without libFuzzer: what `make test`
 * does with tests/fuzz/corpus, built with gcc and ASan/UBSan.
 *
 *   replay_partitions NAME PATH...   (PATH: a file or a folder of files)
 *
 * Each input runs in a child process, so one crash does not hide the
 * others. Prints `pass: NAME` when every input ran cleanly, else
 * `FAIL: NAME` with one indented line per failing input (and the tail of
 * its sanitizer report); a corpus with no input at all is a failure too.
 * Exit status 0 on pass, 1 on failure.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static int nr_inputs, nr_failed;
static char failures[8192];

static void note_failure(const char *path, const char *why)
{
	size_t len = strlen(failures);

	snprintf(failures + len, sizeof(failures) - len, "    %s: %s\n",
		 path, why);
	nr_failed++;
}

/* The child: read @path and hand it to the target; exit 0 if it returns. */
static void run_child(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		perror(path);
		_exit(3);
	}
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			if (!buf)
				_exit(3);
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	exit(0);
}

static void replay_file(const char *path)
{
	char why[64];
	int status;
	pid_t pid;

	nr_inputs++;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		note_failure(path, "fork failed");
		return;
	}
	if (pid == 0)
		run_child(path);
	if (waitpid(pid, &status, 0) < 0) {
		note_failure(path, "waitpid failed");
	} else if (WIFSIGNALED(status)) {
		snprintf(why, sizeof(why), "killed by signal %d", WTERMSIG(status));
		note_failure(path, why);
	} else if (WEXITSTATUS(status) != 0) {
		snprintf(why, sizeof(why), "exit status %d (see the report above)",
			 WEXITSTATUS(status));
		note_failure(path, why);
	}
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static void replay_path(const char *path)
{
	struct dirent **names;
	struct stat sb;
	char child[4096];
	int n;

	if (stat(path, &sb) != 0) {
		note_failure(path, "cannot stat");
		return;
	}
	if (!S_ISDIR(sb.st_mode)) {
		replay_file(path);
		return;
	}
	n = scandir(path, &names, NULL, by_name);
	if (n < 0) {
		note_failure(path, "cannot list");
		return;
	}
	for (int i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			snprintf(child, sizeof(child), "%s/%s", path,
				 names[i]->d_name);
			replay_file(child);
		}
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s NAME PATH...\n", argv[0]);
		return 2;
	}
	for (int i = 2; i < argc; i++)
		replay_path(argv[i]);
	if (!nr_inputs)
		note_failure("(corpus)", "no input found");
	if (nr_failed) {
		printf("FAIL: %s\n%s", argv[1], failures);
		return 1;
	}
	printf("pass: %s\n# %d inputs replayed\n", argv[1], nr_inputs);
	return 0;
}
