// SPDX-License-Identifier: MIT
// Command-line parsing for wb-collector, by table: one row per option.
#include "collector/options.h"

#include "core/file.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: wb-collector [options]\n"
    "Inputs (any number at once):\n"
    "  --simulate                 run the built-in contact-center simulator\n"
    "    --agents N               simulated agents (default 60)\n"
    "    --queues N               simulated queues, 1-12 (default 6)\n"
    "    --calls-per-minute N     simulated arrival rate (default 20)\n"
    "    --seed N                 simulator seed (default: from the clock)\n"
    "    --print-events           also write the simulated events to stdout\n"
    "    --warmup S               simulate S seconds of history at start (default 1800)\n"
    "  --input FILE|-             JSON lines from FILE (followed as it grows) or stdin; "
    "repeatable\n"
    "  --ami HOST:PORT            Asterisk's manager interface (docs/ami.md), with\n"
    "    --ami-credentials FILE   {\"username\": …, \"secret\": …}, readable by its owner only\n"
    "  --freeswitch HOST:PORT     FreeSWITCH's event socket, mod_callcenter (docs/freeswitch.md),\n"
    "    --freeswitch-credentials FILE  {\"password\": …}, readable by its owner only\n"
    "    --freeswitch-domains-as-sites  queue@north is queue of site north (a roll-up's sites)\n"
    "  --queue-log PATH           Asterisk's queue_log, followed as it grows (docs/queue_log.md)\n"
    "    --member-map FILE        {\"interface\": \"member name\"}: one member under both names\n"
    "    --wrapup-seconds Q=S     queue Q's wrap-up after a call (Asterisk wrapuptime); "
    "repeatable\n"
    "  --pull URL                 nng PULL address for pushed events (default " COL_DEFAULT_PULL
    ")\n"
    "  --push-ack URL             nng REP address for acknowledged pushes (wb-push --ack): each\n"
    "                             batch is answered once it is in the journal\n"
    "Replay:\n"
    "  --replay FILE              apply FILE as fast as possible, clocked by its events, then "
    "exit\n"
    "Metrics (docs/metrics.md):\n"
    "  --time-zone ZONE           the site's IANA zone for its day (default: the machine's)\n"
    "  --interval-minutes M       5, 10, 15, 20, 30 or 60 (default 15)\n"
    "  --sl-threshold S           service-level threshold T in seconds (default 20)\n"
    "  --sl-threshold-for Q=S     queue Q's own T; repeatable\n"
    "  --short-abandon S          abandons within S seconds are short, left out (default 5)\n"
    "  --sl-formula F             abandons-against (default), abandons-ignored, "
    "abandons-in-favour\n"
    "  --sl-flowouts X            excluded (default) or included: timeouts, exits, moves in SL\n"
    "  --requeue-window S         a caller entering a queue S s after leaving one is one call\n"
    "                             (default 10; 0: never)\n"
    "Output:\n"
    "  --pub URL                  nng PUB address for the screens (default " COL_DEFAULT_PUB ")\n"
    "  --rep URL                  nng REP address for snapshots (default " COL_DEFAULT_REP ")\n"
    "  --tls-cert FILE            certificate (PEM) for tls+tcp:// addresses (docs/tls.md)\n"
    "  --tls-key FILE             its private key (PEM, chmod 600)\n"
    "  --tls-client-ca FILE       screens must show a certificate from this authority\n"
    "  --allow-plain-tcp          allow tcp:// beyond loopback (warned: not encrypted)\n"
    "  --alerts FILE              alert rules (docs/alerts.md)\n"
    "  --keyword-dictionary FILE  the site's terms (one per line), kept whole as keywords\n"
    "  --keyword-blocklist FILE   words never counted as keywords (one per line)\n"
    "  --keyword-windows M[,M..]  keyword windows in minutes, the first the main (default 15,60)\n"
    "  --keyword-top K            keywords published per window (default 40)\n"
    "  --region-overrides FILE    caller number prefix,region lines tried before the geocoder\n"
    "  --default-country CC       the country of numbers dialled without one (default CN)\n"
    "  --data-dir DIR             where data/text/ is (default " WB_DATA_DIR ")\n"
    "  --command-token-file FILE  the token screens must send to acknowledge alerts\n"
    "  --metrics URL              serve /metrics (Prometheus) and /health on http://HOST:PORT\n"
    "  --nats URL[,URL..]         consume events from NATS JetStream (servers of one cluster)\n"
    "  --nats-stream NAME         the stream (default WALLBOARD; created when absent)\n"
    "  --nats-durable NAME        durable consumer: a restart continues after the last event\n"
    "                             journaled (needs --journal); none: the whole stream each start\n"
    "  --nats-subject S[,S..]     the stream's subjects (default cc.>, as in cc.SITE.SOURCE)\n"
    "  --nats-replicas N          copies of a stream the collector creates (default 1)\n"
    "  --publish-nats URL[,URL..] publish every accepted event into NATS JetStream too\n"
    "  --subject SUBJ             ... on this subject (cc.SITE.SOURCE; a stream must take it)\n"
    "  --snapshot-interval S      seconds between full snapshots (default 10; 60 once the\n"
    "                             state is over 1 MB: deltas and resyncs keep screens right)\n"
    "  --publish-min-ms MS        least time between two deltas (default 4)\n"
    "  --print-state              print the final state snapshot as JSON on stdout\n"
    "  --print-intervals          print every scope's intervals of today and yesterday as JSON\n"
    "                             on stdout at exit (after the state with --print-state)\n"
    "  --run-for S                stop after S seconds\n"
    "  --clock-speed N            run the collector's clock N times as fast as real time (soaks\n"
    "                             and demos of whole days: bench/soak); not for a real site\n"
    "  --rejects FILE             append rejected input here, owner-only, numbers masked (default\n"
    "                             wb-rejects.jsonl in the --journal folder, else here; \"\" for "
    "none)\n"
    "  --help                     this text\n";

enum kind { FLAG, STR, INT, NUM };

struct opt {
    const char *name;
    enum kind kind;
    size_t offset;
    double min, max;
};

#define CONFIG_FILE_MAX (64 * 1024 - 1)
#define OFF(field)      offsetof(struct col_options, field)

static const struct opt opts[] = {
    {"--simulate", FLAG, OFF(simulate), 0, 0},
    {"--agents", INT, OFF(sim.agents), 1, 5000},
    {"--queues", INT, OFF(sim.queues), 1, 12},
    {"--calls-per-minute", NUM, OFF(sim.calls_per_minute), 0.01, 60000},
    {"--print-events", FLAG, OFF(print_events), 0, 0},
    {"--warmup", NUM, OFF(warmup_s), 0, 86400},
    {"--pull", STR, OFF(pull_url), 0, 0},
    {"--push-ack", STR, OFF(push_ack_url), 0, 0},
    {"--replay", STR, OFF(replay), 0, 0},
    {"--pub", STR, OFF(pub_url), 0, 0},
    {"--rep", STR, OFF(rep_url), 0, 0},
    {"--tls-cert", STR, OFF(net.cert_file), 0, 0},
    {"--tls-key", STR, OFF(net.key_file), 0, 0},
    {"--tls-client-ca", STR, OFF(net.ca_file), 0, 0},
    {"--allow-plain-tcp", FLAG, OFF(net.allow_plain_tcp), 0, 0},
    {"--snapshot-interval", NUM, OFF(snapshot_interval_s), 0.5, 3600},
    {"--publish-min-ms", INT, OFF(publish_min_ms), 0, 10000},
    {"--print-state", FLAG, OFF(print_state), 0, 0},
    {"--print-intervals", FLAG, OFF(print_intervals), 0, 0},
    {"--run-for", NUM, OFF(run_for_s), 0.001, 1e9},
    {"--clock-speed", NUM, OFF(clock_speed), 1, 10000},
    {"--rejects", STR, OFF(rejects), 0, 0},
    {"--time-zone", STR, OFF(time_zone), 0, 0},
    {"--interval-minutes", INT, OFF(interval_minutes), 5, 60},
    {"--sl-threshold", INT, OFF(sl_threshold_s), 1, 3600},
    {"--short-abandon", INT, OFF(short_abandon_s), 0, 600},
    {"--sl-formula", STR, OFF(sl_formula), 0, 0},
    {"--sl-flowouts", STR, OFF(sl_flowouts), 0, 0},
    {"--requeue-window", INT, OFF(requeue_window_s), 0, 300},
    {"--member-map", STR, OFF(member_map), 0, 0},
    {"--journal", STR, OFF(journal), 0, 0},
    {"--ami", STR, OFF(ami), 0, 0},
    {"--ami-credentials", STR, OFF(ami_credentials), 0, 0},
    {"--freeswitch", STR, OFF(freeswitch), 0, 0},
    {"--freeswitch-credentials", STR, OFF(freeswitch_credentials), 0, 0},
    {"--freeswitch-domains-as-sites", FLAG, OFF(freeswitch_sites), 0, 0},
    {"--alerts", STR, OFF(alerts), 0, 0},
    {"--command-token-file", STR, OFF(command_token_file), 0, 0},
    {"--metrics", STR, OFF(metrics_url), 0, 0},
    {"--data-dir", STR, OFF(data_dir), 0, 0},
    {"--keyword-dictionary", STR, OFF(keyword_dictionary), 0, 0},
    {"--keyword-blocklist", STR, OFF(keyword_blocklist), 0, 0},
    {"--keyword-windows", STR, OFF(keyword_windows), 0, 0},
    {"--region-overrides", STR, OFF(region_overrides), 0, 0},
    {"--default-country", STR, OFF(default_country), 0, 0},
    {"--keyword-top", INT, OFF(keywords.top_k), 1, CORE_KW_TOP_MAX},
    {"--journal-days", INT, OFF(journal_days), 2, 3650},
    {"--checkpoint-events", INT, OFF(checkpoint_events), 1000, 100000000},
    {"--nats", STR, OFF(nats), 0, 0},
    {"--nats-stream", STR, OFF(nats_stream), 0, 0},
    {"--nats-durable", STR, OFF(nats_durable), 0, 0},
    {"--nats-subject", STR, OFF(nats_subjects), 0, 0},
    {"--nats-replicas", INT, OFF(nats_replicas), 1, 5},
    {"--publish-nats", STR, OFF(publish_nats), 0, 0},
    {"--subject", STR, OFF(publish_subject), 0, 0},
};

static int
set_value(struct col_options *o, const struct opt *op, const char *arg)
{
    char *base = (char *)o + op->offset;
    if (op->kind == STR) {
        *(const char **)base = arg;
        return 0;
    }
    char *end;
    errno = 0;
    double v = strtod(arg, &end);
    if (errno || end == arg || *end || !isfinite(v) || v < op->min || v > op->max ||
        (op->kind == INT && v != floor(v))) {
        fprintf(stderr, "wb-collector: %s: \"%s\" is not a %s from %g to %g\n", op->name, arg,
                op->kind == INT ? "whole number" : "number", op->min, op->max);
        return -1;
    }
    if (op->kind == INT)
        *(int *)base = (int)v;
    else
        *(double *)base = v;
    return 0;
}

static const struct opt *
find_opt(const char *name)
{
    for (size_t k = 0; k < sizeof(opts) / sizeof(opts[0]); k++) {
        if (strcmp(name, opts[k].name) == 0)
            return &opts[k];
    }
    return NULL;
}

// Applies one option with its value (NULL for flags). where names the source in messages.
static int
apply(struct col_options *o, const char *name, const char *value, const char *where)
{
    if (strcmp(name, "--input") == 0 || strcmp(name, "--queue-log") == 0) {
        if (o->ninputs == COL_MAX_INPUTS) {
            fprintf(stderr, "wb-collector: %s: at most %d inputs\n", where, COL_MAX_INPUTS);
            return -1;
        }
        o->input_is_queue_log[o->ninputs] = strcmp(name, "--queue-log") == 0;
        o->inputs[o->ninputs++] = value;
        return 0;
    }
    if (strcmp(name, "--format") == 0) {
        if (strcmp(value, "json") != 0 && strcmp(value, "queue_log") != 0 &&
            strcmp(value, "ami") != 0 && strcmp(value, "esl") != 0) {
            fprintf(stderr, "wb-collector: %s: --format takes json, queue_log, ami or esl\n",
                    where);
            return -1;
        }
        o->replay_queue_log = strcmp(value, "queue_log") == 0;
        o->replay_ami = strcmp(value, "ami") == 0;
        o->replay_esl = strcmp(value, "esl") == 0;
        return 0;
    }
    if (strcmp(name, "--sl-threshold-for") == 0 || strcmp(name, "--wrapup-seconds") == 0) {
        bool wrap = strcmp(name, "--wrapup-seconds") == 0;
        const char *eq = strrchr(value, '=');
        char *end = NULL;
        long t = eq ? strtol(eq + 1, &end, 10) : 0;
        if (eq == NULL || eq == value || end == eq + 1 || *end || t < (wrap ? 0 : 1) || t > 3600) {
            fprintf(stderr,
                    "wb-collector: %s: %s \"%s\": use QUEUE=SECONDS (%s to 3600), "
                    "e.g. VIP专线=10\n",
                    where, name, value, wrap ? "0" : "1");
            return -1;
        }
        int *n = wrap ? &o->nwrapups : &o->nsl_thresholds;
        if (*n == 64) {
            fprintf(stderr, "wb-collector: %s: at most 64 %s\n", where, name);
            return -1;
        }
        (wrap ? o->wrapups : o->sl_thresholds)[(*n)++] = value;
        return 0;
    }
    if (strcmp(name, "--seed") == 0) {
        o->sim.seed = strtoull(value, NULL, 10);
        return 0;
    }
    const struct opt *op = find_opt(name);
    if (op == NULL) {
        fprintf(stderr, "wb-collector: %s: unknown option \"%s\" (see --help)\n", where, name);
        return -1;
    }
    if (op->kind == FLAG) {
        *(bool *)((char *)o + op->offset) = true;
        return 0;
    }
    return set_value(o, op, value);
}

static bool
takes_value(const char *name)
{
    const struct opt *op = find_opt(name);
    return strcmp(name, "--input") == 0 || strcmp(name, "--seed") == 0 ||
           strcmp(name, "--queue-log") == 0 || strcmp(name, "--format") == 0 ||
           strcmp(name, "--sl-threshold-for") == 0 || strcmp(name, "--config") == 0 ||
           strcmp(name, "--wrapup-seconds") == 0 || (op && op->kind != FLAG);
}

// Reads the configuration file: {"time-zone": "Asia/Shanghai", "simulate": true, ...}.
static int
read_config(struct col_options *o, const char *path)
{
    struct core_err err;
    core_err_clear(&err);
    size_t n;
    char *buf = core_file_read(path, CONFIG_FILE_MAX, &n, &err);
    if (buf == NULL) {
        fprintf(stderr, "wb-collector: the configuration file %s: %s\n", path, err.text);
        return -1;
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(buf, n, &end, false);
    long near = end ? (long)(end - buf) + 1 : 0L;
    free(buf);
    if (!cJSON_IsObject(root)) {
        fprintf(stderr, "wb-collector: %s: not a JSON object (near byte %ld)\n", path, near);
        cJSON_Delete(root);
        return -1;
    }
    int rc = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, root)
    {
        if (item->string[0] == '_')
            continue; // "_comment": JSON has no comments; a site's notes live in such keys
        char name[64], value[512];
        snprintf(name, sizeof(name), "--%s", item->string);
        if (cJSON_IsArray(item)) { // a repeatable option: one value per entry
            const cJSON *v;
            cJSON_ArrayForEach(v, item)
            {
                char *kept = cJSON_IsString(v) ? strdup(v->valuestring) : NULL;
                rc = kept ? apply(o, name, kept, path) : -1;
                if (rc != 0)
                    break;
            }
        } else if (cJSON_IsBool(item) && !takes_value(name)) {
            if (cJSON_IsTrue(item))
                rc = apply(o, name, NULL, path);
        } else if (cJSON_IsString(item) || cJSON_IsNumber(item)) {
            if (cJSON_IsString(item))
                snprintf(value, sizeof(value), "%s", item->valuestring);
            else
                snprintf(value, sizeof(value), "%.17g", item->valuedouble);
            // The values must outlive the file: options keep pointers to strings.
            char *kept = strdup(value);
            rc = kept ? apply(o, name, kept, path) : -1;
        } else {
            fprintf(stderr, "wb-collector: %s: \"%s\" must be a string, number or true/false\n",
                    path, item->string);
            rc = -1;
        }
        if (rc != 0)
            break;
    }
    cJSON_Delete(root);
    return rc;
}

// "15,60": one to three windows of 1 to CORE_KW_WINDOW_MAX minutes.
static int
check_keyword_windows(struct col_options *o)
{
    if (o->keyword_windows == NULL)
        return 0;
    struct core_kw_config *k = &o->keywords;
    k->nwindows = 0;
    const char *p = o->keyword_windows;
    while (*p) {
        char *end;
        long m = strtol(p, &end, 10);
        if (end == p || m < 1 || m > CORE_KW_WINDOW_MAX || k->nwindows == CORE_KW_WINDOWS_MAX ||
            (*end && *end != ',')) {
            fprintf(stderr,
                    "wb-collector: --keyword-windows \"%s\": up to %d windows of 1 to %d "
                    "minutes, comma-separated, e.g. 15,60\n",
                    o->keyword_windows, CORE_KW_WINDOWS_MAX, CORE_KW_WINDOW_MAX);
            return -1;
        }
        k->window_min[k->nwindows++] = (int)m;
        p = *end ? end + 1 : end;
    }
    return k->nwindows ? 0 : -1;
}

static int
check_metrics(struct col_options *o)
{
    core_metrics_config_default(&o->metrics);
    int m = o->interval_minutes ? o->interval_minutes : 15;
    if (1440 % m != 0 || 60 % m != 0) {
        fprintf(stderr, "wb-collector: --interval-minutes %d: use 5, 10, 15, 20, 30 or 60\n", m);
        return -1;
    }
    o->metrics.interval_minutes = m;
    if (o->sl_threshold_s)
        o->metrics.sl_threshold_s = o->sl_threshold_s;
    if (o->short_abandon_s >= 0)
        o->metrics.short_abandon_s = o->short_abandon_s;
    if (o->sl_formula && core_sl_formula_parse(o->sl_formula, &o->metrics.sl_formula) != 0) {
        fprintf(stderr,
                "wb-collector: --sl-formula \"%s\": use abandons-against, "
                "abandons-ignored or abandons-in-favour\n",
                o->sl_formula);
        return -1;
    }
    if (o->sl_flowouts && strcmp(o->sl_flowouts, "included") != 0 &&
        strcmp(o->sl_flowouts, "excluded") != 0) {
        fprintf(stderr, "wb-collector: --sl-flowouts \"%s\": use included or excluded\n",
                o->sl_flowouts);
        return -1;
    }
    o->metrics.sl_flowouts = o->sl_flowouts && strcmp(o->sl_flowouts, "included") == 0;
    if (o->requeue_window_s >= 0)
        o->metrics.requeue_window_s = o->requeue_window_s;
    return 0;
}

static void
set_defaults(struct col_options *o)
{
    memset(o, 0, sizeof(*o));
    o->sim = (struct col_sim_config){.agents = 60, .queues = 6, .calls_per_minute = 20};
    o->pull_url = COL_DEFAULT_PULL;
    o->pub_url = COL_DEFAULT_PUB;
    o->rep_url = COL_DEFAULT_REP;
    o->rejects = NULL;          // by default beside the journal (the state directory), else here
    o->snapshot_interval_s = 0; // automatic (live.c: full_snapshot_every)
    o->publish_min_ms = 4;      // an event waits 2 ms on average (issue 16: 10 ms p99 to glass)
    o->warmup_s = 1800;         // two keyword windows of history: trends have something to compare
    o->short_abandon_s = -1;    // unset: the default applies
    o->requeue_window_s = -1;
    o->journal_days = 7;
    o->checkpoint_events = 200000;
    o->data_dir = WB_DATA_DIR;
    o->nats_stream = "WALLBOARD";
    o->nats_subjects = "cc.>";
    o->nats_replicas = 1;
    core_kw_config_default(&o->keywords);
}

// Options that only make sense together (after the file and the command line).
static int
check_combinations(const struct col_options *o)
{
    if (o->replay && (o->simulate || o->ninputs)) {
        fprintf(stderr, "wb-collector: --replay runs alone; drop --simulate and --input\n");
        return -1;
    }
    if (o->ami && !o->ami_credentials) {
        fprintf(stderr, "wb-collector: --ami needs --ami-credentials FILE\n");
        return -1;
    }
    if (o->freeswitch && !o->freeswitch_credentials) {
        fprintf(stderr, "wb-collector: --freeswitch needs --freeswitch-credentials FILE "
                        "({\"password\": …}, the event socket's password)\n");
        return -1;
    }
    if (o->nats_durable && !o->journal) {
        fprintf(stderr, "wb-collector: --nats-durable needs --journal: a message is acknowledged "
                        "only once its event is journaled\n");
        return -1;
    }
    if (o->publish_nats && !o->publish_subject) {
        fprintf(stderr, "wb-collector: --publish-nats needs --subject (like cc.SITE.SOURCE)\n");
        return -1;
    }
    if ((o->nats || o->publish_nats) && o->replay) {
        fprintf(stderr, "wb-collector: --replay runs alone; drop --nats and --publish-nats\n");
        return -1;
    }
    return 0;
}

int
col_options_parse(struct col_options *o, int argc, char **argv)
{
    set_defaults(o);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            return 1;
        }
        if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
            o->config = argv[i + 1];
    }
    if (o->config && read_config(o, o->config) != 0)
        return -1;
    for (int i = 1; i < argc; i++) {
        const char *name = argv[i];
        if (takes_value(name) && i + 1 >= argc) {
            fprintf(stderr, "wb-collector: %s needs a value (see --help)\n", name);
            return -1;
        }
        const char *value = takes_value(name) ? argv[++i] : NULL;
        if (strcmp(name, "--config") == 0)
            continue;
        if (apply(o, name, value, "command line") != 0)
            return -1;
    }
    if (check_metrics(o) != 0 || check_keyword_windows(o) != 0 || check_combinations(o) != 0)
        return -1;
    if (o->rejects == NULL && o->journal) {
        snprintf(o->rejects_default, sizeof(o->rejects_default), "%s/wb-rejects.jsonl", o->journal);
        o->rejects = o->rejects_default;
    } else if (o->rejects == NULL) {
        o->rejects = "wb-rejects.jsonl";
    }
    if (!o->replay && !o->simulate && !o->ninputs && !o->ami && !o->freeswitch && !o->nats)
        fprintf(stderr, "wb-collector: no --simulate or --input: waiting for events on %s\n",
                o->pull_url);
    return 0;
}
