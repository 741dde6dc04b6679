// SPDX-License-Identifier: MIT
// JSON lines or Asterisk's queue_log from a file (followed as it grows, across rotation) or a
// pipe, as a live input (inputs/input.h).
#ifndef COL_FILE_INPUT_H
#define COL_FILE_INPUT_H

#include "collector/inputs/input.h"
#include "collector/inputs/lines.h"
#include "collector/inputs/queuelog.h"

#include <limits.h>

// col_file_input_open opens path ("-" for stdin). With queue_log, its lines are app_queue's log,
// translated by ql (shared by every queue_log input; borrowed), and a first start reads only
// today's lines. A file the journal has read already resumes after its last journaled line.
// Returns the input (freed by its close) or NULL with err saying why.
struct col_input *col_file_input_open(const char *path, bool queue_log, struct col_queuelog *ql,
                                      struct col_journal *journal, int64_t wall_ms,
                                      struct core_err *err);

// col_file_input_name is the one name of the file at path however it is given ("./x", "/srv/x",
// a link to it): its resolved absolute path, written into real (path itself for stdin, or when
// it cannot be resolved). The journal remembers how far a file was read by that name, so the
// same file given another way is not read twice.
const char *col_file_input_name(const char *path, char real[PATH_MAX]);

// col_file_input_resume skips l to where the journal (may be NULL) last has a line of it from,
// and says so; given: the path as the user gave it, which journals from before names were
// resolved know it by (NULL: none). The file's identity decides (col_journal_identity): another
// file under the name is read from its start, the same file under another name resumes.
// Returns true if it resumed.
bool col_file_input_resume(struct col_lines *l, struct col_journal *journal, const char *given);

// col_file_input_translate_queue_log is the lines' translator for queue_log (ctx: the
// struct col_queuelog).
void col_file_input_translate_queue_log(void *ctx, struct col_ingest *in, const char *source,
                                        long line, const char *text, size_t len);

#endif
