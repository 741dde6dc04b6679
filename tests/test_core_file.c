// SPDX-License-Identifier: MIT
// core/file.c: whole files of any size up to the limit, NUL-terminated; over the limit,
// missing or empty files say so.
#include "cmocka_prelude.h"
#include "core/file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
write_file(const char *path, size_t size)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    for (size_t i = 0; i < size; i++)
        fputc('a' + (int)(i % 26), f);
    fclose(f);
}

static void
sizes_around_the_limit(void **unused)
{
    (void)unused;
    char path[] = "/tmp/wb-core-fileXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    // Across the 64 KiB first piece and its doublings, and exactly at the limit.
    static const size_t sizes[] = {0, 1, 65535, 65536, 65537, 300000};
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        write_file(path, sizes[i]);
        struct core_err err;
        core_err_clear(&err);
        size_t len = 99;
        char *buf = core_file_read(path, 300000, &len, &err);
        assert_non_null(buf);
        assert_int_equal(len, sizes[i]);
        assert_int_equal(buf[len], '\0');
        if (len > 0)
            assert_int_equal(buf[len - 1], 'a' + (int)((len - 1) % 26));
        free(buf);
    }
    write_file(path, 300001);
    struct core_err err;
    core_err_clear(&err);
    size_t len;
    assert_null(core_file_read(path, 300000, &len, &err));
    assert_int_equal(err.code, CORE_E_TOOLONG);
    assert_string_equal(err.source, path);
    assert_string_equal(err.text, "larger than 300000 bytes");
    unlink(path);

    core_err_clear(&err);
    assert_null(core_file_read(path, 300000, &len, &err));
    assert_int_equal(err.code, CORE_E_IO);
    assert_non_null(strstr(err.text, "cannot open: No such file"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sizes_around_the_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
