// SPDX-License-Identifier: MIT
// bench-parse: the bare rate of parsing JSON lines with cJSON (parse, then free), the floor any
// replay is measured against. Usage: bench-parse FILE. Prints figures; never fails.
#include "core/clock.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

int
main(int argc, char **argv)
{
    FILE *f = argc > 1 ? fopen(argv[1], "r") : NULL;
    if (f == NULL) {
        fprintf(stderr, "usage: bench-parse FILE\n");
        return 2;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long events = 0, bad = 0;
    int64_t t0 = core_clock_mono_ns();
    while ((n = getline(&line, &cap, f)) > 0) {
        cJSON *o = cJSON_ParseWithLength(line, (size_t)n);
        bad += o == NULL;
        cJSON_Delete(o);
        events++;
    }
    double s = (double)(core_clock_mono_ns() - t0) / 1e9;
    printf("bare cJSON parse: %ld lines in %.2f s: %.0f lines/s (%ld not JSON)\n", events, s,
           (double)events / s, bad);
    free(line);
    fclose(f);
    return 0;
}
