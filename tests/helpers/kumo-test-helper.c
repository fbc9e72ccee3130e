// SPDX-License-Identifier: MIT
// kumo-test-helper: a real process for the execution tests to run. Subcommands print, sleep,
// fork grandchildren, burn CPU, allocate memory and exit in chosen ways; several can be chained
// with "--", e.g. `kumo-test-helper print 3 -- stderr 1 -- exit 4`.
//
//   print N [TEXT]              N lines "TEXT i" (default TEXT "out") to stdout
//   stderr N [TEXT]             N lines "TEXT i" (default TEXT "err") to stderr
//   interleave N                "out i" / "err i" alternating on stdout / stderr, unbuffered
//   exit CODE                   exit with CODE
//   sleep MS                    sleep
//   signal SIG                  raise signal number SIG (no core file)
//   ignore-term                 ignore SIGTERM from now on (inherited by children)
//   env NAME                    print the variable's value, or "(unset)"
//   pwd                         print the working directory
//   pid                         print the process id
//   grandchildren N PIDFILE MS  fork N children that each fork a grandchild; they append their
//                               pids to PIDFILE and sleep MS. The first child exits at once, so
//                               its grandchild is orphaned; that grandchild also leaves the
//                               process group (setpgid) but stays in the session. 2N-1 pids.
//                               Prints "ready" once all pids are in PIDFILE, then sleeps MS.
//   daemon PIDFILE MS           double-fork a daemon (same session, ppid becomes init) that
//                               appends its pid to PIDFILE and sleeps MS; returns once written
//   burn MS                     busy loop
//   alloc MB MS                 allocate and touch MB mebibytes, hold them MS
//   flood BYTES                 write BYTES bytes of 64-byte lines to stdout, fast
//   partial TEXT MS             print TEXT without a newline, then sleep MS
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what)
{
    fprintf(stderr, "kumo-test-helper: %s: %s\n", what, strerror(errno));
    exit(125);
}

static void usage(const char *why)
{
    fprintf(stderr, "kumo-test-helper: %s (see the comment at the top of kumo-test-helper.c)\n", why);
    exit(125);
}

// Whole buffers with one write() where possible, so that lines reach the pipe unsplit.
static void writeAll(int fd, const char *data, size_t size)
{
    while (size > 0) {
        const ssize_t n = write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            die("write");
        }
        data += n;
        size -= (size_t)n;
    }
}

static void writeLine(int fd, const char *text, long i)
{
    char line[512];
    const int n = snprintf(line, sizeof line, "%s %ld\n", text, i);
    writeAll(fd, line, (size_t)n);
}

static void sleepMs(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) { }
}

static long nowMs(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void appendPid(const char *pidFile)
{
    const int fd = open(pidFile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0)
        die(pidFile);
    writeLine(fd, "pid", (long)getpid());
    close(fd);
}

static void grandchildren(long n, const char *pidFile, long ms)
{
    // Every recorded process writes one byte here once its pid is in PIDFILE, so "ready" means
    // all are.
    int ready[2];
    if (pipe(ready) != 0)
        die("pipe");
    pid_t firstChild = 0;
    for (long i = 0; i < n; ++i) {
        const pid_t child = fork();
        if (child < 0)
            die("fork");
        if (child == 0) {
            const pid_t grandchild = fork();
            if (grandchild < 0)
                die("fork");
            if (i == 0) {
                // The first child leaves at once: its child is orphaned, in a group of its own,
                // and only the session still ties it to the run.
                if (grandchild != 0)
                    _exit(0);
                if (setpgid(0, 0) != 0)
                    die("setpgid");
            }
            appendPid(pidFile);
            writeAll(ready[1], "x", 1);
            sleepMs(ms);
            _exit(0);
        }
        if (i == 0)
            firstChild = child;
    }
    if (firstChild > 0)
        waitpid(firstChild, NULL, 0);
    for (long i = 0; i < 2 * n - 1; ++i) {
        char byte;
        if (read(ready[0], &byte, 1) != 1)
            die("read");
    }
    writeAll(STDOUT_FILENO, "ready\n", 6);
    sleepMs(ms);
}

static void daemonize(const char *pidFile, long ms)
{
    int ready[2];
    if (pipe(ready) != 0)
        die("pipe");
    const pid_t child = fork();
    if (child < 0)
        die("fork");
    if (child == 0) {
        const pid_t daemon = fork();
        if (daemon < 0)
            die("fork");
        if (daemon == 0) {
            appendPid(pidFile);
            writeAll(ready[1], "x", 1);
            sleepMs(ms);
        }
        _exit(0);
    }
    char byte;
    if (read(ready[0], &byte, 1) != 1)
        die("read");
    waitpid(child, NULL, 0);
}

static void burn(long ms)
{
    const long end = nowMs() + ms;
    volatile unsigned long spin = 0;
    while (nowMs() < end) {
        for (int i = 0; i < 100000; ++i)
            spin += (unsigned long)i;
    }
}

static void alloc(long mb, long ms)
{
    const size_t size = (size_t)mb * 1024 * 1024;
    char *memory = malloc(size);
    if (!memory)
        die("malloc");
    const long page = sysconf(_SC_PAGESIZE);
    for (size_t i = 0; i < size; i += (size_t)page)
        memory[i] = 1;
    sleepMs(ms);
    free(memory);
}

static void flood(long bytes)
{
    char block[64 * 1024];
    for (size_t i = 0; i < sizeof block; ++i)
        block[i] = (i % 64 == 63) ? '\n' : (char)('a' + i % 26);
    while (bytes > 0) {
        const size_t n = bytes < (long)sizeof block ? (size_t)bytes : sizeof block;
        writeAll(STDOUT_FILENO, block, n);
        bytes -= (long)n;
    }
}

static int isArgument(char **argv, int argc, int i)
{
    return i < argc && strcmp(argv[i], "--") != 0;
}

static const char *word(char **argv, int argc, int i)
{
    if (!isArgument(argv, argc, i))
        usage("missing argument");
    return argv[i];
}

static long number(char **argv, int argc, int i)
{
    const char *arg = word(argv, argc, i);
    char *end = NULL;
    const long value = strtol(arg, &end, 10);
    if (*arg == '\0' || *end != '\0')
        usage("not a number");
    return value;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int i = 1;
    while (i < argc) {
        const char *cmd = argv[i];
        int next = i + 1;
        if (!strcmp(cmd, "print") || !strcmp(cmd, "stderr")) {
            const int toStderr = !strcmp(cmd, "stderr");
            const long n = number(argv, argc, next++);
            const char *line = isArgument(argv, argc, next) ? argv[next++] : (toStderr ? "err" : "out");
            for (long k = 1; k <= n; ++k)
                writeLine(toStderr ? STDERR_FILENO : STDOUT_FILENO, line, k);
        } else if (!strcmp(cmd, "interleave")) {
            const long n = number(argv, argc, next++);
            for (long k = 1; k <= n; ++k) {
                writeLine(STDOUT_FILENO, "out", k);
                writeLine(STDERR_FILENO, "err", k);
            }
        } else if (!strcmp(cmd, "exit")) {
            exit((int)number(argv, argc, next));
        } else if (!strcmp(cmd, "sleep")) {
            sleepMs(number(argv, argc, next++));
        } else if (!strcmp(cmd, "signal")) {
            const struct rlimit noCore = { 0, 0 };
            setrlimit(RLIMIT_CORE, &noCore);
            const int sig = (int)number(argv, argc, next++);
            signal(sig, SIG_DFL);
            raise(sig);
            usage("signal did not end the process");
        } else if (!strcmp(cmd, "ignore-term")) {
            signal(SIGTERM, SIG_IGN);
        } else if (!strcmp(cmd, "env")) {
            const char *value = getenv(word(argv, argc, next++));
            printf("%s\n", value ? value : "(unset)");
        } else if (!strcmp(cmd, "pwd")) {
            char cwd[4096];
            if (!getcwd(cwd, sizeof cwd))
                die("getcwd");
            printf("%s\n", cwd);
        } else if (!strcmp(cmd, "pid")) {
            printf("%ld\n", (long)getpid());
        } else if (!strcmp(cmd, "grandchildren")) {
            const long n = number(argv, argc, next++);
            const char *pidFile = word(argv, argc, next++);
            grandchildren(n, pidFile, number(argv, argc, next++));
        } else if (!strcmp(cmd, "daemon")) {
            const char *pidFile = word(argv, argc, next++);
            daemonize(pidFile, number(argv, argc, next++));
        } else if (!strcmp(cmd, "burn")) {
            burn(number(argv, argc, next++));
        } else if (!strcmp(cmd, "alloc")) {
            const long mb = number(argv, argc, next++);
            alloc(mb, number(argv, argc, next++));
        } else if (!strcmp(cmd, "flood")) {
            flood(number(argv, argc, next++));
        } else if (!strcmp(cmd, "partial")) {
            const char *partial = word(argv, argc, next++);
            writeAll(STDOUT_FILENO, partial, strlen(partial));
            sleepMs(number(argv, argc, next++));
        } else {
            usage("unknown subcommand");
        }
        if (next < argc && strcmp(argv[next], "--") != 0)
            usage("unexpected argument");
        i = next + 1;
    }
    return 0;
}
