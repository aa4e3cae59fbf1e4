#!/usr/bin/env bash
# quality_test.sh KSPAN KSPAN_GEN KSPAN_SCORE FORMAT|stream|perturbed
# Generates 20,000 events, converts them and requires every span under its ground-truth parent
# ("perturbed": a shorter --expire-after must be caught by the scorer).
set -euo pipefail
kspan=$1 gen=$2 score=$3 what=$4
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
case $what in
  stream)
    "$gen" --events 20000 --seed 11 --format watch --stream-truth -o "$dir/in" -q
    "$kspan" convert -q --stream "$dir/in" -o "$dir/out.json" ;;
  perturbed)
    "$gen" --events 20000 --seed 11 -o "$dir/in" -q
    "$kspan" convert -q --expire-after 20s "$dir/in" -o "$dir/out.json"
    if "$score" "$dir/in.truth.tsv" "$dir/out.json" --min 0.99 > "$dir/score.txt"; then
      echo "the scorer did not notice a different expire_after:"; cat "$dir/score.txt"; exit 1
    fi
    exit 0 ;;
  *)
    "$gen" --events 20000 --seed 11 --format "$what" -o "$dir/in" -q
    "$kspan" convert -q "$dir/in" -o "$dir/out.json" ;;
esac
"$score" "$dir/in.truth.tsv" "$dir/out.json" --min 1.0
