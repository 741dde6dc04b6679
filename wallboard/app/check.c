// SPDX-License-Identifier: MIT
// wallboard --check-layout: every problem of a layout file, and the queue and team names it
// uses against the collector's state.
#include "core/file.h"
#include "wallboard/app/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

// The queue and team names a good layout uses, against the collector's state: from --state
// FILE, else from the collector at --collector-rep if it answers within a second.
static void
check_names(const struct app *a, const char *path, struct wb_layout_report *r)
{
    struct core_err err;
    core_err_clear(&err);
    cJSON *state = NULL;
    const char *from = a->opt.state;
    if (from) {
        size_t len;
        char *buf = core_file_read(from, STATE_FILE_MAX, &len, &err);
        state = buf ? cJSON_ParseWithLength(buf, len) : NULL;
        free(buf);
    } else {
        from = a->opt.rep_url;
        state = wb_feed_fetch_snapshot(from, &a->opt.net, 1000, &err);
    }
    struct core_view v;
    struct wb_layout *l = NULL;
    if (state == NULL || core_view_from_json(state, &v, &err) != 0) {
        fprintf(stderr,
                "%s: queue and team names not checked: %s (give --state FILE or "
                "--collector-rep URL)\n",
                path, err.text[0] ? err.text : "the state is not JSON");
    } else {
        if (wb_layout_load(path, &l, &err) == 0) {
            const char *scope[WB_MAX_SCOPE];
            for (size_t i = 0; i < l->nscope; i++)
                scope[i] = l->scope[i];
            core_view_scope(&v, scope, l->nscope);
            wb_layout_check_names(l, &v, r);
        }
        printf("%s: queue and team names checked against %s\n", path, from);
        core_view_fini(&v);
    }
    wb_layout_free(l);
    cJSON_Delete(state);
}

// --check-layout: every problem on stderr, warnings too; exit 0 only when the file is usable.
// The theme's fonts, as the screen would open them: a missing file is a warning (the screen
// falls back to the shipped fonts, which may not be what the site chose).
static void
check_fonts(const struct app *a, const char *path, struct wb_layout_report *r)
{
    struct wb_layout *l = NULL;
    struct core_err err;
    core_err_clear(&err);
    if (wb_layout_load(path, &l, &err) != 0)
        return;
    const struct {
        const char *key, *file;
    } fonts[] = {{"font", l->theme.font}, {"font_bold", l->theme.font_bold}};
    for (size_t i = 0; i < 2 && r->nwarnings < WB_LAYOUT_REPORT_MAX; i++) {
        char file[1024];
        wb_app_data_path(a, fonts[i].file, file, sizeof(file));
        if (access(file, R_OK) == 0)
            continue;
        snprintf(r->warning[r->nwarnings++], sizeof(r->warning[0]),
                 "%.100s: warning: theme.%s: %.200s cannot be read; the screen would use the "
                 "shipped fonts",
                 path, fonts[i].key, file);
    }
    wb_layout_free(l);
}

int
wb_app_check_layout(const struct app *a, const char *path)
{
    struct wb_layout_report *r = malloc(sizeof(*r));
    if (r == NULL)
        return 2;
    int rc = wb_layout_check(path, r);
    if (rc == 0) {
        check_fonts(a, path, r);
        check_names(a, path, r);
    }
    for (size_t i = 0; i < r->count && i < WB_LAYOUT_REPORT_MAX; i++)
        fprintf(stderr, "%s\n", r->msg[i]);
    for (size_t i = 0; i < r->nwarnings && i < WB_LAYOUT_REPORT_MAX; i++)
        fprintf(stderr, "%s\n", r->warning[i]);
    if (rc == 0)
        printf("%s: layout is good (%zu warning%s)\n", path, r->nwarnings,
               r->nwarnings == 1 ? "" : "s");
    else
        fprintf(stderr, "%s: %zu problem%s; the wallboard would not show this layout\n", path,
                r->count, r->count == 1 ? "" : "s");
    free(r);
    return rc == 0 ? 0 : 1;
}
