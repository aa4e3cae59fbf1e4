#!/usr/bin/env bash
# Whole-process comparisons of `kspan convert`, in one go, as ratios to baselines run in the
# same session (the machine may be shared and noisy: ratios, not absolute times, are the result).
#
#   bench/compare/run.sh [--size 280M] [--runs 3] [--scale-base 10M] [--stream-sizes "280M 1G"]
#                        [--skip-wasm] [--skip-jq] [--skip-scaling] [--out FILE]
#
# 1. A kubectl List (pretty JSON, objects and events mixed, not in time order) of --size bytes from
#    kspan-gen; on it, interleaved --runs times: the floor (nlohmann_json SAX, no handler work,
#    -O3), kspan convert (OTLP to /dev/null), jq -c '.items[]', the wasm build under node.
#    Wall time, CPU time and peak RSS (/usr/bin/time -v) of each; medians; ratios to the floor.
# 2. Correlation quality: kspan convert's OTLP against kspan-gen's ground truth (kspan-score).
# 3. Correlation alone, one core: core_benchmark's BM_Correlate (events per second).
# 4. --stream: time-ordered watch JSON lines of each --stream-sizes: peak RSS (should be flat).
# 5. Scaling: 1x to 32x --scale-base, List (replay) and watch lines (--stream): time, peak RSS.
# Results: a Markdown report on stdout and in --out (default bench/compare/results/latest.md).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${KSPAN_BUILD:-$ROOT/build/native}
WASM_JS=${KSPAN_WASM_JS:-$ROOT/build/wasm/kspan_wasm.js}
WORK=${KSPAN_BENCH_DIR:-/tmp/kspan-bench}
SIZE=280M
RUNS=3
SCALE_BASE=10M
STREAM_SIZES="280M 1G"
SEED=42
SKIP_WASM=0 SKIP_JQ=0 SKIP_SCALING=0
OUT=$ROOT/bench/compare/results/latest.md

while [ $# -gt 0 ]; do
  case "$1" in
    --size) SIZE=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --scale-base) SCALE_BASE=$2; shift 2 ;;
    --stream-sizes) STREAM_SIZES=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --skip-wasm) SKIP_WASM=1; shift ;;
    --skip-jq) SKIP_JQ=1; shift ;;
    --skip-scaling) SKIP_SCALING=1; shift ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

KSPAN=$BUILD/kspan
GEN=$BUILD/bench/kspan-gen
SCORE=$BUILD/bench/kspan-score
FLOOR=$BUILD/bench/kspan-floor
COREBENCH=$BUILD/bench/core_benchmark
COREONLY=$BUILD/bench/kspan-core-only

echo "== building (Release)" >&2
cmake --build "$BUILD" --target kspan kspan-gen kspan-score kspan-floor kspan-core-only core_benchmark >&2
command -v jq >/dev/null || { echo "jq missing: apt-get install jq (or --skip-jq)" >&2; SKIP_JQ=1; }
if [ "$SKIP_WASM" = 0 ] && { [ ! -f "$WASM_JS" ] || ! command -v node >/dev/null; }; then
  echo "no wasm build at $WASM_JS or no node: cmake --preset wasm && cmake --build build/wasm (or --skip-wasm)" >&2
  SKIP_WASM=1
fi
mkdir -p "$WORK" "$(dirname "$OUT")"

bytes_of() { numfmt --from=iec "${1%B}"; }
human() { numfmt --to=iec --suffix=B --format=%.1f "$1"; }

# measure NAME CMD...: appends "name wall user+sys maxrss_kb" to $WORK/times.
measure() {
  local name=$1; shift
  local log=$WORK/time.log
  /usr/bin/time -v -o "$log" "$@" >/dev/null 2>"$WORK/$name.stderr" || { echo "$name failed:" >&2; cat "$WORK/$name.stderr" >&2; return 1; }
  local wall user sys rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$log")
  user=$(awk -F': ' '/User time/ {print $2}' "$log")
  sys=$(awk -F': ' '/System time/ {print $2}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  echo "$name $wall $(echo "$user + $sys" | bc -l | sed 's/^\./0./') $rss" >> "$WORK/times"
}
# median NAME COLUMN (2 wall, 3 cpu, 4 rss)
median() {
  awk -v n="$1" -v c="$2" '$1==n {print $c}' "$WORK/times" | sort -g | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'
}
ratio() { echo "scale=2; $1 / $2" | bc -l | sed 's/^\./0./'; }

report=$WORK/report.md
: > "$report"
say() { echo "$*" >> "$report"; }

CPU=$(lscpu | awk -F': +' '/^Model name/ {print $2; exit}')
CORES=$(nproc)
MEM=$(free -g | awk '/^Mem:/ {print $2 " GiB"}')
say "# kspan whole-process comparison"
say ""
say "- date: $(date -u +%Y-%m-%dT%H:%MZ); commit $(git -C "$ROOT" rev-parse --short HEAD)"
say "- machine: $CPU, $CORES cores ($(lscpu | awk -F': +' '/^Thread\(s\) per core/ {print $2}') thread(s) per core), $MEM RAM, $(uname -r); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
say "- command: bench/compare/run.sh --size $SIZE --runs $RUNS --scale-base $SCALE_BASE --stream-sizes \"$STREAM_SIZES\" --seed $SEED"
say ""

# ---- 1. the big List ----
# Inputs are cached in $WORK by size and seed, and made again when kspan-gen is newer.
stale() { [ ! -f "$1" ] || [ "$GEN" -nt "$1" ]; }
LIST=$WORK/list-$SIZE-s$SEED.json
if stale "$LIST" || stale "$LIST.truth.tsv"; then
  echo "== generating $SIZE List JSON" >&2
  "$GEN" --size "$SIZE" --seed "$SEED" --format list-json -o "$LIST" 2>"$WORK/gen.log"
fi
INPUT_BYTES=$(stat -c %s "$LIST")
EVENTS=$(awk -F'\t' '!/^#/' "$LIST.truth.tsv" | wc -l)
: > "$WORK/times"
for r in $(seq "$RUNS"); do
  echo "== run $r/$RUNS" >&2
  measure floor "$FLOOR" "$LIST"
  measure kspan "$KSPAN" convert -q "$LIST" -o /dev/null
  measure core "$COREONLY" "$LIST"
  [ "$SKIP_JQ" = 1 ] || measure jq jq -c '.items[]' "$LIST"
  [ "$SKIP_WASM" = 1 ] || measure wasm node "$ROOT/bench/compare/wasm_convert.mjs" "$WASM_JS" "$LIST"
done
FLOOR_WALL=$(median floor 2)
FLOOR_CPU=$(median floor 3)
say "## 1. $(human "$INPUT_BYTES") kubectl List ($EVENTS events, objects mixed in, not in time order)"
say ""
say "Medians of $RUNS interleaved runs. Ratios are to the floor's wall and CPU (user+sys) time, and to the input size"
say "(memory). On a shared machine CPU time is the steadier of the two. The floor maps the file: its RSS is mostly the page cache."
say ""
say "| program | wall s | CPU s | x floor (wall) | x floor (CPU) | peak RSS | RSS / input | events/s (wall) |"
say "|---|---|---|---|---|---|---|---|"
for name in floor kspan core jq wasm; do
  w=$(median $name 2)
  [ "$w" = nan ] && continue
  c=$(median $name 3); m=$(median $name 4)
  label=$name
  case $name in
    floor) label="floor: nlohmann_json SAX, no-op handler (-O3)" ;;
    kspan) label="kspan convert (OTLP to /dev/null)" ;;
    core) label="the core alone (kspan-core-only: Engine, counting sink, no output)" ;;
    jq) label="jq -c '.items[]'" ;;
    wasm) label="wasm core under node $(node --version)" ;;
  esac
  say "| $label | $w | $c | $(ratio "$w" "$FLOOR_WALL") | $(ratio "$c" "$FLOOR_CPU") | $(human $((m * 1024))) | $(ratio $((m * 1024)) "$INPUT_BYTES") | $(echo "$EVENTS / $w" | bc) |"
done
say ""

# ---- 2. quality ----
echo "== scoring" >&2
"$KSPAN" convert -q "$LIST" -o "$WORK/list.otlp.json"
"$SCORE" "$LIST.truth.tsv" "$WORK/list.otlp.json" > "$WORK/score.txt" || true
say "## 2. Correlation quality (kspan-score against kspan-gen's ground truth)"
say ""
say '```'
head -12 "$WORK/score.txt" >> "$report"
say '```'
say ""

# ---- 3. correlation alone ----
echo "== correlation alone (core_benchmark)" >&2
KSPAN_BENCH_EVENTS=${KSPAN_BENCH_EVENTS:-50000} "$COREBENCH" --benchmark_filter='BM_(Correlate|RouteOrderCorrelate|Decode|FrameJsonList|EngineListJson)$' \
  --benchmark_repetitions=3 --benchmark_report_aggregates_only=true --benchmark_format=json > "$WORK/core.json" 2>/dev/null
say "## 3. Stages on one core (core_benchmark, ${KSPAN_BENCH_EVENTS:-50000}-event List, median of 3)"
say ""
say "| stage | events/s | MB/s |"
say "|---|---|---|"
python3 - "$WORK/core.json" >> "$report" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for b in d["benchmarks"]:
    if b.get("aggregate_name") != "median":
        continue
    name = b["run_name"].replace("BM_", "")
    eps = b.get("items_per_second", 0)
    mbs = b.get("bytes_per_second", 0) / 1e6
    print(f"| {name} | {eps:,.0f} | {mbs:,.1f} |" if mbs else f"| {name} | {eps:,.0f} | |")
PY
say ""

# ---- 4. --stream memory ----
say "## 4. \`kspan convert --stream\` on time-ordered watch JSON lines (observedAt)"
say ""
say "| input | events | wall s | CPU s | peak RSS | core alone: peak RSS | quality (stream truth) |"
say "|---|---|---|---|---|---|---|"
for s in $STREAM_SIZES; do
  W=$WORK/watch-$s-s$SEED.jsonl
  if stale "$W" || stale "$W.stream.tsv"; then
    echo "== generating $s watch lines" >&2
    "$GEN" --size "$s" --seed "$SEED" --format watch --stream-truth -o "$W" --truth "$W.stream.tsv" 2>>"$WORK/gen.log"
  fi
  : > "$WORK/times"
  measure stream "$KSPAN" convert -q --stream "$W" -o "$WORK/stream.otlp.json"
  measure corestream "$COREONLY" --stream "$W"
  q=$("$SCORE" "$W.stream.tsv" "$WORK/stream.otlp.json" | awk '/under their ground-truth parent/ {print $NF}')
  n=$(awk -F'\t' '!/^#/' "$W.stream.tsv" | wc -l)
  say "| $(human "$(stat -c %s "$W")") | $n | $(median stream 2) | $(median stream 3) | $(human $(( $(median stream 4) * 1024 ))) | $(human $(( $(median corestream 4) * 1024 ))) | $q |"
  rm -f "$WORK/stream.otlp.json"
done
say ""

# ---- 5. scaling ----
if [ "$SKIP_SCALING" = 0 ]; then
  say "## 5. Scaling: 1x to 32x $SCALE_BASE"
  say ""
  say "List JSON in replay (kspan convert) and watch lines with --stream; floor = nlohmann SAX on the same List."
  say ""
  say "| x | List size | floor CPU s | kspan CPU s | x floor (CPU) | kspan wall s | kspan peak RSS | RSS / input | watch size | --stream CPU s | --stream peak RSS |"
  say "|---|---|---|---|---|---|---|---|---|---|---|"
  base=$(bytes_of "$SCALE_BASE")
  for k in 1 2 4 8 16 32; do
    size=$((base * k))
    L=$WORK/scale-$SCALE_BASE-$k-s$SEED.json
    W=$WORK/scale-$SCALE_BASE-$k-s$SEED.jsonl
    echo "== scaling ${k}x" >&2
    stale "$L" && "$GEN" --size "$size" --seed "$SEED" --format list-json -o "$L" --truth /dev/null -q
    stale "$W" && "$GEN" --size "$size" --seed "$SEED" --format watch -o "$W" --truth /dev/null -q
    : > "$WORK/times"
    measure floor "$FLOOR" "$L"
    measure kspan "$KSPAN" convert -q "$L" -o /dev/null
    measure stream "$KSPAN" convert -q --stream "$W" -o /dev/null
    lb=$(stat -c %s "$L")
    say "| $k | $(human "$lb") | $(median floor 3) | $(median kspan 3) | $(ratio "$(median kspan 3)" "$(median floor 3)") | $(median kspan 2) | $(human $(( $(median kspan 4) * 1024 ))) | $(ratio $(( $(median kspan 4) * 1024 )) "$lb") | $(human "$(stat -c %s "$W")") | $(median stream 3) | $(human $(( $(median stream 4) * 1024 ))) |"
  done
  say ""
fi

cp "$report" "$OUT"
cat "$report"
