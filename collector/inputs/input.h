// SPDX-License-Identifier: MIT
// What every live input of the collector implements, so the loop treats them alike: pump (read
// a bounded batch into the ingest), poll (the descriptor to wait on and when to come back),
// committed (the journal is on the disk: acknowledge), health (the input's line in the state's
// sources) and close. Each kind's open is its own (its settings differ); collector/input_table.c is
// the one table that opens them from the options.
#ifndef COL_INPUT_H
#define COL_INPUT_H

#include "collector/ingest/ingest.h"
#include "collector/store/journal.h"
#include "core/state.h"

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct col_input;

struct col_input_ops {
    const char *kind; // "file", "queue_log", "pull", "ami", "nats", "simulator"
    // pump feeds up to max events into in at mono_ms / wall_ms. Returns true while the input
    // has more to read at once (a file not yet at its end): the loop then does not sleep.
    bool (*pump)(struct col_input *self, struct col_ingest *in, size_t max, int64_t mono_ms,
                 int64_t wall_ms);
    // poll sets pfd (fd -1: nothing to wait on) and lowers *wake_mono_ms to when the input must
    // be pumped again at the latest.
    void (*poll)(struct col_input *self, struct pollfd *pfd, int64_t *wake_mono_ms, int64_t mono_ms,
                 int64_t wall_ms);
    // committed is called once the journal has been flushed (NULL journal: none): what an input
    // acknowledges upstream waits for that. May be NULL.
    void (*committed)(struct col_input *self, struct col_journal *journal);
    // health reports the input in st's sources at wall_ms. May be NULL (not a source of its own).
    void (*health)(struct col_input *self, struct core_state *st, int64_t wall_ms);
    // close acknowledges what it can, then frees self.
    void (*close)(struct col_input *self, struct col_journal *journal);
};

// The first member of each kind's own struct.
struct col_input {
    const struct col_input_ops *ops;
};

// col_input_new allocates a kind's zeroed struct of size bytes, whose first member is a struct
// col_input, and sets its ops. NULL when out of memory, with err naming what (the input's
// address or path). Freed by the kind's close.
void *col_input_new(size_t size, const struct col_input_ops *ops, const char *what,
                    struct core_err *err);

#endif
