#!/usr/bin/env bash
# End-to-end tests of the kspan binary, one case per CTest test:
#   cli_test.sh CASE KSPAN FIXTURES
set -euo pipefail

case_name=$1
kspan=$2
fixtures=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

events=$fixtures/troubleshoot/image-pull-fail-events.json
pods=$fixtures/troubleshoot/oomkill-pod.json
bundle=$fixtures/support-bundle-velero

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# run STATUS CMD...: runs CMD with stdout in $work/out, stderr in $work/err, checks its status.
run() {
  local want=$1 got=0
  shift
  "$@" >"$work/out" 2>"$work/err" || got=$?
  [[ $got == "$want" ]] || fail "'$*' exited $got, want $want; stderr: $(head -c 2000 "$work/err")"
}

same() {
  cmp -s "$1" "$2" || {
    diff "$1" "$2" | head -20 >&2
    fail "$1 and $2 differ"
  }
}

# The bundle's files in the order a sorted folder walk gives them.
bundle_files() {
  find "$bundle/cluster-resources" -type f -name '*.json' | LC_ALL=C sort
}

test_exit_codes() {
  run 2 "$kspan"
  run 2 "$kspan" convert
  run 2 "$kspan" frobnicate
  run 1 "$kspan" convert "$work/missing.json"
  : >"$work/empty.json"
  run 1 "$kspan" convert "$work/empty.json"
  echo 'this is not a dump' >"$work/prose.txt"
  run 1 "$kspan" convert "$work/prose.txt"
  # Records that are all skipped are no usable input either: kspan's own OTLP output.
  run 0 "$kspan" convert -o "$work/traces.json" "$events"
  run 1 "$kspan" convert "$work/traces.json"
  run 0 "$kspan" convert "$events"
  run 0 "$kspan" --version
  grep -q '^kspan [0-9]' "$work/out" || fail "--version printed: $(cat "$work/out")"
}

test_help_lists_flags() {
  run 0 "$kspan" --help
  grep -q convert "$work/out" || fail "kspan --help does not list convert"
  grep -q -- --version "$work/out" || fail "kspan --help does not list --version"
  run 0 "$kspan" convert --help
  local flag
  for flag in --output -o --format --window --reorder --expire-after --max-trace --cluster-name \
    --stream --quiet --summary-json --help OTEL_RESOURCE_ATTRIBUTES; do
    grep -q -- "$flag" "$work/out" || fail "kspan convert --help does not mention $flag"
  done
  run 0 "$kspan" help convert
}

test_usage_errors() {
  run 2 "$kspan" convert --bogus "$events"
  grep -q -- --bogus "$work/err" || fail "the message does not name the flag"
  grep -q -- --help "$work/err" || fail "no hint to --help"
  run 2 "$kspan" --bogus
  run 2 "$kspan" convert --window 5parsecs "$events"
  grep -q 5parsecs "$work/err" || fail "the message does not name the bad duration"
  run 2 "$kspan" convert "$events" --window
  run 2 "$kspan" convert --format xml "$events"
  run 2 "$kspan" convert --quiet=yes "$events"
  local d
  for d in 5s 300ms 5m 1h 1h30m 1.5s 0; do run 0 "$kspan" convert -q --window "$d" "$events"; done
  run 0 "$kspan" convert -q --reorder=1s --expire-after 10m --max-trace 2h "$events"
}

test_gzip_equals_plain() {
  run 0 "$kspan" convert -q "$events"
  cp "$work/out" "$work/plain"
  gzip -c "$events" >"$work/events.json.gz"
  run 0 "$kspan" convert -q "$work/events.json.gz"
  same "$work/plain" "$work/out"
  # Content, not the name, decides: a gzip file without .gz, and several gzip members.
  cp "$work/events.json.gz" "$work/compressed"
  run 0 "$kspan" convert -q "$work/compressed"
  same "$work/plain" "$work/out"
  local half=$(($(wc -c <"$events") / 2))
  { head -c "$half" "$events" | gzip -c; tail -c +"$((half + 1))" "$events" | gzip -c; } >"$work/members.gz"
  run 0 "$kspan" convert -q "$work/members.gz"
  same "$work/plain" "$work/out"
}

test_stdin() {
  run 0 "$kspan" convert -q "$events"
  cp "$work/out" "$work/plain"
  run 0 "$kspan" convert -q - <"$events"
  same "$work/plain" "$work/out"
  gzip -c "$events" >"$work/events.json.gz"
  run 0 "$kspan" convert -q - <"$work/events.json.gz"
  same "$work/plain" "$work/out"
  run 0 "$kspan" convert -q - < <(cat "$events")
  same "$work/plain" "$work/out"
}

test_bundle_folder() {
  local files
  mapfile -t files < <(bundle_files)
  for format in tree otlp; do
    run 0 "$kspan" convert -q --format "$format" "${files[@]}"
    cp "$work/out" "$work/files.$format"
    run 0 "$kspan" convert -q --format "$format" "$bundle"
    same "$work/files.$format" "$work/out"
  done
  # Logs and host data beside cluster-resources/ are passed over, not read.
  mkdir -p "$work/sb/host-collectors" "$work/sb/cluster-resources/pods/logs"
  cp -r "$bundle/cluster-resources" "$work/sb/"
  echo 'kernel: oops' >"$work/sb/host-collectors/dmesg.txt"
  echo '2024-01-01 log line' >"$work/sb/cluster-resources/pods/logs/velero.log"
  echo '{"not": "read"}' >"$work/sb/version.json"
  run 0 "$kspan" convert --format tree "$work/sb"
  same "$work/files.tree" "$work/out"
  grep -q 'kspan: ' "$work/err" && fail "passed-over files were reported as errors: $(cat "$work/err")"
  true
}

test_bundle_tar() {
  local files
  mapfile -t files < <(bundle_files)
  run 0 "$kspan" convert -q --format tree "${files[@]}"
  cp "$work/out" "$work/files.tree"
  # The layout troubleshoot writes: one top folder, cluster-resources/ and other data inside.
  mkdir -p "$work/support-bundle-2024/host-collectors"
  cp -r "$bundle/cluster-resources" "$work/support-bundle-2024/"
  echo 'kernel: oops' >"$work/support-bundle-2024/host-collectors/dmesg.txt"
  tar -C "$work" -czf "$work/bundle.tar.gz" support-bundle-2024
  tar -C "$work" -cf "$work/bundle.tar" support-bundle-2024
  local input
  for input in "$work/bundle.tar.gz" "$work/bundle.tar"; do
    run 0 "$kspan" convert --format tree "$input"
    same "$work/files.tree" "$work/out"
  done
  run 0 "$kspan" convert -q --format tree - <"$work/bundle.tar.gz"
  same "$work/files.tree" "$work/out"
  # A plain archive (no cluster-resources/) is read whole.
  tar -C "$(dirname "$events")" -czf "$work/plain.tgz" "$(basename "$events")"
  run 0 "$kspan" convert -q --format tree "$events"
  cp "$work/out" "$work/events.tree"
  run 0 "$kspan" convert -q --format tree "$work/plain.tgz"
  same "$work/events.tree" "$work/out"
}

test_missing_file() {
  run 0 "$kspan" convert -q "$events"
  cp "$work/out" "$work/alone"
  run 0 "$kspan" convert -q "$work/missing.json" "$events"
  same "$work/alone" "$work/out"
  [[ $(grep -c . "$work/err") == 1 ]] || fail "want one error line, got: $(cat "$work/err")"
  grep -q 'missing.json' "$work/err" || fail "the error does not name the file"
  # A truncated gzip file is reported, and the other inputs still convert.
  gzip -c "$pods" | head -c 100 >"$work/truncated.gz"
  run 0 "$kspan" convert -q "$work/truncated.gz" "$events"
  grep -q 'truncated.gz' "$work/err" || fail "the truncated file is not named: $(cat "$work/err")"
}

test_resource_attributes() {
  OTEL_RESOURCE_ATTRIBUTES='deployment.environment=prod%2Ceu, team=sre' run 0 "$kspan" convert -q "$events"
  grep -q '"deployment.environment"' "$work/out" || fail "no deployment.environment in the resources"
  grep -q '"prod,eu"' "$work/out" || fail "the value was not percent-decoded"
  grep -q '"team"' "$work/out" || fail "no team attribute"
  OTEL_RESOURCE_ATTRIBUTES='k8s.cluster.name=from-env' run 0 "$kspan" convert -q "$events"
  grep -q '"from-env"' "$work/out" || fail "k8s.cluster.name from the environment is missing"
  OTEL_RESOURCE_ATTRIBUTES='k8s.cluster.name=from-env' run 0 "$kspan" convert -q --cluster-name from-flag "$events"
  grep -q '"from-flag"' "$work/out" || fail "--cluster-name is missing"
  grep -q '"from-env"' "$work/out" && fail "--cluster-name must win over the environment"
  # A malformed variable is ignored with a warning, not fatal.
  OTEL_RESOURCE_ATTRIBUTES='novalue' run 0 "$kspan" convert "$events"
  grep -q OTEL_RESOURCE_ATTRIBUTES "$work/err" || fail "no warning for a malformed variable"
}

test_output_file() {
  run 0 "$kspan" convert -q "$events"
  cp "$work/out" "$work/stdout.json"
  run 0 "$kspan" convert -q -o "$work/result.json" "$events"
  [[ -s $work/out ]] && fail "-o FILE also wrote to standard output"
  same "$work/stdout.json" "$work/result.json"
  run 0 "$kspan" convert -q --output="$work/result2.json" "$events"
  same "$work/stdout.json" "$work/result2.json"
  jq -e '.resourceSpans | type == "array"' "$work/result.json" >/dev/null || fail "not OTLP/JSON"
  run 1 "$kspan" convert -q -o "$work/no/such/dir/out.json" "$events"
}

test_summary() {
  run 0 "$kspan" convert "$events"
  [[ -s $work/err ]] || fail "no summary on standard error"
  run 0 "$kspan" convert --quiet "$events"
  [[ -s $work/err ]] && fail "--quiet still printed: $(cat "$work/err")"
  run 0 "$kspan" convert -q --summary-json "$work/summary.json" "$events"
  jq -e 'type == "object"' "$work/summary.json" >/dev/null || fail "--summary-json wrote no JSON object"
}

test_memory_limits() {
  run 0 "$kspan" convert -q --format tree "$bundle"
  local spans
  spans=$(wc -l <"$work/out")
  run 0 "$kspan" convert --max-objects 3 --summary-json "$work/summary.json" --format tree "$bundle"
  grep -q "limited 5 object-limit" "$work/err" || fail "no object-limit in the summary: $(cat "$work/err")"
  grep -q "pods/velero.json:8 (velero/restic-5dkdh)" "$work/err" || fail "the limit does not say where"
  [[ $(wc -l <"$work/out") == "$spans" ]] || fail "a limit lost spans"
  jq -e '.limited[0].reason == "object-limit"' "$work/summary.json" >/dev/null || fail "no limited in --summary-json"
  run 2 "$kspan" convert --max-objects many "$bundle"
  grep -q "bad --max-objects" "$work/err" || fail "a bad limit is not named"
  run 0 "$kspan" replay --help
  grep -q -- "--max-pending-events" "$work/out" || fail "replay --help lists no limits"
}

test_yaml_input() {
  run 0 "$kspan" convert -q --format tree "$fixtures/harvester/core-v1-events.yaml"
  [[ -s $work/out ]] || fail "no spans from a YAML list"
  run 0 "$kspan" convert -q --format tree "$fixtures/kspan/deployment-2-pods.capture.yaml"
  [[ -s $work/out ]] || fail "no spans from a kspan capture"
}

# A span tree as "span <- parent" lines, sorted: the fixtures' trees fix every span's parent,
# not the order of siblings.
parents() {
  awk '{
    colon = index($0, ": ")
    id = substr($0, 1, colon - 1)
    rest = substr($0, colon + 2)
    split(rest, word, " ")
    parent[id] = ""
    if (word[3] ~ /^\([0-9]+\)$/) {
      parent[id] = substr(word[3], 2, length(word[3]) - 2)
      sub(/ \([0-9]+\)/, "", rest)
    }
    text[id] = rest
    order[NR] = id
  }
  END {
    for (i = 1; i <= NR; i++) {
      p = parent[order[i]]
      print text[order[i]] "  <-  " (p == "" ? "(root)" : text[p])
    }
  }' "$1" | LC_ALL=C sort
}

# golden EXPECTED_TREE KSPAN_ARGS...: the tree kspan prints has the expected parents.
golden() {
  local expected=$1
  shift
  run 0 "$kspan" convert -q --format tree "$@"
  parents "$work/out" >"$work/got.parents"
  parents "$expected" >"$work/want.parents"
  same "$work/want.parents" "$work/got.parents"
}

# Every fixture through the binary, in the forms users hand it over: plain, gzip, stdin, archive.
test_goldens() {
  local f=$fixtures
  golden "$f/support-bundle-velero/expected.tree" "$f/support-bundle-velero"
  golden "$f/sonobuoy/kube-system-events-2017.expected.tree" "$f/sonobuoy/kube-system-events-2017.json"
  golden "$f/troubleshoot/failed-mount-crashloop.expected.tree" "$f/troubleshoot/failed-mount-crashloop-events.json"
  golden "$f/troubleshoot/image-pull-fail.expected.tree" "$f/troubleshoot/image-pull-fail-events.json" "$f/troubleshoot/oomkill-pod.json"
  golden "$f/kspan/deployment-2-pods.expected.tree" "$f/kspan/deployment-2-pods.capture.yaml"
  golden "$f/kspan/deployment-update.expected.tree" "$f/kspan/deployment-update.capture.yaml"
  golden "$f/harvester/expected.tree" "$f/harvester/core-v1-events.yaml"
  golden "$f/harvester/expected.tree" "$f/harvester/events.k8s.io-v1-events.yaml"

  gzip -c "$f/kspan/deployment-2-pods.capture.yaml" >"$work/capture.gz"
  golden "$f/kspan/deployment-2-pods.expected.tree" "$work/capture.gz"
  golden "$f/harvester/expected.tree" - <"$f/harvester/core-v1-events.yaml"
  tar -C "$f" -czf "$work/troubleshoot.tgz" troubleshoot/image-pull-fail-events.json troubleshoot/oomkill-pod.json
  golden "$f/troubleshoot/image-pull-fail.expected.tree" "$work/troubleshoot.tgz"
}

"test_$case_name"
echo "ok: $case_name"
