// SPDX-License-Identifier: MIT
// collector/lines.c + ingest.c + rejects.c: line numbers, CRLF, blank lines, a line without a
// final newline, an over-long line, and every rejection counted and kept.
#include "cmocka_prelude.h"
#include "collector/ingest/ingest.h"
#include "collector/inputs/lines.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int64_t
fixed_ms(void)
{
    return 1000;
}

static void
write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void
lines_are_numbered_and_rejects_kept(void **unused)
{
    (void)unused;
    char dir[] = "/tmp/wb-lines-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char input[256], rejects[256];
    snprintf(input, sizeof(input), "%s/in.jsonl", dir);
    snprintf(rejects, sizeof(rejects), "%s/rejects.jsonl", dir);
    // Line 3 is over 64 KiB; line 5 is bad JSON; line 6 has no newline at the end.
    size_t big = 70000;
    char *data = malloc(big + 1024);
    int n = sprintf(data, "{\"type\":\"call.ended\",\"ts\":1,\"call\":\"a\"}\r\n\n");
    memset(data + n, 'x', big);
    n += (int)big;
    n += sprintf(data + n, "\n{\"type\":\"call.ended\",\"ts\":2,\"call\":\"b\"}\n{oops\n"
                           "{\"type\":\"call.ended\",\"ts\":3,\"call\":\"c\"}");
    write_file(input, data, (size_t)n);
    free(data);

    struct core_state st;
    core_state_init(&st);
    struct col_rejects rj;
    struct core_err err;
    core_err_clear(&err);
    assert_int_equal(col_rejects_open(&rj, rejects, &err), 0);
    struct col_ingest in = {.state = &st, .rejects = &rj, .wall_ms = fixed_ms, .offset = -1};
    struct col_lines l;
    assert_int_equal(col_lines_open(&l, input, &err), 0);
    while (!l.eof)
        col_lines_pump(&l, &in, 100);
    col_lines_close(&l);
    col_rejects_close(&rj);
    assert_int_equal(st.counters.accepted, 3);
    assert_int_equal(st.counters.rejected, 2);
    assert_int_equal(st.counters.rejected_by[CORE_E_TOOLONG], 1);
    assert_int_equal(st.counters.rejected_by[CORE_E_PARSE], 1);
    assert_int_equal(st.now_ms, 3000);

    FILE *f = fopen(rejects, "r");
    assert_non_null(f);
    static char line[200000]; // the over-long line is kept whole
    assert_non_null(fgets(line, sizeof(line), f));
    assert_non_null(strstr(line, "\"line\":3"));
    assert_non_null(strstr(line, "\"reason\":\"too long\""));
    assert_non_null(fgets(line, sizeof(line), f));
    assert_non_null(strstr(line, "\"line\":5"));
    assert_non_null(strstr(line, "\"input\":\"{oops\""));
    assert_null(fgets(line, sizeof(line), f));
    fclose(f);
    unlink(input);
    unlink(rejects);
    rmdir(dir);
    core_state_fini(&st);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lines_are_numbered_and_rejects_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
