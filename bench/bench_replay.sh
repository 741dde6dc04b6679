#!/usr/bin/env bash
# bench_replay: a simulated day of about a million events, replayed by wb-collector with and
# without the journal, beside a bare cJSON parse of the same lines. Prints events/s and the
# collector's peak RSS. Figures only. Usage: bench/bench_replay.sh [BUILD_BIN_DIR]
set -euo pipefail
bin=${1:-build-rel/bin}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin/wb-collector" --simulate --seed 9 --agents 500 --queues 12 --calls-per-minute 500 \
    --warmup 36000 --run-for 0.1 --print-events --rejects "" --pull "ipc://$work/p" \
    --pub "ipc://$work/b" --rep "ipc://$work/r" > "$work/day.jsonl" 2>/dev/null
lines=$(wc -l < "$work/day.jsonl")
echo "events: $lines ($(du -h "$work/day.jsonl" | cut -f1)), 500 agents, 12 queues, 10 simulated hours"
"$bin/bench-parse" "$work/day.jsonl"
for mode in plain journal; do
    extra=()
    [ "$mode" = journal ] && extra=(--journal "$work/journal")
    /usr/bin/time -f "%e %M" -o "$work/time" "$bin/wb-collector" --replay "$work/day.jsonl" \
        --rejects "" "${extra[@]}" 2>/dev/null
    read -r secs kb < "$work/time"
    awk -v n="$lines" -v s="$secs" -v kb="$kb" -v m="$mode" \
        'BEGIN { printf "wb-collector --replay (%s): %.2f s: %.0f events/s, peak RSS %.1f MB\n", m, s, n / s, kb / 1024 }'
done
# Memory as the day grows: the same replay cut at a quarter, a half and the whole.
for part in 4 2 1; do
    head -n $((lines / part)) "$work/day.jsonl" > "$work/part.jsonl"
    /usr/bin/time -f "%M" -o "$work/time" "$bin/wb-collector" --replay "$work/part.jsonl" \
        --rejects "" 2>/dev/null
    echo "peak RSS after $((lines / part)) events: $(awk '{printf "%.1f MB", $1 / 1024}' "$work/time")"
done
