// SPDX-License-Identifier: MIT
// Scripted touch events (see touch_script.h).
#include "wallboard/sdl/touch_script.h"

#include "core/file.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCRIPT_FILE_MAX ((size_t)1 << 20)

struct step {
    int64_t at_ms;
    Uint32 type; // an SDL event type
    int64_t finger;
    Uint8 button;
    double x, y;
};

struct wb_touch_script {
    struct step *steps;
    size_t len, next;
};

static const struct {
    const char *name;
    Uint32 type;
} types[] = {{"finger_down", SDL_FINGERDOWN},   {"finger_motion", SDL_FINGERMOTION},
             {"finger_up", SDL_FINGERUP},       {"mouse_down", SDL_MOUSEBUTTONDOWN},
             {"mouse_motion", SDL_MOUSEMOTION}, {"mouse_up", SDL_MOUSEBUTTONUP}};

static int
parse_step(const char *line, struct step *s, char *why, size_t size)
{
    cJSON *o = cJSON_Parse(line);
    const cJSON *at = cJSON_GetObjectItemCaseSensitive(o, "at_ms");
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(o, "type");
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, "x");
    const cJSON *y = cJSON_GetObjectItemCaseSensitive(o, "y");
    const cJSON *finger = cJSON_GetObjectItemCaseSensitive(o, "finger");
    const cJSON *button = cJSON_GetObjectItemCaseSensitive(o, "button");
    int rc = -1;
    s->type = 0;
    for (size_t i = 0; cJSON_IsString(type) && i < sizeof(types) / sizeof(types[0]); i++) {
        if (strcmp(type->valuestring, types[i].name) == 0)
            s->type = types[i].type;
    }
    if (o == NULL)
        snprintf(why, size, "not a JSON object");
    else if (!cJSON_IsNumber(at) || at->valuedouble < 0)
        snprintf(why, size, "at_ms: must be a number of milliseconds from the start");
    else if (s->type == 0)
        snprintf(why, size,
                 "type: use finger_down, finger_motion, finger_up, mouse_down, "
                 "mouse_motion or mouse_up");
    else if (!cJSON_IsNumber(x) || !cJSON_IsNumber(y) || x->valuedouble < 0 || x->valuedouble > 1 ||
             y->valuedouble < 0 || y->valuedouble > 1)
        snprintf(why, size, "x, y: must be fractions of the screen, 0 to 1");
    else if (button && !(cJSON_IsString(button) && (strcmp(button->valuestring, "left") == 0 ||
                                                    strcmp(button->valuestring, "right") == 0)))
        snprintf(why, size, "button: \"left\" or \"right\"");
    else
        rc = 0;
    if (rc == 0) {
        s->at_ms = (int64_t)at->valuedouble;
        s->x = x->valuedouble;
        s->y = y->valuedouble;
        s->finger = cJSON_IsNumber(finger) ? (int64_t)finger->valuedouble : 1;
        s->button = button && strcmp(button->valuestring, "right") == 0 ? SDL_BUTTON_RIGHT
                                                                        : SDL_BUTTON_LEFT;
    }
    cJSON_Delete(o);
    return rc;
}

struct wb_touch_script *
wb_touch_script_load(const char *path, char *msg, size_t size)
{
    struct core_err err;
    core_err_clear(&err);
    size_t len;
    char *buf = core_file_read(path, SCRIPT_FILE_MAX, &len, &err);
    if (buf == NULL) {
        core_err_format(&err, msg, size);
        return NULL;
    }
    struct wb_touch_script *s = calloc(1, sizeof(*s));
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += buf[i] == '\n';
    if (s)
        s->steps = calloc(lines, sizeof(*s->steps));
    if (s == NULL || s->steps == NULL) {
        snprintf(msg, size, "%s: out of memory", path);
        free(buf);
        wb_touch_script_free(s);
        return NULL;
    }
    long lineno = 0;
    for (char *line = buf, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        if (strspn(line, " \t\r") == strlen(line))
            continue;
        char why[160];
        if (parse_step(line, &s->steps[s->len], why, sizeof(why)) != 0) {
            snprintf(msg, size, "%s:%ld: %s", path, lineno, why);
            free(buf);
            wb_touch_script_free(s);
            return NULL;
        }
        if (s->len > 0 && s->steps[s->len].at_ms < s->steps[s->len - 1].at_ms) {
            snprintf(msg, size, "%s:%ld: at_ms goes back in time", path, lineno);
            free(buf);
            wb_touch_script_free(s);
            return NULL;
        }
        s->len++;
    }
    free(buf);
    return s;
}

void
wb_touch_script_free(struct wb_touch_script *s)
{
    if (s == NULL)
        return;
    free(s->steps);
    free(s);
}

int64_t
wb_touch_script_due_ms(const struct wb_touch_script *s)
{
    return s && s->next < s->len ? s->steps[s->next].at_ms : INT64_MAX;
}

bool
wb_touch_script_next(struct wb_touch_script *s, int64_t elapsed_ms, int w, int h, SDL_Event *e)
{
    if (wb_touch_script_due_ms(s) > elapsed_ms)
        return false;
    const struct step *st = &s->steps[s->next++];
    memset(e, 0, sizeof(*e));
    e->type = st->type;
    e->common.timestamp = (Uint32)st->at_ms; // from the start of the run
    if (st->type == SDL_FINGERDOWN || st->type == SDL_FINGERUP || st->type == SDL_FINGERMOTION) {
        e->tfinger.touchId = 1;
        e->tfinger.fingerId = st->finger;
        e->tfinger.x = (float)st->x;
        e->tfinger.y = (float)st->y;
        e->tfinger.pressure = 1;
    } else if (st->type == SDL_MOUSEMOTION) {
        e->motion.which = 0;
        e->motion.state = SDL_BUTTON_LMASK; // a drag: motion matters only with the button down
        e->motion.x = (Sint32)(st->x * w);
        e->motion.y = (Sint32)(st->y * h);
    } else {
        e->button.which = 0;
        e->button.button = st->button;
        e->button.state = st->type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
        e->button.clicks = 1;
        e->button.x = (Sint32)(st->x * w);
        e->button.y = (Sint32)(st->y * h);
    }
    return true;
}
