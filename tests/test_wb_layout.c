// SPDX-License-Identifier: MIT
// wallboard/layout.c: the shipped layouts load; each kind of mistake gets a message that
// names the file, the JSON path and the fix; the default theme is legible.
#include "cmocka_prelude.h"
#include "wallboard/engine/widget.h"
#include "wallboard/layout/layout.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *
source_dir(void)
{
    const char *d = getenv("WB_SOURCE_DIR");
    return d ? d : "..";
}

static void
shipped_layouts_load(void **unused)
{
    (void)unused;
    static const char *const files[] = {"layouts/floor-1080p.json",   "layouts/wall-4k.json",
                                        "layouts/team-1080p.json",    "layouts/team-1080p-en.json",
                                        "layouts/portrait-team.json", "layouts/small-office.json",
                                        "layouts/hotspots.json"};
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        char path[512];
        snprintf(path, sizeof(path), "%s/%s", source_dir(), files[i]);
        struct wb_layout *l;
        struct core_err err;
        core_err_clear(&err);
        if (wb_layout_load(path, &l, &err) != 0)
            fail_msg("%s: %s", path, err.text);
        assert_true(l->npages >= 1);
        wb_layout_free(l);
    }
}

struct bad_layout {
    const char *json;
    const char *says;
};

#define WIDGETS(w) "{\"version\":1,\"pages\":[{\"widgets\":[" w "]}]}"

static void
mistakes_are_explained(void **unused)
{
    (void)unused;
    static const struct bad_layout cases[] = {
        {WIDGETS("{\"type\":\"kpi\",\"id\":\"w\",\"metric\":\"waiting\",\"titel\":\"x\"}"),
         "pages[0].widgets[0] (\"w\"): unknown key \"titel\" (did you mean \"title\"?)"},
        {WIDGETS("{\"type\":\"pie\"}"), "unknown widget type \"pie\" (one of header, kpi"},
        {WIDGETS("{\"type\":\"kpi\",\"metric\":\"service_level\",\"window\":\"week\"}"),
         "window: use \"interval\", \"previous_interval\", \"today\" or \"yesterday\""},
        {WIDGETS("{\"type\":\"kpi\",\"metric\":\"waiting\",\"window\":\"today\"}"),
         "\"waiting\" is a figure of now"},
        {WIDGETS("{\"type\":\"queue_table\",\"window\":7}"), "window: use \"interval\""},
        {WIDGETS("{\"type\":\"kpi\",\"metric\":\"sl\"}"),
         "metric: \"sl\" is not known; expected one of waiting"},
        {WIDGETS(
             "{\"type\":\"kpi\",\"metric\":\"waiting\",\"thresholds\":{\"watch\":5,\"act\":2}}"),
         "\"act\" must be higher than \"watch\""},
        {WIDGETS("{\"type\":\"header\",\"col\":0,\"width\":6},{\"type\":\"header\",\"col\":5}"),
         "pages[0].widgets[1]: overlaps pages[0].widgets[0]"},
        {WIDGETS("{\"type\":\"header\",\"col\":10,\"width\":6}"),
         "col: 10 with width 6 runs past the grid's 12 columns; move it to col 6 at most"},
        {"{\"version\":1,\"theme\":{\"panel\":\"navy\"},\"pages\":[{\"widgets\":[{\"type\":"
         "\"header\"}]}]}",
         "theme.panel \"navy\" is not a colour; use #RRGGBB or #RRGGBBAA"},
        // Every bad colour, each with its value (not the first only).
        {"{\"version\":1,\"theme\":{\"panel\":\"navy\",\"act\":\"#12345\"},\"pages\":[{"
         "\"widgets\":[{\"type\":\"header\"}]}]}",
         "theme.panel \"navy\", theme.act \"#12345\" are not colours"},
        {"{\"version\":1,\"theme\":{\"text_size\":0.01},\"pages\":[{\"widgets\":[{\"type\":"
         "\"header\"}]}]}",
         "theme.text_size: must be a number from 0.0222"},
        {"{\"version\":1,\"language\":\"fr\",\"pages\":[{\"widgets\":[{\"type\":\"header\"}]}]}",
         "use \"zh-CN\" or \"en\""},
        {"{\"version\":2,\"pages\":[]}", "version: must be 1"},
        {"{\"version\":1,\"pages\":[]}", "pages: must be a non-empty array"},
        {WIDGETS("{\"type\":\"kpi\",\"metric\":\"waiting\",\"teams\":[\"A\"]}"),
         "teams: \"waiting\" is a figure of queues; teams filter agents"},
        {WIDGETS("{\"type\":\"queue_table\",\"channels\":[\"chat\"]}"),
         "channels: channels bind the figures of a kpi"},
        {WIDGETS("{\"type\":\"kpi\",\"metric\":\"agents_available\",\"channels\":[\"chat\"]}"),
         "\"agents_available\" counts agents, who are not per channel"},
        {WIDGETS("{\"type\":\"kpi\",\"metric\":\"waiting\",\"channels\":[\"chat\"],\"queues\":["
                 "\"q\"]}"),
         "\"queues\" or \"channels\", not both"},
        {WIDGETS("{\"type\":\"queue_table\",\"teams\":[\"A\"]}"),
         "teams: a queue_table does not show agents"},
        {WIDGETS("{\"type\":\"agent_grid\",\"teams\":\"A\"}"), "teams: must be an array of names"},
        {"{\"version\":1,\"pages\":[{\"queues\":[7],\"widgets\":[{\"type\":\"header\"}]}]}",
         "pages[0].queues: must hold names"},
        {"{\"version\":1,\"include\":\"no-such-site.json\",\"pages\":[{\"widgets\":[{\"type\":"
         "\"header\"}]}]}",
         "include: cannot read \"layouts/no-such-site.json\""},
        {"{\"version\":1,\"grid\":{\"colums\":12},\"pages\":[{\"widgets\":[{\"type\":\"header\"}]}]"
         "}",
         "grid: unknown key \"colums\" (did you mean \"columns\"?)"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct wb_layout *l = NULL;
        struct core_err err;
        core_err_clear(&err);
        int rc = wb_layout_parse(cases[i].json, strlen(cases[i].json), "layouts/t.json", &l, &err);
        if (rc == 0 || strstr(err.text, cases[i].says) == NULL)
            fail_msg("case %zu: got %d \"%s\", want a message containing \"%s\"", i, rc, err.text,
                     cases[i].says);
        assert_string_equal(err.source, "layouts/t.json");
        assert_null(l);
    }
}

static void
syntax_error_has_line_and_column(void **unused)
{
    (void)unused;
    const char *json = "{\n  \"version\": 1,\n  \"pages\": [\n    {\"widgets\": [}\n  ]\n}\n";
    struct wb_layout *l;
    struct core_err err;
    core_err_clear(&err);
    assert_int_equal(wb_layout_parse(json, strlen(json), "x.json", &l, &err), CORE_E_PARSE);
    assert_int_equal(err.line, 4);
    assert_int_equal(err.column, 18);
    char buf[512];
    assert_non_null(strstr(core_err_format(&err, buf, sizeof(buf)), "x.json:4:18: not valid JSON"));
}

static void
default_theme_is_legible(void **unused)
{
    (void)unused;
    const char *json = WIDGETS("{\"type\":\"header\"}");
    struct wb_layout *l;
    struct core_err err;
    core_err_clear(&err);
    assert_int_equal(wb_layout_parse(json, strlen(json), "t", &l, &err), 0);
    const struct wb_theme *t = &l->theme;
    // SCREEN.md: text 4.5:1 against its tile, headline figures 7:1.
    assert_true(wb_color_contrast(t->muted, t->panel) >= 4.5);
    assert_true(wb_color_contrast(t->text, t->panel) >= 7.0);
    assert_true(wb_color_contrast(t->watch, t->panel) >= 7.0);
    assert_true(wb_color_contrast(t->act, t->panel) >= 7.0);
    // Watch and act told apart in grey too: they differ in luminance (SCREEN.md), not only hue.
    assert_true(wb_color_contrast(t->watch, t->act) >= 1.5);
    assert_true(wb_color_contrast(t->stale_text, t->stale_bg) >= 4.5);
    struct wb_color white = {255, 255, 255, 255}, dark = {12, 14, 20, 255};
    for (int s = 0; s < CORE_AGENT_STATE_COUNT; s++) {
        struct wb_color fg = wb_color_text_on(t->state[s], white, dark);
        if (wb_color_contrast(fg, t->state[s]) < 4.5)
            fail_msg("text on %s tiles is below 4.5:1", core_agent_state_name(s));
    }
    assert_true(t->text_size >= 1.0 / 40 && t->label_size >= 1.0 / 40); // Chinese minimum
    assert_true(t->figure_size >= 0.1);
    wb_layout_free(l);
}

// --check-layout reports each widget's and page's problem, not only the first, and keeps
// widget indexes right after a dropped widget (no made-up overlaps with it).
static void
check_reports_every_problem(void **unused)
{
    (void)unused;
    char path[] = "/tmp/wb-check-layoutXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    static const char json[] =
        "{\"version\":1,\"theme\":{\"text\":\"#202020\"},\"pages\":[\n"
        " {\"widgets\":[{\"type\":\"pie\",\"col\":0,\"row\":0,\"width\":12},\n"
        "   {\"type\":\"header\",\"col\":0,\"row\":0,\"width\":12},\n"
        "   {\"type\":\"kpi\",\"metric\":\"waiting\",\"colour\":\"red\",\"row\":2}]},\n"
        " {\"dwell\":10,\"widgets\":[{\"type\":\"header\"}]}]}";
    assert_int_equal(write(fd, json, sizeof(json) - 1), (ssize_t)(sizeof(json) - 1));
    close(fd);
    struct wb_layout_report *r = malloc(sizeof(*r));
    assert_int_equal(wb_layout_check(path, r), -1);
    for (size_t i = 0; i < r->count; i++)
        printf("  %s\n", r->msg[i]);
    assert_int_equal(r->count, 3);
    assert_non_null(strstr(r->msg[0], "pages[0].widgets[0]: unknown widget type \"pie\""));
    assert_non_null(strstr(r->msg[1], "pages[0].widgets[2]: unknown key \"colour\""));
    assert_non_null(strstr(r->msg[2], "pages[1]: unknown key \"dwell\" (did you mean"));
    assert_int_equal(r->nwarnings, 2); // dark text on the panel and on the background
    assert_non_null(strstr(r->warning[0], "theme.text on theme.panel has contrast"));
    assert_non_null(strstr(r->msg[0], path));

    // The same file, repaired, is good.
    static const char good[] = "{\"version\":1,\"pages\":[{\"widgets\":[{\"type\":\"header\"}]}]}";
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(good, f);
    fclose(f);
    assert_int_equal(wb_layout_check(path, r), 0);
    assert_int_equal(r->count, 0);
    // The old palette: amber and salmon at 1.13:1 in luminance look alike in grey and from
    // across the room; said as a warning naming both.
    static const char alike[] = "{\"version\":1,\"theme\":{\"watch\":\"#F0B429\",\"act\":"
                                "\"#FF9966\"},\"pages\":[{\"widgets\":[{\"type\":\"header\"}]}]}";
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(alike, f);
    fclose(f);
    assert_int_equal(wb_layout_check(path, r), 0);
    assert_int_equal(r->nwarnings, 1);
    assert_non_null(strstr(r->warning[0], "theme.watch against theme.act has contrast 1.1:1"));
    unlink(path);

    assert_int_equal(wb_layout_check("/nonexistent/layout.json", r), -1);
    assert_int_equal(r->count, 1);
    assert_non_null(strstr(r->msg[0], "/nonexistent/layout.json: cannot open"));
    free(r);
}

static void
write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

// A site-wide include: its settings apply, the layout's own win (the theme key by key), and
// a mistake in it is reported against the include, not the layout.
static void
site_include(void **unused)
{
    (void)unused;
    char dir[] = "/tmp/wb-include-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char site[256], layout[256];
    snprintf(site, sizeof(site), "%s/site.json", dir);
    snprintf(layout, sizeof(layout), "%s/board.json", dir);
    write_file(site, "{\"language\":\"en\",\"touch\":{\"overlay_timeout_s\":9},"
                     "\"theme\":{\"panel\":\"#101010\",\"text\":\"#EEEEEE\"}}");
    write_file(layout, "{\"version\":1,\"include\":\"site.json\",\"theme\":{\"text\":\"#FFFFFF\"},"
                       "\"pages\":[{\"queues\":[\"sales\"],\"teams\":[\"A\"],\"widgets\":["
                       "{\"type\":\"agent_grid\"},{\"type\":\"queue_table\",\"row\":1,"
                       "\"queues\":[\"support\"]}]}]}");
    struct wb_layout *l;
    struct core_err err;
    core_err_clear(&err);
    if (wb_layout_load(layout, &l, &err) != 0)
        fail_msg("%s", err.text);
    assert_int_equal(l->lang, WB_LANG_EN);
    assert_true(l->overlay_timeout_s == 9);
    assert_int_equal(l->theme.panel.r, 0x10);
    assert_int_equal(l->theme.text.r, 0xFF); // the layout's own
    assert_string_equal(l->include, site);
    // Page filters reach widgets that set none.
    const struct wb_widget *grid = &l->pages[0].widgets[0], *table = &l->pages[0].widgets[1];
    assert_int_equal(grid->nqueues, 1);
    assert_string_equal(grid->queues[0], "sales");
    assert_int_equal(grid->nteams, 1);
    assert_string_equal(table->queues[0], "support");
    char queues[1][CORE_ID_MAX] = {"sales"};
    struct core_view_agent in_a = {.team = "A", .nqueues = 1, .queues = queues};
    struct core_view_agent in_b = {.team = "B", .nqueues = 1, .queues = queues};
    assert_true(wb_widget_wants_agent(grid, &in_a));
    assert_false(wb_widget_wants_agent(grid, &in_b));
    wb_layout_free(l);
    // A mistake in the include names the include.
    write_file(site, "{\"theme\":{\"panel\":\"navy\"},\"pages\":[]}");
    core_err_clear(&err);
    assert_int_not_equal(wb_layout_load(layout, &l, &err), 0);
    char msg[512];
    core_err_format(&err, msg, sizeof(msg));
    if (strstr(msg, "site.json") == NULL || strstr(msg, "unknown key \"pages\"") == NULL)
        fail_msg("%s", msg);
    write_file(site, "{\"theme\":{\"panel\":\"navy\"}}");
    core_err_clear(&err);
    assert_int_not_equal(wb_layout_load(layout, &l, &err), 0);
    core_err_format(&err, msg, sizeof(msg));
    if (strstr(msg, "site.json: theme.panel \"navy\" is not a colour") == NULL)
        fail_msg("%s", msg);
    remove(site);
    remove(layout);
    rmdir(dir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_layouts_load),
        cmocka_unit_test(mistakes_are_explained),
        cmocka_unit_test(syntax_error_has_line_and_column),
        cmocka_unit_test(default_theme_is_legible),
        cmocka_unit_test(check_reports_every_problem),
        cmocka_unit_test(site_include),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
