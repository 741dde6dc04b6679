// SPDX-License-Identifier: MIT
// bench-peak-rss: runs a command and prints its peak RSS on stderr ("peak RSS N MB"), exiting
// with its status. Why not from Python: Linux carries the RSS of the process that forked across
// exec into the child's peak, so a child of a large Python process reports Python's size; from
// this small program the error is under 2 MB. Usage: bench-peak-rss COMMAND [ARGS...]
#define _DEFAULT_SOURCE // wait4
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench-peak-rss COMMAND [ARGS...]\n");
        return 2;
    }
    pid_t pid = fork();
    if (pid < 0) {
        perror("bench-peak-rss: fork");
        return 2;
    }
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        perror("bench-peak-rss: exec");
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("bench-peak-rss: wait");
        return 2;
    }
    fprintf(stderr, "peak RSS %.1f MB\n", (double)ru.ru_maxrss / 1024);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
