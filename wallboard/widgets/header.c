// SPDX-License-Identifier: MIT
// The header: the board's title on the left, the time of day on the right.
#include "wallboard/engine/widget.h"

#include <stdio.h>
#include <time.h>

static void
header_draw(const struct wb_widget *w, const struct wb_frame *f, struct wb_rect r)
{
    const struct wb_theme *t = &f->layout->theme;
    int px = wb_px(f, t->title_size);
    char clock[16] = "";
    time_t now = (time_t)f->local_now_s;
    struct tm tm;
    if (f->local_now_s > 0 && localtime_r(&now, &tm) != NULL)
        strftime(clock, sizeof(clock), "%H:%M:%S", &tm);
    // The clock keeps a fixed box ("00:00:00" wide) so the title never shifts under it.
    int clock_w = f->measure(f->measure_ctx, "00:00:00", px, true) + px / 2;
    wb_draw_text(f->dl, (struct wb_rect){r.x + r.w - clock_w, r.y, clock_w, r.h}, clock, px, true,
                 WB_ALIGN_RIGHT, t->text);
    wb_draw_fitted(f, (struct wb_rect){r.x, r.y, r.w - clock_w - px, r.h}, w->title, px, true,
                   WB_ALIGN_LEFT, t->text);
}

const struct wb_widget_kind wb_widget_header = {
    .name = "header",
    .keys = NULL,
    .parse = NULL,
    .draw = header_draw,
    .free_opts = NULL,
};
