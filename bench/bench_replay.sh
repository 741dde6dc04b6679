#!/usr/bin/env bash
# bench_replay: the simulated ten-hour day (about 1.3 million events, keywords, regions and text
# included), replayed by wb-collector with and without the journal, beside the least work the
# day needs: a bare cJSON parse of every line (bench-parse) and friso's dictionary load and bare
# segmentation of the text events' texts (bench-friso). Prints each figure beside issue 16's
# target: replay >= 60 % of the least work's rate plain and >= 35 % journaled; peak RSS at most
# bare friso's own + 16 MB, plain and journaled, after a quarter, a half and the whole day.
# Usage: bench/bench_replay.sh [BUILD_BIN_DIR] (default build-rel/bin)
set -euo pipefail
bin=${1:-build-rel/bin}
source_dir=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin/wb-collector" --simulate --seed 9 --agents 500 --queues 12 --calls-per-minute 500 \
    --warmup 36000 --run-for 0.1 --print-events --rejects "" --pull "ipc://$work/p" \
    --pub "ipc://$work/b" --rep "ipc://$work/r" > "$work/day.jsonl" 2>/dev/null
lines=$(wc -l < "$work/day.jsonl")
echo "events: $lines ($(du -h "$work/day.jsonl" | cut -f1)), 500 agents, 12 queues, 10 simulated hours"
"$bin/bench-parse" "$work/day.jsonl" | tee "$work/parse"
/usr/bin/time -f "%M" -o "$work/friso-rss" "$bin/bench-friso" "$source_dir" "$work/day.jsonl" \
    | tee "$work/friso"
echo
parse_s=$(sed -n 's/.* in \([0-9.]*\) s.*/\1/p' "$work/parse")
friso_s=$(sed -n 's/.* in \([0-9.]*\) s.*/\1/p' "$work/friso")
friso_mb=$(awk '{printf "%.1f", $1 / 1024}' "$work/friso-rss")
least=$(awk -v a="$parse_s" -v b="$friso_s" 'BEGIN { printf "%.3f", a + b }')
echo "least work: $least s (parse $parse_s s + friso $friso_s s); bare friso peak RSS $friso_mb MB"
verdict() { awk -v v="$1" -v t="$2" -v hi="$3" 'BEGIN { print ((hi ? v >= t : v <= t) ? "met" : "MISSED") }'; }
for mode in plain journal; do
    extra=()
    target=0.60
    [ "$mode" = journal ] && extra=(--journal "$work/journal") && target=0.35
    /usr/bin/time -f "%e %M" -o "$work/time" "$bin/wb-collector" --replay "$work/day.jsonl" \
        --rejects "" "${extra[@]}" 2>/dev/null
    read -r secs kb < "$work/time"
    ratio=$(awk -v l="$least" -v s="$secs" 'BEGIN { printf "%.2f", l / s }')
    over=$(awk -v kb="$kb" -v f="$friso_mb" 'BEGIN { printf "%.1f", kb / 1024 - f }')
    awk -v n="$lines" -v s="$secs" -v kb="$kb" -v m="$mode" \
        'BEGIN { printf "wb-collector --replay (%s): %.2f s: %.0f events/s, peak RSS %.1f MB\n", m, s, n / s, kb / 1024 }'
    echo "  rate / least work $ratio (target >= $target): $(verdict "$ratio" "$target" 1)"
    echo "  RSS over bare friso $over MB (target <= 16 MB): $(verdict "$over" 16 0)"
done
# Memory as the day grows: the same replay cut at a quarter, a half and the whole.
for part in 4 2 1; do
    head -n $((lines / part)) "$work/day.jsonl" > "$work/part.jsonl"
    /usr/bin/time -f "%M" -o "$work/time" "$bin/wb-collector" --replay "$work/part.jsonl" \
        --rejects "" 2>/dev/null
    over=$(awk -v f="$friso_mb" '{ printf "%.1f", $1 / 1024 - f }' "$work/time")
    echo "peak RSS after $((lines / part)) events: $(awk '{printf "%.1f MB", $1 / 1024}' "$work/time"), $over MB over bare friso (target <= 16 MB): $(verdict "$over" 16 0)"
done
