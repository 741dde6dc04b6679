// SPDX-License-Identifier: MIT
// Fuzz target: an AMI byte stream, fed in two pieces split where the input says.
#include "collector/inputs/ami.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int64_t
fixed_ms(void)
{
    return 1795401600000LL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    struct core_state st;
    struct col_rejects rejects;
    struct col_ami ami;
    core_state_init(&st);
    memset(&rejects, 0, sizeof(rejects));
    rejects.said = 1000000;
    rejects.window_s = fixed_ms() / 1000;
    if (col_ami_init(&ami, fixed_ms) != 0) {
        core_state_fini(&st);
        return 0;
    }
    struct col_ingest in = {.state = &st, .rejects = &rejects, .wall_ms = fixed_ms, .offset = -1};
    size_t cut = data[0] % size; // the first byte chooses where the read boundary falls
    col_ami_feed(&ami, &in, "fuzz", (const char *)data + 1, cut ? cut - 1 : 0);
    col_ami_feed(&ami, &in, "fuzz", (const char *)data + (cut ? cut : 1), size - (cut ? cut : 1));
    col_ami_settle(&ami, &in, "fuzz", 0, true); // the callers still in doubt, as at a stream's end
    col_ami_fini(&ami);
    core_state_fini(&st);
    return 0;
}
