#!/usr/bin/env bash
# Sustained throughput and latency of `kspan run`: the API simulator generates Deployment rollouts
# at RATE events/s for SECONDS, the daemon watches it over HTTPS and exports over OTLP/HTTP to
# kspan_latency_receiver. Not a timed test: run by hand. See bench/README.md, "The daemon".
#   bench/daemon/run.sh [RATE] [SECONDS] [BUILD_DIR]      (SECONDS >= 10)
# Prints, over a window inside the generation (from 2 s after its start to 2 s before its end):
# events/s taken in, the daemon's CPU (percent of one core) and peak RSS (VmHWM); then, once every
# span is in (or nothing moved for 30 s): events generated vs event spans received, duplicates,
# and event-to-export latency (p50/p90/p99/max). KSPAN_BENCH_PERF=FILE records a perf profile of
# the daemon (call graphs) over the window; KSPAN_BENCH_FLAGS adds flags to `kspan run` (for
# example "--expire-after 30s" to see what the recent store holds); KSPAN_BENCH_LOG=FILE keeps the
# daemon's log; KSPAN_BENCH_HEAPTRACK=FILE attaches heaptrack to the daemon over the window and on
# to its end (heaptrack_print FILE.zst).
set -euo pipefail
rate=${1:-10000}
seconds=${2:-30}
build=${3:-build/native}
[ "$seconds" -ge 10 ] || { echo "SECONDS must be at least 10" >&2; exit 2; }
delay=4
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

echo "load before: $(uptime)"
"$build/bench/daemon/kspan_latency_receiver" > "$work/receiver.out" 2>&1 &
receiver=$!
pids+=($receiver)
"$build/tests/daemon/kube_api_simulator" --dir "$work" --rate "$rate" --seconds "$seconds" --delay "$delay" \
  > "$work/url" 2> "$work/sim.err" &
simulator=$!
pids+=($simulator)
for _ in $(seq 100); do [ -s "$work/url" ] && grep -q '^http ' "$work/receiver.out" && break; sleep 0.1; done
generation_start=$(( $(date +%s) + delay ))
receiver_url=$(awk '$1 == "http" {print $2}' "$work/receiver.out")
port=$((20000 + RANDOM % 20000))
"$build/kspan" run --kubeconfig "$work/kubeconfig" --endpoint "$receiver_url" \
  --metrics-addr "127.0.0.1:$port" --log-level warn --queue-size 65536 --batch-size 2048 --batch-delay 200ms \
  ${KSPAN_BENCH_FLAGS:-} 2> "$work/daemon.err" &
daemon=$!
pids+=($daemon)

metric() { curl -s "127.0.0.1:$port/metrics" | awk -v m="$1" 'index($0, m) == 1 {s += $NF} END {printf "%d", s}'; }
stat() { curl -s "$receiver_url/stats" | awk -v k="$1" '$1 == k {print $2}'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks_per_s=$(getconf CLK_TCK)

sleep $(( generation_start + 2 - $(date +%s) ))
e0=$(metric 'kspan_events_total'); c0=$(cpu_ticks "$daemon"); s0=$(cpu_ticks "$simulator"); t0=$(date +%s.%N)
[ -n "${KSPAN_BENCH_HEAPTRACK:-}" ] && { heaptrack -o "$KSPAN_BENCH_HEAPTRACK" -p "$daemon" >/dev/null 2>&1 & pids+=($!); }
[ -n "${KSPAN_BENCH_PERF:-}" ] && { perf record -g -o "$KSPAN_BENCH_PERF" -p "$daemon" -- sleep $((seconds - 4)) >/dev/null 2>&1 & pids+=($!); }
rss_at() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$daemon/status"; }
gauge() { curl -s "127.0.0.1:$port/metrics" | awk -v w="$1" 'index($0, "kspan_state{what=\"" w "\"}") == 1 {printf "%d", $NF}'; }
heap_mb() { curl -s "127.0.0.1:$port/metrics" | awk -v s="$1" 'index($0, "kspan_heap_bytes{state=\"" s "\"}") == 1 {printf "%.0f", $NF / 1048576}'; }
rss_trace=""; queue_trace=""
for _ in $(seq $(((seconds - 4) / 2))); do
  sleep 2
  rss_trace="$rss_trace $(rss_at)"
  queue_trace="$queue_trace $(gauge pending_events)/$(gauge export_queue)/$(gauge record_queue)/$(heap_mb in_use)/$(heap_mb free)"
done
e1=$(metric 'kspan_events_total'); c1=$(cpu_ticks "$daemon"); s1=$(cpu_ticks "$simulator"); t1=$(date +%s.%N)
echo "load during: $(uptime)"

# The rest of the generation, then until every event span is in or nothing moves for 30 s.
for _ in $(seq 600); do grep -q '^generated' "$work/sim.err" && break; sleep 0.1; done
generated=$(awk '$1 == "generated" {print $2}' "$work/sim.err")
last=-1; still=0
while [ "$(stat event_spans)" -lt "${generated:-0}" ] && [ "$still" -lt 300 ]; do
  now=$(stat event_spans); [ "$now" = "$last" ] && still=$((still + 1)) || still=0; last=$now; sleep 0.1
done
drained=$(date +%s.%N)
rss_kb=$(awk '/^VmHWM/ {print $2}' "/proc/$daemon/status")
sleep 5  # a tick of the heap upkeep after the drain
rss_end=$(rss_at)
kill -TERM "$daemon"; wait "$daemon" || true

awk -v e0="$e0" -v e1="$e1" -v c0="$c0" -v c1="$c1" -v s0="$s0" -v s1="$s1" -v t0="$t0" -v t1="$t1" -v hz="$ticks_per_s" \
    -v rss="$rss_kb" -v rate="$rate" -v gen="${generated:-0}" -v end="$((generation_start + seconds))" -v drained="$drained" 'BEGIN {
  d = t1 - t0
  printf "offered %d events/s for the generation; taken in %.0f events/s over a %.1f s window\n", rate, (e1 - e0) / d, d
  printf "daemon CPU %.0f%% of one core; peak RSS %.1f MB; simulator CPU %.0f%%\n", 100 * (c1 - c0) / hz / d, rss / 1024, 100 * (s1 - s0) / hz / d
  printf "generated %d events; all spans in %.1f s after the generation ended\n", gen, drained - end
}'
echo "daemon RSS every 2 s in the window (MB):$rss_trace; 5 s after the drain: $rss_end"
echo "pending events / export queue (spans) / record queue / heap in use / heap free (MB), every 2 s:$queue_trace"
curl -s "$receiver_url/stats" | awk '{printf "%s %s; ", $1, $2} END {print ""}'
grep -E '"msg":"stopped"' "$work/daemon.err" | head -1 || true
[ -n "${KSPAN_BENCH_LOG:-}" ] && cp "$work/daemon.err" "$KSPAN_BENCH_LOG"
true
