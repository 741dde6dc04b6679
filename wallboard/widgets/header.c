// SPDX-License-Identifier: MIT
// The header: the board's title on the left, the date with the weekday and the time of day on
// the right (a wall screen is also the floor's calendar).
#include "wallboard/engine/widget.h"

#include <stdio.h>
#include <time.h>

// "12月1日 星期二" or "Tue 1 Dec", in the layout's language (not the machine's locale).
static void
date_text(const struct tm *tm, enum wb_lang lang, char *buf, size_t size)
{
    static const char *const zh_days[7] = {"星期日", "星期一", "星期二", "星期三",
                                           "星期四", "星期五", "星期六"};
    static const char *const en_days[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const en_months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int wd = tm->tm_wday >= 0 && tm->tm_wday < 7 ? tm->tm_wday : 0;
    int mon = tm->tm_mon >= 0 && tm->tm_mon < 12 ? tm->tm_mon : 0;
    if (lang == WB_LANG_ZH)
        snprintf(buf, size, "%d月%d日 %s", mon + 1, tm->tm_mday, zh_days[wd]);
    else
        snprintf(buf, size, "%s %d %s", en_days[wd], tm->tm_mday, en_months[mon]);
}

static void
header_draw(const struct wb_widget *w, const struct wb_frame *f, struct wb_rect r)
{
    const struct wb_theme *t = &f->layout->theme;
    int px = wb_px(f, t->title_size);
    char clock[16] = "", date[64] = "";
    time_t now = (time_t)f->local_now_s;
    struct tm tm;
    if (f->local_now_s > 0 && localtime_r(&now, &tm) != NULL) {
        strftime(clock, sizeof(clock), "%H:%M:%S", &tm);
        date_text(&tm, f->layout->lang, date, sizeof(date));
    }
    // The clock and the date keep fixed boxes (their widest) so the title never shifts; the
    // date gives way where it would leave the title under a third of the header.
    int clock_w = wb_header_clock_w(f);
    int dpx = wb_px(f, t->label_size);
    const char *widest = f->layout->lang == WB_LANG_ZH ? "12月30日 星期三" : "Wed 30 Dec";
    int date_w = f->measure(f->measure_ctx, widest, dpx, false) + px / 2;
    if (r.w - clock_w - date_w - px < r.w / 3)
        date_w = 0;
    wb_draw_text(f->dl, (struct wb_rect){r.x + r.w - clock_w, r.y, clock_w, r.h}, clock, px, true,
                 WB_ALIGN_RIGHT, t->text);
    if (date_w)
        wb_draw_text(f->dl, (struct wb_rect){r.x + r.w - clock_w - date_w, r.y, date_w, r.h}, date,
                     dpx, false, WB_ALIGN_RIGHT, t->muted);
    wb_draw_fitted(f, (struct wb_rect){r.x, r.y, r.w - clock_w - date_w - px, r.h}, w->title, px,
                   true, WB_ALIGN_LEFT, t->text);
}

const struct wb_widget_kind wb_widget_header = {
    .name = "header",
    .keys = NULL,
    .parse = NULL,
    .draw = header_draw,
    .free_opts = NULL,
};
