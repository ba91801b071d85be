#!/usr/bin/env python3
"""Writes a workspace of N loops for the serve load test: the sample workspace, with its three loops cloned
round-robin into loop-001 … loop-N (health records, cadence, loop.yml and bootstrap log renamed to the new id).

usage: bench/make-many-loops.py N OUT
"""
import json, os, re, shutil, sys

n, out = int(sys.argv[1]), sys.argv[2]
src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "sample-workspace")
if os.path.exists(out):
    shutil.rmtree(out)
shutil.copytree(src, out)
loops = os.path.join(out, "loops")
bases = ["kaizen-stack", "registry-hygiene", "quality-escalation"]
for i in range(1, n + 1):
    base = bases[(i - 1) % len(bases)]
    new = "loop-%03d" % i
    dst = os.path.join(loops, new)
    shutil.copytree(os.path.join(loops, base), dst)
    for root, _, files in os.walk(dst):
        for f in files:
            p = os.path.join(root, f)
            with open(p, encoding="utf-8") as fh:
                text = fh.read()
            text = text.replace("loops/" + base + "/", "loops/" + new + "/")
            if f == "health.jsonl":
                lines = []
                for line in text.splitlines():
                    rec = json.loads(line)
                    rec["loop"] = new
                    lines.append(json.dumps(rec, separators=(",", ":")))
                text = "\n".join(lines) + "\n"
            with open(p, "w", encoding="utf-8") as fh:
                fh.write(text)
for base in bases:
    shutil.rmtree(os.path.join(loops, base))
# the rotation policy and the sample's decisions name the original loops: keep the fleet to the cloned loops
for f in ["rotation-policy.yml", "roster.yml"]:
    p = os.path.join(loops, "regulator", f)
    if os.path.exists(p):
        os.remove(p)
for f in ["decisions.jsonl", "recommendations.jsonl", "urgent-tasks.jsonl", "approvals.jsonl"]:
    p = os.path.join(loops, "regulator", f)
    if os.path.exists(p):
        os.remove(p)
# a definition bound to one of the original loops
p = os.path.join(out, "activity-definitions", "registry-hygiene-daily.md")
if os.path.exists(p):
    os.remove(p)
print("%s: %d loops" % (out, n))
