// SPDX-License-Identifier: MIT
// wb-collector: takes events from the simulator, JSON lines, queue_log, AMI, nng and NATS, keeps
// the live state and publishes it to the screens. This file sets the process up (time zone,
// rejects, state, keywords, regions, journal, alert rules) and hands it to the live loop
// (live.c) or the replay (replay.c); docs/architecture.md shows the rooms it wires.
#include "collector/collector.h"
#include "collector/ops/crash_report.h"
#include "core/clock.h"
#include "core/file.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void
on_signal(int sig)
{
    (void)sig;
    col_stop_requested = 1;
}

static int
replay_journaled(void *ctx, const char *raw, size_t len)
{
    return col_ingest_raw(ctx, "journal", 0, raw, len);
}

// Opens the journal and replays it into the state, so the collector continues where it stopped.
static int
open_journal(struct collector *c)
{
    struct core_err err;
    core_err_clear(&err);
    if (col_journal_open(&c->journal, c->opt.journal, c->opt.journal_days, &err) != 0) {
        fprintf(stderr, "wb-collector: %s\n", err.text);
        return -1;
    }
    c->state.live_clock = c->opt.replay == NULL;
    if (c->state.live_clock)
        core_state_set_now(&c->state, core_clock_wall_ms());
    int64_t t0 = core_clock_mono_ms();
    long n = col_journal_restore(&c->journal, &c->state, replay_journaled, &c->ingest);
    if (n < 0)
        return -1;
    fprintf(stderr, "wb-collector: journal %s: %s%ld events replayed in %lld ms\n", c->opt.journal,
            c->journal.restored_from_checkpoint ? "checkpoint loaded, " : "", n,
            (long long)(core_clock_mono_ms() - t0));
    c->ingest.journal = &c->journal;
    c->journaling = true;
    return 0;
}

// Chinese word segmentation and the word lists for hot keywords (before the journal, whose
// text events are counted again at start).
static int
open_segmenter(struct collector *c)
{
    char ini[1024], zh[1024], jieba[1024], service[1024];
    snprintf(ini, sizeof(ini), "%s/data/text/friso.ini", c->opt.data_dir);
    snprintf(zh, sizeof(zh), "%s/data/text/stopwords-zh.json", c->opt.data_dir);
    snprintf(jieba, sizeof(jieba), "%s/data/text/cppjieba_stop_words.utf8", c->opt.data_dir);
    snprintf(service, sizeof(service), "%s/data/text/service-stopwords.txt", c->opt.data_dir);
    struct col_segment_config cfg = {.friso_ini = ini,
                                     .stopwords = {zh, jieba, service},
                                     .nstopwords = 3,
                                     .dictionary = c->opt.keyword_dictionary,
                                     .blocklist = c->opt.keyword_blocklist};
    struct core_err err;
    core_err_clear(&err);
    c->segment = col_segment_new(&cfg, &err);
    if (c->segment == NULL) {
        char msg[512];
        fprintf(stderr, "wb-collector: hot keywords: %s\n",
                core_err_format(&err, msg, sizeof(msg)));
        return -1;
    }
    c->state.segment = col_segment_words;
    c->state.segment_ctx = c->segment;
    // Caller numbers to regions (libphonenumber's offline geocoder, the site's table first).
    char names[1024];
    snprintf(names, sizeof(names), "%s/data/regions/region-names.csv", c->opt.data_dir);
    c->phone = col_phone_region_new(names, c->opt.region_overrides, c->opt.default_country, &err);
    if (c->phone == NULL) {
        char msg[512];
        fprintf(stderr, "wb-collector: caller regions: %s\n",
                core_err_format(&err, msg, sizeof(msg)));
        return -1;
    }
    c->state.locate = col_phone_region_of;
    c->state.locate_ctx = c->phone;
    return 0;
}

// Alert rules and the acknowledgement token: configuration, so a mistake stops the start with
// a message naming the file (and the JSON path) rather than running without alerts.
static int
load_alerts(struct collector *c)
{
    struct core_err err;
    core_err_clear(&err);
    if (c->opt.alerts && core_alerts_load(c->opt.alerts, &c->state.alerts, &err) != 0) {
        char msg[512];
        fprintf(stderr, "wb-collector: alert rules: %s\n", core_err_format(&err, msg, sizeof(msg)));
        return -1;
    }
    if (c->opt.command_token_file == NULL)
        return 0;
    size_t len;
    char *text =
        core_file_check_private(c->opt.command_token_file, "the command token file", &err) == 0
            ? core_file_read(c->opt.command_token_file, 64 * 1024, &len, &err)
            : NULL;
    int rc = text ? col_tokens_parse(text, c->opt.command_token_file, &c->tokens, &err) : -1;
    free(text);
    if (rc != 0) {
        fprintf(stderr, "wb-collector: command tokens: %s\n", err.text);
        return -1;
    }
    return 0;
}

// The site's day follows its time zone: set TZ for the whole process (core/localtime.c).
static int
use_time_zone(const char *zone)
{
    if (zone == NULL || zone[0] == '\0')
        return 0;
    char path[512];
    snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", zone);
    if (strstr(zone, "..") || access(path, R_OK) != 0) {
        fprintf(stderr,
                "wb-collector: --time-zone \"%s\": no such IANA time zone (like "
                "Asia/Shanghai; is tzdata installed?)\n",
                zone);
        return -1;
    }
    setenv("TZ", zone, 1);
    tzset();
    return 0;
}

// "QUEUE=SECONDS" (checked by the options): the queue into queue, the seconds returned.
static int
queue_seconds(const char *spec, char queue[CORE_ID_MAX])
{
    const char *eq = strrchr(spec, '=');
    snprintf(queue, CORE_ID_MAX, "%.*s", (int)(eq - spec), spec);
    return atoi(eq + 1);
}

int
main(int argc, char **argv)
{
    struct collector c;
    memset(&c, 0, sizeof(c));
    int rc = col_options_parse(&c.opt, argc, argv);
    if (rc != 0)
        return rc > 0 ? 0 : 2;
    if (use_time_zone(c.opt.time_zone) != 0)
        return 2;
    col_crash_report_install("wb-collector");
    if (c.opt.clock_speed > 1)
        core_clock_run_faster(c.opt.clock_speed); // before anything reads the clock
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXFSZ, SIG_IGN); // a file-size limit makes a write fail (reported), not the process
    struct core_err err;
    core_err_clear(&err);
    // The rejects file is beside the journal by default: its folder may be new, or unusable.
    if (c.opt.rejects == c.opt.rejects_default && mkdir(c.opt.journal, 0750) != 0 &&
        errno != EEXIST) {
        fprintf(stderr, "wb-collector: cannot make the journal folder %s: %s\n", c.opt.journal,
                strerror(errno));
        return 1;
    }
    if (col_rejects_open(&c.rejects, c.opt.rejects, &err) != 0) {
        fprintf(stderr, "wb-collector: %s\n", err.text);
        return 1;
    }
    core_state_init(&c.state);
    col_queuelog_init(&c.queuelog);
    c.state.metrics = c.opt.metrics;
    core_state_set_keyword_config(&c.state, &c.opt.keywords); // the site's windows
    char queue[CORE_ID_MAX];
    for (int i = 0; i < c.opt.nsl_thresholds; i++) {
        int seconds = queue_seconds(c.opt.sl_thresholds[i], queue);
        core_state_set_sl_threshold(&c.state, queue, seconds);
    }
    for (int i = 0; i < c.opt.nwrapups; i++) {
        int seconds = queue_seconds(c.opt.wrapups[i], queue);
        col_queuelog_set_wrapup(&c.queuelog, queue, seconds);
    }
    if (c.opt.member_map && col_queuelog_member_map(&c.queuelog, c.opt.member_map, &err) != 0) {
        fprintf(stderr, "wb-collector: --member-map %s\n", err.text);
        return 2;
    }
    c.ingest = (struct col_ingest){
        .state = &c.state, .rejects = &c.rejects, .wall_ms = core_clock_wall_ms, .offset = -1};
    if (open_segmenter(&c) != 0)
        return 2;
    if (c.opt.journal && open_journal(&c) != 0)
        return 1;
    if (load_alerts(&c) != 0)
        return 2;
    rc = c.opt.replay ? col_run_replay(&c) : col_run_live(&c);
    if (c.journaling)
        col_journal_close(&c.journal);
    col_rejects_close(&c.rejects);
    col_queuelog_fini(&c.queuelog);
#ifdef WB_FREE_AT_EXIT
    core_state_fini(&c.state);
    col_segment_free(c.segment);
#endif
    // Otherwise the state and friso's dictionary go back with the process: freeing them one
    // allocation at a time was a tenth of a replayed day's time.
    col_phone_region_free(c.phone);
    return rc;
}
