#!/usr/bin/env python3
"""Writes an engine_push_fuzzer input (4-byte header, then JSON lines): a chain of N Pods, each
owned by the next through ownerReferences, and one Event on the first. Synthetic. The owner
graph's depth must not recurse once per link (K6 in fuzz/README.md: a stack overflow)."""
import json, sys
n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
out = sys.stdout.buffer
out.write(b"\x00\x00\x80\x00")
for i in range(n):
    out.write(json.dumps({"apiVersion": "v1", "kind": "Pod", "metadata": {
        "name": f"o{i}", "namespace": "d", "uid": f"u{i}", "ownerReferences": [
            {"apiVersion": "v1", "kind": "Pod", "name": f"o{i + 1}", "uid": f"u{i + 1}", "controller": True}]}},
        separators=(",", ":")).encode() + b"\n")
out.write(json.dumps({"apiVersion": "v1", "kind": "Event", "metadata": {"name": "o0.e", "namespace": "d", "uid": "e1"},
                      "involvedObject": {"kind": "Pod", "name": "o0", "namespace": "d", "uid": "u0"},
                      "reason": "Pulled", "message": "m", "lastTimestamp": "2023-11-14T22:13:20Z"}).encode() + b"\n")
