// SPDX-License-Identifier: MIT
// The string table. Adding a language is adding a column.
#include "wallboard/engine/i18n.h"

#include <stdio.h>
#include <string.h>

static const char *const strings[WB_STR_COUNT][WB_LANG_COUNT] = {
    [WB_STR_STATE_LOGGED_OUT] = {"离线", "Logged out"},
    [WB_STR_STATE_AVAILABLE] = {"空闲", "Available"},
    [WB_STR_STATE_RINGING] = {"振铃", "Ringing"},
    [WB_STR_STATE_ON_CALL] = {"通话", "On call"},
    [WB_STR_STATE_WRAP_UP] = {"整理", "Wrap-up"},
    [WB_STR_STATE_NOT_READY] = {"示忙", "Not ready"},
    [WB_STR_COL_QUEUE] = {"队列", "Queue"},
    [WB_STR_COL_SITE] = {"站点", "Site"},
    [WB_STR_COL_QUEUE_GROUP] = {"队列（各站点）", "Queue (all sites)"},
    [WB_STR_COL_WAITING] = {"排队", "Waiting"},
    [WB_STR_COL_LONGEST] = {"最长等待", "Longest"},
    [WB_STR_COL_AVAILABLE] = {"空闲", "Available"},
    [WB_STR_COL_ON_CALL] = {"通话", "On call"},
    [WB_STR_COL_OFFERED] = {"进线", "Offered"},
    [WB_STR_COL_ANSWERED] = {"接通", "Answered"},
    [WB_STR_COL_ABANDONED] = {"放弃", "Abandoned"},
    [WB_STR_COL_SL] = {"服务水平", "SL"},
    [WB_STR_COL_ASA] = {"平均应答", "ASA"},
    [WB_STR_COL_AHT] = {"平均处理", "AHT"},
    [WB_STR_COL_ABANDON_RATE] = {"放弃率", "Abandon rate"},
    [WB_STR_COL_TIMED_OUT] = {"超时", "Timed out"},
    [WB_STR_COL_TRANSFERRED] = {"转出", "Transferred"},
    [WB_STR_COL_MISSED_RINGS] = {"未接振铃", "Missed rings"},
    [WB_STR_MISSED_N] = {"未接%s", "%s missed"},
    [WB_STR_LAST_MISSED] = {"最近未接振铃", "Last missed rings"},
    [WB_STR_STALE] = {"数据已停止更新 %s 起 — 正在重连", "No data since %s — reconnecting"},
    [WB_STR_CONNECTING] = {"正在连接数据服务 %s …", "Connecting to the collector at %s …"},
    [WB_STR_JOURNAL_DOWN] = {"数据服务磁盘写入失败%s — 数据暂存内存，请通知维护",
                             "Collector cannot write to its disk%s — data held in memory, call "
                             "maintenance"},
    [WB_STR_SOURCE_DOWN] = {"电话系统连接中断：%s — 数据不完整",
                            "PBX link down: %s — figures incomplete"},
    [WB_STR_LIVE] = {"实时", "Live"},
    [WB_STR_MORE] = {"另有 %s 人", "+%s more"},
    [WB_STR_NO_DATA] = {"暂无数据", "No data yet"},
    [WB_STR_UNKNOWN_REGION] = {"未知", "Unknown"},
    [WB_STR_CALLS] = {"来电", "Calls"},
    [WB_STR_LAYOUT_ERROR] = {"布局文件有误，仍显示上一版：%s",
                             "Layout edit not applied, showing the last good one: %s"},
    [WB_STR_OVERLAY_CLOSE] = {"轻触外部关闭 · %s 秒", "Tap outside to close · %s s"},
    [WB_STR_AGENTS] = {"坐席", "Agents"},
    [WB_STR_SL_TODAY] = {"今日服务水平", "SL today"},
    [WB_STR_ANSWERED_TODAY] = {"今日接通", "Answered today"},
    [WB_STR_ABANDONED_TODAY] = {"今日放弃", "Abandoned today"},
    [WB_STR_HANDLED_TODAY] = {"今日接听", "Handled today"},
    [WB_STR_OCCUPANCY] = {"占用率", "Occupancy"},
    [WB_STR_QUEUES] = {"服务队列", "Queues"},
    [WB_STR_PAUSED] = {"轮播已暂停", "Rotation paused"},
    [WB_STR_TODAY_STATES] = {"今日状态", "Today"},
    [WB_STR_HISTORY_LOADING] = {"正在读取今日状态…", "Loading today's states…"},
    [WB_STR_HISTORY_UNAVAILABLE] = {"今日状态暂不可用：%s", "Today's states unavailable: %s"},
    [WB_STR_NOT_CONNECTED] = {"未连接数据服务", "not connected to the collector"},
    [WB_STR_ACKED_BY] = {"已确认：", "Acknowledged by"},
    [WB_STR_LONG_PRESS_ACK] = {"长按确认", "Long-press to acknowledge"},
    [WB_STR_MORE_ALERTS] = {"另有 %s 条告警", "+%s more"},
    [WB_STR_ACK_SENDING] = {"正在确认…", "Acknowledging…"},
    [WB_STR_ACK_REFUSED] = {"确认被拒绝：%s", "Acknowledgement refused: %s"},
    [WB_STR_WAITING_CALLS] = {"排队来电", "Waiting calls"},
    [WB_STR_KEYWORD_SURGE] = {"关键词激增", "Keyword surge"},
    [WB_STR_TREND_NEW] = {"新出现", "New"},
    [WB_STR_TREND_RISING] = {"上升", "Rising"},
    [WB_STR_TREND_STEADY] = {"平稳", "Steady"},
    [WB_STR_TREND_FALLING] = {"下降", "Falling"},
    [WB_STR_WATCH_WORD] = {"关注词", "Watch word"},
    [WB_STR_CALLS_UNAVAILABLE] = {"暂不可用：%s", "Unavailable: %s"},
    [WB_STR_HISTORY_LOADING_SHORT] = {"正在读取…", "Loading…"},
    [WB_STR_MORE_CALLS] = {"另有 %s 通", "+%s more"},
    [WB_STR_MORE_ROWS] = {"另有 %s 项", "+%s more"},
    [WB_STR_MORE_COLUMNS] = {"另有%s列", "+%s columns"},
    [WB_STR_FEW_CALLS] = {"仅 %s 通，暂不计算", "only %s calls so far"},
    [WB_STR_SL_UNKNOWN] = {"服务水平阈值未知", "SL threshold not known"},
    [WB_STR_THIS_MACHINE] = {"本机", "this machine"},
    [WB_STR_LAYOUT_FALLBACK] = {"布局文件有误，显示默认布局：%s",
                                "Layout not loaded, showing the default one: %s"},
    [WB_STR_NO_CALLS_IN_WINDOW] = {"此时段内暂无来电", "No calls in this window yet"},
    [WB_STR_NANHAI] = {"南海诸岛", "S. China Sea Is."},
    [WB_STR_MAP_APPROVAL] = {"审图号：", "Map approval no. "},
    [WB_STR_ACK_NO_TOKEN] = {"确认被拒绝：此屏未配置确认令牌",
                             "Acknowledgement refused: this screen has no token"},
};

const char *
wb_str(enum wb_lang lang, enum wb_str id)
{
    if ((unsigned)id >= WB_STR_COUNT)
        return "";
    if ((unsigned)lang >= WB_LANG_COUNT)
        lang = WB_LANG_EN;
    return strings[id][lang] ? strings[id][lang] : strings[id][WB_LANG_EN];
}

void
wb_str_format(char *buf, size_t size, enum wb_lang lang, enum wb_str id, const char *arg)
{
    // The table's strings are ours and hold exactly one %s; substitute it by hand so no
    // format string comes from data.
    const char *fmt = wb_str(lang, id);
    const char *at = strstr(fmt, "%s");
    if (at == NULL) {
        snprintf(buf, size, "%s", fmt);
        return;
    }
    snprintf(buf, size, "%.*s%s%s", (int)(at - fmt), fmt, arg, at + 2);
}

int
wb_lang_parse(const char *name, enum wb_lang *out)
{
    if (strcmp(name, "zh-CN") == 0 || strcmp(name, "zh") == 0) {
        *out = WB_LANG_ZH;
        return 0;
    }
    if (strcmp(name, "en") == 0 || strncmp(name, "en-", 3) == 0) {
        *out = WB_LANG_EN;
        return 0;
    }
    return -1;
}
