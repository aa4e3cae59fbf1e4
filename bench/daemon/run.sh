#!/usr/bin/env bash
# Sustained throughput of `kspan run`: the API simulator generates Deployment rollouts at RATE
# events/s for SECONDS, the daemon watches it over HTTPS and exports to the OTLP test receiver.
# Prints events/s taken in, spans accepted per second, the daemon's CPU (user+sys over the whole
# run, start included) and peak RSS (VmHWM), and what was still pending or queued at the end.
# Not a timed test: run by hand. Usage: bench/daemon/run.sh [RATE] [SECONDS] [BUILD_DIR]
set -euo pipefail
rate=${1:-10000}
seconds=${2:-30}
build=${3:-build/native}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

"$build/tests/export/otlp_test_receiver" > "$work/receiver.out" 2>&1 &
pids+=($!)
"$build/tests/daemon/kube_api_simulator" --dir "$work" --rate "$rate" --seconds $((seconds + 10)) > "$work/url" 2> "$work/sim.err" &
pids+=($!)
for _ in $(seq 100); do [ -s "$work/url" ] && grep -q '^http ' "$work/receiver.out" && break; sleep 0.1; done
endpoint=$(awk '$1 == "http" {print $2}' "$work/receiver.out")
port=$((20000 + RANDOM % 20000))
"$build/kspan" run --kubeconfig "$work/kubeconfig" --endpoint "$endpoint" \
  --metrics-addr "127.0.0.1:$port" --log-level warn --queue-size 65536 --batch-size 2048 --batch-delay 200ms \
  2> "$work/daemon.err" &
daemon=$!
pids+=($daemon)
sleep 3
[ -n "${KSPAN_BENCH_PERF:-}" ] && { perf record -g -o "$KSPAN_BENCH_PERF" -p "$daemon" -- sleep 8 >/dev/null 2>&1 & pids+=($!); }
metric() { curl -s "127.0.0.1:$port/metrics" | awk -v m="$1" 'index($0, m) == 1 {s += $NF} END {printf "%d", s}'; }
e0=$(metric 'kspan_events_total'); a0=$(metric 'kspan_export_spans_total{result="accepted"}'); t0=$(date +%s.%N)
sleep "$seconds"
e1=$(metric 'kspan_events_total'); a1=$(metric 'kspan_export_spans_total{result="accepted"}'); t1=$(date +%s.%N)
pending=$(metric 'kspan_state{what="pending_events"}')
queue=$(metric 'kspan_state{what="record_queue"}')
ticks=$(getconf CLK_TCK)
read -r user sys < <(awk -v t="$ticks" '{printf "%.2f %.2f\n", $14 / t, $15 / t}' "/proc/$daemon/stat")
rss_kb=$(awk '/^VmHWM/ {print $2}' "/proc/$daemon/status")
kill -TERM "$daemon"; wait "$daemon" || true
awk -v e0="$e0" -v e1="$e1" -v a0="$a0" -v a1="$a1" -v t0="$t0" -v t1="$t1" -v u="$user" -v s="$sys" -v rss="$rss_kb" \
    -v p="$pending" -v q="$queue" -v rate="$rate" 'BEGIN {
  d = t1 - t0
  printf "offered %d events/s; taken in %.0f events/s; spans accepted %.0f/s (window %.1f s)\n", rate, (e1 - e0) / d, (a1 - a0) / d, d
  printf "daemon CPU %.2f s user + %.2f s sys over %.0f s (%.0f%% of one core); peak RSS %.1f MB; pending %d, record queue %d at the end\n", u, s, d + 3, 100 * (u + s) / (d + 3), rss / 1024, p, q
}'
grep -E '"msg":"stopped"' "$work/daemon.err" | head -1 || true
