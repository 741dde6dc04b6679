// SPDX-License-Identifier: MIT
// The files a screen reads: its layout (watched for edits), fonts, map geometry, region names
// and its identity (the site token, its name).
#include "core/clock.h"
#include "core/file.h"
#include "wallboard/app/app.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct file_sig
file_sig_of(const char *path)
{
    struct file_sig sig = {0};
    struct stat st;
    if (path[0] && stat(path, &st) == 0)
        sig = (struct file_sig){st.st_mtim, st.st_size, true};
    return sig;
}

static bool
file_sig_same(struct file_sig a, struct file_sig b)
{
    return a.exists == b.exists && a.mtime.tv_sec == b.mtime.tv_sec &&
           a.mtime.tv_nsec == b.mtime.tv_nsec && a.size == b.size;
}

void
wb_app_data_path(const struct app *a, const char *rel, char *out, size_t size)
{
    if (rel[0] == '/')
        snprintf(out, size, "%s", rel);
    else
        snprintf(out, size, "%s/%s", a->opt.data_dir, rel);
}

// Why the layout file did not load, for the corner of the screen: the file by its name, the
// place and the problem. fallback: the default layout is shown, not the last good one.
static void
layout_failed(struct app *a, struct core_err *err, bool fallback)
{
    const char *slash = strrchr(a->layout_path, '/');
    snprintf(err->source, sizeof(err->source), "%.100s", slash ? slash + 1 : a->layout_path);
    core_err_format(err, a->layout_error, sizeof(a->layout_error));
    a->layout_fallback = fallback;
}

int
wb_app_load_layout(struct app *a)
{
    char path[1024], fallback[1024];
    wb_app_data_path(a, "layouts/floor-1080p.json", fallback, sizeof(fallback));
    snprintf(path, sizeof(path), "%s", a->opt.layout ? a->opt.layout : fallback);
    // Watched even when it fails now: fixing it puts it on screen.
    snprintf(a->layout_path, sizeof(a->layout_path), "%s", path);
    a->layout_sig = file_sig_of(path);
    struct core_err err;
    core_err_clear(&err);
    if (wb_layout_load(path, &a->layout, &err) == 0) {
        a->include_sig = file_sig_of(a->layout->include);
        return 0;
    }
    char msg[512];
    fprintf(stderr, "wallboard: %s\n", core_err_format(&err, msg, sizeof(msg)));
    if (strcmp(path, fallback) == 0)
        return -1;
    fprintf(stderr, "wallboard: showing the default layout %s instead\n", fallback);
    // Said on the glass too, naming the file and the first error, until the file is fixed.
    layout_failed(a, &err, true);
    core_err_clear(&err);
    if (wb_layout_load(fallback, &a->layout, &err) == 0)
        return 0;
    fprintf(stderr, "wallboard: %s\n", core_err_format(&err, msg, sizeof(msg)));
    return -1;
}

int
wb_app_open_text(struct app *a)
{
    char regular[1024], bold[1024];
    wb_app_data_path(a, a->layout->theme.font, regular, sizeof(regular));
    wb_app_data_path(a, a->layout->theme.font_bold, bold, sizeof(bold));
    struct core_err err;
    core_err_clear(&err);
    if (wb_text_init(&a->text, regular, bold, a->win.renderer, wb_window_direct_target(&a->win),
                     &err) == 0)
        return 0;
    fprintf(stderr, "wallboard: %s (layout %s, theme.font)\n", err.text, a->layout->source);
    wb_text_fini(&a->text);
    // Fall back to the fonts shipped with the product rather than showing nothing.
    wb_app_data_path(a, "fonts/NotoSansSC-Regular.otf", regular, sizeof(regular));
    wb_app_data_path(a, "fonts/NotoSansSC-Bold.otf", bold, sizeof(bold));
    fprintf(stderr, "wallboard: using the shipped fonts %s\n", regular);
    core_err_clear(&err);
    if (wb_text_init(&a->text, regular, bold, a->win.renderer, wb_window_direct_target(&a->win),
                     &err) == 0)
        return 0;
    fprintf(stderr, "wallboard: %s\n", err.text);
    return -1;
}

// Layout edits reach the running screen within a second: the file is polled twice a second
// (simpler than inotify, and works on network shares). A broken edit leaves the last good
// layout on screen with the reason in a corner. Returns true when the frame must be redrawn.
bool
wb_app_watch_layout(struct app *a)
{
    int64_t now = core_clock_mono_ms();
    if (now - a->layout_checked_ms < 500)
        return false;
    a->layout_checked_ms = now;
    // The layout, and the site-wide settings it includes.
    struct file_sig layout = file_sig_of(a->layout_path);
    struct file_sig include = file_sig_of(a->layout->include);
    if (!layout.exists ||
        (file_sig_same(layout, a->layout_sig) && file_sig_same(include, a->include_sig)))
        return false;
    a->layout_sig = layout;
    a->include_sig = include;
    struct wb_layout *next = NULL;
    struct core_err err;
    core_err_clear(&err);
    if (wb_layout_load(a->layout_path, &next, &err) != 0) {
        char msg[512];
        fprintf(stderr, "wallboard: layout edit not applied: %s\n",
                core_err_format(&err, msg, sizeof(msg)));
        layout_failed(a, &err, false);
        return true;
    }
    bool new_fonts = strcmp(next->theme.font, a->layout->theme.font) != 0 ||
                     strcmp(next->theme.font_bold, a->layout->theme.font_bold) != 0;
    wb_layout_free(a->layout);
    a->layout = next;
    a->include_sig = file_sig_of(next->include); // it may include another file now
    a->names_checked = false;
    a->layout_error[0] = '\0';
    a->layout_fallback = false;
    wb_ui_relayout(&a->ui, next, now);
    if (new_fonts) {
        wb_text_fini(&a->text);
        wb_app_open_text(a); // falls back to the shipped fonts
    }
    a->full_redraw = true;
    fprintf(stderr, "wallboard: layout %s reloaded (%zu pages)\n", a->layout_path, next->npages);
    return true;
}

// Map geometry for region maps, once: read, projected and cut into triangles here, so
// frames only choose colours. A missing file leaves that map saying "no data"; China's gets
// its South China Sea islands inset.
void
wb_app_load_maps(struct app *a)
{
    static const struct {
        const char *file, *code_key;
        size_t offset;
    } maps[] = {{"data/geo/cn-provinces.geojson", "iso_3166_2", offsetof(struct app, china)},
                {"data/geo/world.geojson", "iso_a2", offsetof(struct app, world)}};
    for (size_t i = 0; i < 2; i++) {
        char path[1024];
        wb_app_data_path(a, maps[i].file, path, sizeof(path));
        struct core_err err;
        core_err_clear(&err);
        struct wb_geo *g = (struct wb_geo *)((char *)a + maps[i].offset);
        if (wb_geo_load(g, path, maps[i].code_key, &err) != 0)
            fprintf(stderr, "wallboard: map %s: %s\n", path, err.text);
    }
    // China's map is not whole without the South China Sea islands inset: said loudly if its
    // file is missing or broken (the map is drawn without it).
    char path[1024];
    wb_app_data_path(a, "data/geo/cn-nanhai-inset.geojson", path, sizeof(path));
    struct core_err err;
    core_err_clear(&err);
    if (a->china.nregions > 0 && wb_geo_load_inset(&a->china, path, &err) != 0)
        fprintf(stderr, "wallboard: map inset (南海诸岛): %s\n", err.text);
}

// The site token (to acknowledge alerts) and this screen's name for "acknowledged by".
int
wb_app_load_identity(struct app *a)
{
    if (a->opt.screen_name)
        snprintf(a->screen_name, sizeof(a->screen_name), "%s", a->opt.screen_name);
    else if (gethostname(a->screen_name, sizeof(a->screen_name) - 1) != 0)
        snprintf(a->screen_name, sizeof(a->screen_name), "wallboard");
    if (a->opt.token_file == NULL)
        return 0;
    struct core_err err;
    core_err_clear(&err);
    size_t len;
    char *text = core_file_check_private(a->opt.token_file, "the command token file", &err) == 0
                     ? core_file_read(a->opt.token_file, sizeof(a->token), &len, &err)
                     : NULL;
    if (text == NULL) {
        fprintf(stderr, "wallboard: command token: %s\n", err.text);
        return -1;
    }
    while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r' || text[len - 1] == ' '))
        text[--len] = '\0';
    snprintf(a->token, sizeof(a->token), "%s", text);
    free(text);
    return 0;
}
