// SPDX-License-Identifier: MIT
// A fatal signal (a crash, an abort from the allocator's own checks) says where it happened
// on stderr, which systemd keeps in the journal: the site engineer, and the developer reading
// the CI log, get a backtrace instead of a bare "Aborted".
#ifndef COL_CRASH_REPORT_H
#define COL_CRASH_REPORT_H

// col_crash_report_install catches SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGABRT: each writes
// "PROGRAM: fatal signal N (NAME); backtrace:" and the frames, then ends the process as the
// signal would have (a core dump where they are on). Under a sanitizer it does nothing: the
// sanitizer reports better.
void col_crash_report_install(const char *program);

#endif
