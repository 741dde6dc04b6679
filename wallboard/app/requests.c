// SPDX-License-Identifier: MIT
// What the screen asks of the collector on the command socket: an agent's day and a queue's
// waiting calls for the drill-downs, alert acknowledgements; and a new alert turning the page.
#include "core/clock.h"
#include "wallboard/app/app.h"

#include <stdio.h>
#include <string.h>

#define ACK_NOTICE_MS    10000 // a refusal stays on the band this long
#define CALLS_REFRESH_MS 5000  // the list is asked again this often while open (and on changes)

// On a screen scoped to one site of a roll-up, names are shown without "site/"; the
// collector knows them with it.
static const char *
collector_name(const struct app *a, const char *name, char *buf, size_t size)
{
    if (a->view.scope_site[0] == '\0')
        return name;
    snprintf(buf, size, "%s/%s", a->view.scope_site, name);
    return buf;
}

// Asks the collector {"cmd": cmd, key: name} about one of its agents or queues (name as the
// collector knows it). Returns true when the request is on its way.
static bool
ask_about(struct app *a, const char *cmd, const char *key, const char *name)
{
    char buf[CORE_ID_MAX + CORE_SITE_MAX];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "cmd", cmd);
    cJSON_AddStringToObject(o, key, collector_name(a, name, buf, sizeof(buf)));
    char *text = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    bool sent = text && wb_feed_command(a->feed, text) == 0;
    cJSON_free(text);
    return sent;
}

static void
set_ack_notice(struct app *a, enum wb_str what, const char *why)
{
    wb_str_format(a->ack_notice, sizeof(a->ack_notice), a->layout->lang, what, why ? why : "");
    a->ack_notice_until_ms = core_clock_mono_ms() + ACK_NOTICE_MS;
}

// A long press on an alert: the acknowledgement goes to the collector with the site token;
// every screen then shows it (it comes back in the state). Refusals are said on the band.
void
wb_app_send_ack(struct app *a)
{
    char key[192];
    snprintf(key, sizeof(key), "%s", a->ui.ack_key);
    a->ui.ack_key[0] = '\0';
    if (a->token[0] == '\0' || a->feed == NULL) {
        a->ack_state = ACK_REFUSED;
        if (a->feed == NULL)
            set_ack_notice(a, WB_STR_ACK_REFUSED, wb_str(a->layout->lang, WB_STR_NOT_CONNECTED));
        else
            set_ack_notice(a, WB_STR_ACK_NO_TOKEN, NULL);
        fprintf(stderr, "wallboard: acknowledgement of %s not sent: %s\n", key,
                a->feed ? "no --command-token-file" : "no collector");
        return;
    }
    cJSON *cmd = cJSON_CreateObject();
    cJSON_AddStringToObject(cmd, "cmd", "ack");
    cJSON_AddStringToObject(cmd, "alert", key);
    cJSON_AddStringToObject(cmd, "token", a->token);
    cJSON_AddStringToObject(cmd, "by", a->screen_name);
    char *text = cJSON_PrintUnformatted(cmd);
    cJSON_Delete(cmd);
    if (text && wb_feed_command(a->feed, text) == 0) {
        a->ack_state = ACK_SENDING;
        set_ack_notice(a, WB_STR_ACK_SENDING, NULL);
    }
    cJSON_free(text);
}

static void
on_ack_reply(struct app *a, const cJSON *reply)
{
    const cJSON *error = cJSON_GetObjectItemCaseSensitive(reply, "error");
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(reply, "ok"))) {
        a->ack_state = ACK_DONE;
        a->ack_notice[0] = '\0'; // the band shows who acknowledged, from the state
        return;
    }
    a->ack_state = ACK_REFUSED;
    const char *why = cJSON_IsString(error) ? error->valuestring : "?";
    set_ack_notice(a, WB_STR_ACK_REFUSED, why);
    fprintf(stderr, "wallboard: acknowledgement refused: %s\n", why);
}

// A new alert (not yet acknowledged) turns a rotating screen to the page that shows its queue.
bool
wb_app_follow_alerts(struct app *a)
{
    bool redraw = false;
    char seen[32][192];
    size_t nseen = 0;
    for (size_t i = 0; i < a->view.nalerts && nseen < 32; i++) {
        const struct core_view_alert *al = &a->view.alerts[i];
        if (al->acked)
            continue;
        bool known = false;
        for (size_t k = 0; k < a->nalerts_seen && !known; k++)
            known = strcmp(a->alerts_seen[k], al->key) == 0;
        snprintf(seen[nseen++], sizeof(seen[0]), "%s", al->key);
        if (known)
            continue;
        size_t page = al->word[0] ? wb_layout_page_with(a->layout, "keywords", a->ui.page)
                                  : wb_layout_page_showing(a->layout, al->queue, a->ui.page);
        if (wb_ui_show_page(&a->ui, a->layout, page, core_clock_mono_ms())) {
            a->full_redraw = true;
            redraw = true;
        }
    }
    memcpy(a->alerts_seen, seen, sizeof(seen[0]) * nseen);
    a->nalerts_seen = nseen;
    if (a->ack_notice[0] && core_clock_mono_ms() >= a->ack_notice_until_ms) {
        a->ack_notice[0] = '\0';
        redraw = true;
    }
    return redraw;
}

// Takes the collector's answers; only the one about the agent on screen is kept.
static bool
take_replies(struct app *a)
{
    bool redraw = false;
    char agent_buf[CORE_ID_MAX + CORE_SITE_MAX], queue_buf[CORE_ID_MAX + CORE_SITE_MAX];
    const char *asked_agent = collector_name(a, a->history.agent, agent_buf, sizeof(agent_buf));
    const char *asked_queue = collector_name(a, a->calls.queue, queue_buf, sizeof(queue_buf));
    cJSON *reply;
    while (a->feed && (reply = wb_feed_take_reply(a->feed)) != NULL) {
        const cJSON *cmd = cJSON_GetObjectItemCaseSensitive(reply, "cmd");
        const cJSON *agent = cJSON_GetObjectItemCaseSensitive(reply, "agent");
        const cJSON *queue = cJSON_GetObjectItemCaseSensitive(reply, "queue");
        if (a->history_pending && cJSON_IsString(cmd) &&
            strcmp(cmd->valuestring, "agent_history") == 0 &&
            (!cJSON_IsString(agent) || strcmp(agent->valuestring, asked_agent) == 0)) {
            if (wb_history_read(&a->history, reply) != 0)
                fprintf(stderr, "wallboard: out of memory reading an agent's history\n");
            a->history_pending = false;
            redraw = true;
        } else if (a->calls_pending && cJSON_IsString(cmd) &&
                   strcmp(cmd->valuestring, "queue_calls") == 0 &&
                   (!cJSON_IsString(queue) || strcmp(queue->valuestring, asked_queue) == 0)) {
            if (wb_queue_calls_read(&a->calls, reply) != 0)
                fprintf(stderr, "wallboard: out of memory reading a queue's calls\n");
            a->calls_pending = false;
            redraw = true;
        } else if (cJSON_IsString(cmd) && strcmp(cmd->valuestring, "ack") == 0) {
            on_ack_reply(a, reply);
            redraw = true;
        }
        cJSON_Delete(reply);
    }
    return redraw;
}

// An open agent drill-down shows the agent's day: asked of the collector when it opens, and
// again whenever the agent's state changes. Returns true when the screen must be redrawn.
bool
wb_app_follow_history(struct app *a)
{
    bool redraw = take_replies(a);
    if (a->ui.overlay != WB_OVERLAY_AGENT) {
        if (a->history.agent[0])
            wb_history_reset(&a->history, "");
        a->history_pending = false;
        return redraw;
    }
    double since = 0;
    for (size_t i = 0; i < a->view.nagents; i++) {
        if (strcmp(a->view.agents[i].id, a->ui.overlay_id) == 0)
            since = a->view.agents[i].since_s;
    }
    bool other = strcmp(a->history.agent, a->ui.overlay_id) != 0;
    if (!other && (a->history_pending || since == a->history_since_s))
        return redraw;
    if (other)
        wb_history_reset(&a->history, a->ui.overlay_id);
    a->history_since_s = since;
    if (a->feed)
        a->history_pending = ask_about(a, "agent_history", "agent", a->history.agent);
    else
        snprintf(a->history.error, sizeof(a->history.error), "%s",
                 wb_str(a->layout->lang, WB_STR_NOT_CONNECTED));
    return redraw || other;
}

// An open queue drill-down lists the calls waiting: asked when it opens, when the queue's
// waiting count changes, and every few seconds (a call may be answered as another arrives).
bool
wb_app_follow_queue_calls(struct app *a)
{
    if (a->ui.overlay != WB_OVERLAY_QUEUE) {
        if (a->calls.queue[0])
            wb_queue_calls_reset(&a->calls, "");
        a->calls_pending = false;
        return false;
    }
    const struct core_view_queue *q = core_view_find_queue(&a->view, a->ui.overlay_id);
    uint64_t waiting = q ? q->waiting : 0;
    int64_t now = core_clock_mono_ms();
    bool other = strcmp(a->calls.queue, a->ui.overlay_id) != 0;
    if (!other && (a->calls_pending ||
                   (waiting == a->calls_for_waiting && now - a->calls_asked_ms < CALLS_REFRESH_MS)))
        return false;
    if (other)
        wb_queue_calls_reset(&a->calls, a->ui.overlay_id);
    a->calls_for_waiting = waiting;
    a->calls_asked_ms = now;
    if (a->feed == NULL) {
        snprintf(a->calls.error, sizeof(a->calls.error), "%s",
                 wb_str(a->layout->lang, WB_STR_NOT_CONNECTED));
        return other;
    }
    a->calls_pending = ask_about(a, "queue_calls", "queue", a->calls.queue);
    return other;
}
