// SPDX-License-Identifier: MIT
// Every fixed string the board shows, in zh-CN and en.
#ifndef WB_I18N_H
#define WB_I18N_H

#include <stddef.h>

enum wb_lang { WB_LANG_ZH, WB_LANG_EN, WB_LANG_COUNT };

enum wb_str {
    WB_STR_STATE_LOGGED_OUT,
    WB_STR_STATE_AVAILABLE,
    WB_STR_STATE_RINGING,
    WB_STR_STATE_ON_CALL,
    WB_STR_STATE_WRAP_UP,
    WB_STR_STATE_NOT_READY,
    WB_STR_COL_QUEUE,
    WB_STR_COL_SITE,
    WB_STR_COL_QUEUE_GROUP,
    WB_STR_COL_WAITING,
    WB_STR_COL_LONGEST,
    WB_STR_COL_AVAILABLE,
    WB_STR_COL_ON_CALL,
    WB_STR_COL_OFFERED,
    WB_STR_COL_ANSWERED,
    WB_STR_COL_ABANDONED,
    WB_STR_COL_SL,
    WB_STR_COL_ASA,
    WB_STR_COL_AHT,
    WB_STR_COL_ABANDON_RATE,
    WB_STR_COL_TIMED_OUT,
    WB_STR_COL_TRANSFERRED,
    WB_STR_COL_MISSED_RINGS,
    WB_STR_MISSED_N,
    WB_STR_LAST_MISSED,
    WB_STR_STALE,        // printf: the time of the last update
    WB_STR_CONNECTING,   // printf: the collector's address
    WB_STR_SOURCE_DOWN,  // printf: the source and since when
    WB_STR_JOURNAL_DOWN, // printf: since when (the collector's disk is failing)
    WB_STR_LIVE,
    WB_STR_MORE, // printf: how many more
    WB_STR_NO_DATA,
    WB_STR_UNKNOWN_REGION,
    WB_STR_CALLS,
    WB_STR_LAYOUT_ERROR,  // printf: the message (file, JSON path, what is wrong)
    WB_STR_OVERLAY_CLOSE, // printf: seconds until the overlay closes by itself
    WB_STR_AGENTS,
    WB_STR_SL_TODAY,
    WB_STR_ANSWERED_TODAY,
    WB_STR_ABANDONED_TODAY,
    WB_STR_HANDLED_TODAY,
    WB_STR_OCCUPANCY,
    WB_STR_QUEUES,
    WB_STR_PAUSED,
    WB_STR_TODAY_STATES,
    WB_STR_HISTORY_LOADING,
    WB_STR_HISTORY_UNAVAILABLE, // printf: why
    WB_STR_NOT_CONNECTED,
    WB_STR_ACKED_BY,
    WB_STR_LONG_PRESS_ACK,
    WB_STR_MORE_ALERTS, // printf: how many more
    WB_STR_ACK_SENDING,
    WB_STR_ACK_REFUSED, // printf: why
    WB_STR_ACK_NO_TOKEN,
    WB_STR_WAITING_CALLS,
    WB_STR_KEYWORD_SURGE,
    WB_STR_TREND_NEW,
    WB_STR_TREND_RISING,
    WB_STR_TREND_STEADY,
    WB_STR_TREND_FALLING,
    WB_STR_WATCH_WORD,
    WB_STR_CALLS_UNAVAILABLE, // printf: why
    WB_STR_HISTORY_LOADING_SHORT,
    WB_STR_MORE_CALLS,      // printf: how many more
    WB_STR_MORE_ROWS,       // printf: how many more (entries of a list or table)
    WB_STR_MORE_COLUMNS,    // printf: how many columns of a table do not fit
    WB_STR_FEW_CALLS,       // printf: how many calls a rate would be made of (too few)
    WB_STR_SL_UNKNOWN,      // an SL legend when the collector does not say its threshold
    WB_STR_THIS_MACHINE,    // a collector on the screen's own machine (ipc://)
    WB_STR_LAYOUT_FALLBACK, // printf: why the layout file did not load at start
    WB_STR_NO_CALLS_IN_WINDOW,
    WB_STR_NANHAI,       // the South China Sea islands inset's name
    WB_STR_MAP_APPROVAL, // before a map's approval number
    WB_STR_COUNT
};

// wb_str returns string id in lang; never NULL.
const char *wb_str(enum wb_lang lang, enum wb_str id);

// wb_str_format fills in the one argument of WB_STR_STALE (a time), WB_STR_CONNECTING (an
// address) or WB_STR_MORE (a count, as text) and writes the result into buf.
void wb_str_format(char *buf, size_t size, enum wb_lang lang, enum wb_str id, const char *arg);

// wb_lang_parse maps "zh-CN"/"zh" and "en" to a language. Returns 0, or -1 if unknown.
int wb_lang_parse(const char *name, enum wb_lang *out);

#endif
