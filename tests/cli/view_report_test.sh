#!/usr/bin/env bash
# End-to-end runs of `kspan view` and `kspan convert --format html` against a stand-in
# viewer folder (the real one is tested in tests/web).
# Usage: view_report_test.sh CASE KSPAN FIXTURES
set -euo pipefail
case_name=$1 kspan=$2 fixtures=$3
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

web="$work/web"
mkdir -p "$web"
echo '<!doctype html><title>kspan</title>' > "$web/index.html"
cat > "$web/report-template.html" <<'HTML'
<!doctype html><html><body>
<script id="kspan-traces" type="application/json">/*KSPAN_TRACES*/</script>
<script id="kspan-summary" type="application/json">/*KSPAN_SUMMARY*/</script>
<script>/* the viewer */</script></body></html>
HTML

start_view() {
  "$kspan" view --port 0 --web-dir "$web" "$@" > "$work/view.out" 2> "$work/view.err" &
  server=$!
  for _ in $(seq 50); do
    grep -q 'http://' "$work/view.out" 2>/dev/null && break
    sleep 0.1
  done
  url=$(grep -o 'http://[0-9.:]*/' "$work/view.out") || fail "no URL printed: $(cat "$work/view.err")"
}

# GET with node (the viewer's tests need it anyway): prints "STATUS\n" then the body.
get() { node -e 'fetch(process.argv[1]).then(async r => { process.stdout.write(r.status + "\n" + await r.text()); })' "$1"; }

case "$case_name" in
  view_serves_dumps)
    start_view "$fixtures/troubleshoot/image-pull-fail-events.json" "$fixtures/support-bundle-velero"
    manifest=$(get "${url}open.json")
    [ "$(head -1 <<<"$manifest")" = 200 ] || fail "open.json: $manifest"
    node -e '
      const m = JSON.parse(process.argv[1]);
      const names = m.files.map(f => f.name);
      if (m.files.length !== 5) throw new Error("want 1 file + 4 bundle resources, got " + names);
      if (!names.every(n => !n.includes("expected.tree"))) throw new Error("a non-resource bundle file was offered: " + names);
    ' "$(tail -n +2 <<<"$manifest")"
    body=$(get "${url}files/0")
    [ "$(head -1 <<<"$body")" = 200 ] || fail "files/0 status"
    cmp <(tail -n +2 <<<"$body") <(cat "$fixtures/troubleshoot/image-pull-fail-events.json") || fail "files/0 differs from the dump"
    [ "$(get "${url}" | head -1)" = 200 ] || fail "index.html not served"
    ;;
  view_stays_in_its_folder)
    start_view "$fixtures/troubleshoot/oomkill-pod.json"
    [ "$(get "${url}%2e%2e/%2e%2e/etc/passwd" | head -1)" = 404 ] || fail "path traversal served a file"
    [ "$(get "${url}files/9" | head -1)" = 404 ] || fail "a file past the list was served"
    ;;
  view_without_viewer)
    rm "$web/index.html"
    if "$kspan" view --port 0 --web-dir "$web" "$fixtures/troubleshoot/oomkill-pod.json" 2> "$work/err"; then fail "exit 0 without a viewer"; fi
    grep -q "not built" "$work/err" || fail "unclear message: $(cat "$work/err")"
    ;;
  html_report)
    "$kspan" convert -q --format html --web-dir "$web" "$fixtures/troubleshoot/image-pull-fail-events.json" -o "$work/report.html"
    "$kspan" convert -q "$fixtures/troubleshoot/image-pull-fail-events.json" -o "$work/traces.json"
    node -e '
      const fs = require("fs");
      const page = fs.readFileSync(process.argv[1], "utf8");
      const grab = id => page.match(new RegExp(`<script id="${id}" type="application/json">([^]*?)</script>`))[1];
      const traces = JSON.parse(grab("kspan-traces"));
      const direct = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
      if (JSON.stringify(traces) !== JSON.stringify(direct)) throw new Error("embedded traces differ from kspan convert");
      if (JSON.parse(grab("kspan-summary")).events !== 17) throw new Error("summary not embedded");
      if (!page.includes("/* the viewer */")) throw new Error("the rest of the page was lost");
    ' "$work/report.html" "$work/traces.json"
    ;;
  html_report_cannot_close_its_script)
    printf '%s\n' '{"kind":"Event","metadata":{"uid":"u1","namespace":"d"},"involvedObject":{"kind":"Pod","name":"p","namespace":"d"},"reason":"X","message":"</script><script>alert(1)</script>","lastTimestamp":"2024-01-01T00:00:00Z"}' > "$work/evil.json"
    "$kspan" convert -q --format html --web-dir "$web" "$work/evil.json" -o "$work/report.html"
    [ "$(grep -c '</script>' "$work/report.html")" = 3 ] || fail "an event's text closed a script element"
    grep -q 'alert(1)' "$work/report.html" || fail "the message is missing"
    ;;
  html_without_template)
    rm "$web/report-template.html"
    if "$kspan" convert -q --format html --web-dir "$web" "$fixtures/troubleshoot/oomkill-pod.json" -o "$work/r.html" 2> "$work/err"; then
      fail "exit 0 without a template"
    fi
    grep -q "report-template.html" "$work/err" || fail "unclear message: $(cat "$work/err")"
    ;;
  *) fail "unknown case $case_name" ;;
esac
echo "ok $case_name"
