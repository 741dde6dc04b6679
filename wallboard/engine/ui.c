// SPDX-License-Identifier: MIT
// The screen's response to touch, and to time passing.
#include "wallboard/engine/ui.h"

#include <stdio.h>
#include <string.h>

void
wb_ui_init(struct wb_ui *ui, const struct wb_layout *l, size_t page, int64_t now_ms)
{
    memset(ui, 0, sizeof(*ui));
    ui->page = page < l->npages ? page : 0;
    ui->page_since_ms = now_ms;
}

static void
close_overlay(struct wb_ui *ui)
{
    ui->overlay = WB_OVERLAY_NONE;
    ui->overlay_id[0] = '\0';
}

static void
open_overlay(struct wb_ui *ui, const struct wb_hit *hit, int64_t now_ms)
{
    ui->overlay = hit->kind == WB_HIT_QUEUE ? WB_OVERLAY_QUEUE : WB_OVERLAY_AGENT;
    snprintf(ui->overlay_id, sizeof(ui->overlay_id), "%.*s", CORE_ID_MAX - 1, hit->id);
    ui->overlay_since_ms = now_ms;
}

static void
turn_page(struct wb_ui *ui, const struct wb_layout *l, int step, int64_t now_ms)
{
    close_overlay(ui);
    ui->page = (ui->page + l->npages + (size_t)(step > 0 ? 1 : l->npages - 1)) % l->npages;
    ui->page_since_ms = now_ms;
}

static bool
inside(struct wb_rect r, double x, double y)
{
    return x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
}

static bool
tap(struct wb_ui *ui, const struct wb_gesture *g, const struct wb_hits *hits,
    struct wb_rect overlay, int64_t now_ms)
{
    const struct wb_hit *hit = wb_hits_find(hits, g->x, g->y);
    if (ui->overlay != WB_OVERLAY_NONE && !inside(overlay, g->x, g->y)) {
        close_overlay(ui); // a tap outside closes the drill-down
        return true;
    }
    if (hit == NULL || hit->kind == WB_HIT_ALERT)
        return false; // an alert is acknowledged by a long press, not a tap
    if (hit->kind == WB_HIT_KEYWORD) {
        // The map follows the word; touching it again (or time) goes back to all calls.
        if (strcmp(ui->keyword, hit->id) == 0)
            ui->keyword[0] = '\0';
        else
            snprintf(ui->keyword, sizeof(ui->keyword), "%.*s", CORE_WORD_MAX - 1, hit->id);
        return true;
    }
    open_overlay(ui, hit, now_ms); // from the board, or an agent inside a queue's overlay
    return true;
}

bool
wb_ui_gesture(struct wb_ui *ui, const struct wb_layout *l, const struct wb_gesture *g,
              const struct wb_hits *hits, struct wb_rect overlay, int64_t now_ms)
{
    ui->touched_ms = now_ms;
    switch (g->type) {
    case WB_GESTURE_TAP: return tap(ui, g, hits, overlay, now_ms);
    case WB_GESTURE_SWIPE_LEFT:
    case WB_GESTURE_SWIPE_RIGHT:
        if (l->npages < 2)
            return false;
        turn_page(ui, l, g->type == WB_GESTURE_SWIPE_LEFT ? 1 : -1, now_ms);
        return true;
    case WB_GESTURE_TWO_FINGER_TAP:
        ui->paused = !ui->paused;
        ui->page_since_ms = now_ms;
        return true;
    case WB_GESTURE_LONG_PRESS: {
        // Deliberate (0.7 s still): acknowledges the alert under the finger.
        const struct wb_hit *hit = wb_hits_find(hits, g->x, g->y);
        if (hit == NULL || hit->kind != WB_HIT_ALERT)
            return false;
        snprintf(ui->ack_key, sizeof(ui->ack_key), "%s", hit->id);
        return true;
    }
    case WB_GESTURE_NONE: break;
    }
    return false;
}

static int64_t
overlay_closes_ms(const struct wb_ui *ui, const struct wb_layout *l)
{
    int64_t from = ui->touched_ms > ui->overlay_since_ms ? ui->touched_ms : ui->overlay_since_ms;
    return from + (int64_t)(l->overlay_timeout_s * 1000);
}

static int64_t
rotation_due_ms(const struct wb_ui *ui, const struct wb_layout *l)
{
    const struct wb_page *p = &l->pages[ui->page];
    // No rotation under someone's drill-down, or while paused, or with one page.
    if (l->npages < 2 || p->dwell_s <= 0 || ui->paused || ui->overlay != WB_OVERLAY_NONE)
        return INT64_MAX;
    return ui->page_since_ms + (int64_t)(p->dwell_s * 1000);
}

bool
wb_ui_tick(struct wb_ui *ui, const struct wb_layout *l, int64_t now_ms)
{
    bool changed = false;
    if (ui->overlay != WB_OVERLAY_NONE && now_ms >= overlay_closes_ms(ui, l)) {
        close_overlay(ui);
        ui->page_since_ms = now_ms; // the page gets its full dwell after the drill-down
        changed = true;
    }
    if (ui->keyword[0] && now_ms - ui->touched_ms >= (int64_t)(l->overlay_timeout_s * 1000)) {
        ui->keyword[0] = '\0'; // like a drill-down, a chosen word does not stay for ever
        changed = true;
    }
    if (ui->paused && now_ms - ui->touched_ms >= (int64_t)(l->resume_rotation_s * 1000)) {
        ui->paused = false;
        ui->page_since_ms = now_ms;
        changed = true;
    }
    if (now_ms >= rotation_due_ms(ui, l)) {
        turn_page(ui, l, 1, now_ms);
        changed = true;
    }
    return changed;
}

int64_t
wb_ui_deadline(const struct wb_ui *ui, const struct wb_layout *l)
{
    int64_t t = rotation_due_ms(ui, l);
    if (ui->overlay != WB_OVERLAY_NONE && overlay_closes_ms(ui, l) < t)
        t = overlay_closes_ms(ui, l);
    int64_t release = ui->touched_ms + (int64_t)(l->overlay_timeout_s * 1000);
    if (ui->keyword[0] && release < t)
        t = release;
    int64_t resume = ui->touched_ms + (int64_t)(l->resume_rotation_s * 1000);
    if (ui->paused && resume < t)
        t = resume;
    return t;
}

int
wb_ui_overlay_left_s(const struct wb_ui *ui, const struct wb_layout *l, int64_t now_ms)
{
    int64_t left = overlay_closes_ms(ui, l) - now_ms;
    return left > 0 ? (int)((left + 999) / 1000) : 0;
}

bool
wb_ui_show_page(struct wb_ui *ui, const struct wb_layout *l, size_t page, int64_t now_ms)
{
    bool touched =
        ui->touched_ms && now_ms - ui->touched_ms < (int64_t)(l->overlay_timeout_s * 1000);
    if (page >= l->npages || page == ui->page || ui->overlay != WB_OVERLAY_NONE || touched)
        return false;
    ui->page = page;
    ui->page_since_ms = now_ms;
    return true;
}

void
wb_ui_relayout(struct wb_ui *ui, const struct wb_layout *l, int64_t now_ms)
{
    if (ui->page >= l->npages)
        ui->page = 0;
    ui->page_since_ms = now_ms;
}

void
wb_ui_describe(const struct wb_ui *ui, char *buf, size_t size)
{
    static const char *const kinds[] = {"none", "queue:", "agent:"};
    snprintf(buf, size, "page=%zu paused=%s overlay=%s%s keyword=%s", ui->page,
             ui->paused ? "yes" : "no", kinds[ui->overlay], ui->overlay_id,
             ui->keyword[0] ? ui->keyword : "-");
}
