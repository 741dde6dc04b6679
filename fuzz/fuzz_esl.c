// SPDX-License-Identifier: MIT
// Fuzz target: a FreeSWITCH event-socket byte stream (events, list replies, anything), fed in
// two pieces split where the input's first byte says, as a recorded stream is replayed.
#include "collector/inputs/esl_frames.h"
#include "collector/inputs/esl_resync.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int64_t
fixed_ms(void)
{
    return 1795401600000LL;
}

struct fuzz_ctx {
    struct col_esl_cc cc;
    struct col_ingest *in;
};

static void
on_frame(void *ctx, struct col_esl_frame *f)
{
    struct fuzz_ctx *x = ctx;
    col_esl_cc_frame(&x->cc, x->in, "fuzz", f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    struct core_state st;
    struct col_rejects rejects;
    struct col_esl_stream stream;
    core_state_init(&st);
    memset(&rejects, 0, sizeof(rejects));
    rejects.said = 1000000;
    rejects.window_s = fixed_ms() / 1000;
    if (col_esl_stream_init(&stream) != 0) {
        core_state_fini(&st);
        return 0;
    }
    struct col_ingest in = {.state = &st, .rejects = &rejects, .wall_ms = fixed_ms, .offset = -1};
    struct fuzz_ctx x = {.in = &in};
    col_esl_cc_init(&x.cc, fixed_ms);
    x.cc.live = (data[0] & 1) != 0;  // both ways of dating the lists
    x.cc.sites = (data[0] & 2) != 0; // and of reading a name's @domain
    size_t cut = data[0] % size;
    col_esl_stream_feed(&stream, (const char *)data + 1, cut ? cut - 1 : 0, on_frame, &x);
    col_esl_stream_feed(&stream, (const char *)data + (cut ? cut : 1), size - (cut ? cut : 1),
                        on_frame, &x);
    col_esl_cc_flush(&x.cc, &in, "fuzz");
    col_esl_cc_fini(&x.cc);
    col_esl_stream_fini(&stream);
    core_state_fini(&st);
    return 0;
}
