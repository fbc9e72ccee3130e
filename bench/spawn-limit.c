// SPDX-License-Identifier: MIT
// The OS limit for launching processes here: posix_spawn + waitpid of /bin/true in a tight loop,
// from THREADS threads for SECONDS seconds. Prints JSON.
#include <pthread.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static atomic_long spawned;
static double deadline;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *loop(void *unused)
{
    (void)unused;
    char *argv[] = {"/bin/true", NULL};
    while (now() < deadline) {
        pid_t pid;
        if (posix_spawn(&pid, "/bin/true", NULL, NULL, argv, environ) != 0)
            continue;
        waitpid(pid, NULL, 0);
        atomic_fetch_add(&spawned, 1);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    const int threads = argc > 1 ? atoi(argv[1]) : 1;
    const double seconds = argc > 2 ? atof(argv[2]) : 5;
    pthread_t ids[64];
    const double start = now();
    deadline = start + seconds;
    for (int i = 0; i < threads && i < 64; ++i)
        pthread_create(&ids[i], NULL, loop, NULL);
    for (int i = 0; i < threads && i < 64; ++i)
        pthread_join(ids[i], NULL);
    const double elapsed = now() - start;
    printf("{\"benchmark\": \"posix_spawn /bin/true\", \"threads\": %d, \"seconds\": %.1f, \"spawnsPerSecond\": %.0f}\n",
        threads, elapsed, atomic_load(&spawned) / elapsed);
    return 0;
}
