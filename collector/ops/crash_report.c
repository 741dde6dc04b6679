// SPDX-License-Identifier: MIT
// Backtraces on fatal signals with glibc's backtrace(3): only async-signal-safe calls in the
// handler (write, backtrace_symbols_fd; backtrace is called once at install so that libgcc is
// loaded before it can be needed in a handler).
#include "collector/ops/crash_report.h"

#include <execinfo.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_UNDEFINED__)
#define COL_UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define COL_UNDER_SANITIZER 1
#endif
#endif

#ifndef COL_UNDER_SANITIZER
static const char *program_name = "program";

static void
say(const char *s)
{
    ssize_t n = write(STDERR_FILENO, s, strlen(s));
    (void)n;
}

static void
on_fatal(int sig)
{
    char num[12];
    int i = (int)sizeof(num) - 1;
    num[i] = '\0';
    for (int v = sig; i > 0 && (v > 0 || i == (int)sizeof(num) - 1); v /= 10)
        num[--i] = (char)('0' + v % 10);
    say(program_name);
    say(": fatal signal ");
    say(num + i);
    say(" (");
    say(sig == SIGSEGV   ? "SIGSEGV"
        : sig == SIGBUS  ? "SIGBUS"
        : sig == SIGFPE  ? "SIGFPE"
        : sig == SIGILL  ? "SIGILL"
        : sig == SIGABRT ? "SIGABRT"
                         : "?");
    say("); backtrace:\n");
    void *frames[64];
    int n = backtrace(frames, 64);
    backtrace_symbols_fd(frames, n, STDERR_FILENO);
    // Ended as the signal ends a process (the handler was installed with SA_RESETHAND).
    raise(sig);
}
#endif

void
col_crash_report_install(const char *program)
{
#ifdef COL_UNDER_SANITIZER
    (void)program;
#else
    program_name = program;
    void *warm[1];
    backtrace(warm, 1);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_fatal;
    sa.sa_flags = SA_RESETHAND | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    static const int fatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
    for (size_t k = 0; k < sizeof(fatal) / sizeof(fatal[0]); k++)
        sigaction(fatal[k], &sa, NULL);
#endif
}
