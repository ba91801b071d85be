#!/usr/bin/env python3
"""Checks that `loopreg evaluate --json` and bench/evaluate.py agree on every loop's phase, recommendation, target phase,
and every rule's outcome and value. Prints the first disagreements and exits 1 when there is one.

usage: bench/agree.py LOOPREG.json SCRIPT.jsonl
"""
import decimal, json, sys

D64 = decimal.Context(prec=16, rounding=decimal.ROUND_HALF_EVEN)


def norm(v):
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, (int, decimal.Decimal)):
        d = decimal.Decimal(v).normalize(D64)
        return str(d.quantize(decimal.Decimal(1)) if d == d.to_integral_value() else d)
    return str(v)


def same(a, b):
    """Equal strings, or numbers equal to the last bits of a double: loopreg computes the pooled rates in decimal
    (16 digits), the script in binary floating point, as Python's json gives the numbers."""
    if a == b:
        return True
    try:
        x, y = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(x - y) <= 1e-12 * max(abs(x), abs(y))


with open(sys.argv[1], encoding="utf-8") as f:
    lr = json.load(f, parse_float=decimal.Decimal)
mine = {}
with open(sys.argv[2], encoding="utf-8") as f:
    for line in f:
        o = json.loads(line)
        mine[o["loop"]] = o
bad = []
for l in lr["loops"]:
    o = mine.pop(l["loop"], None)
    if o is None:
        bad.append(l["loop"] + ": missing from the script's output")
        continue
    for k in ("phase", "recommendation", "to_phase"):
        if l.get(k) != o.get(k):
            bad.append("%s: %s loopreg %r, script %r" % (l["loop"], k, l.get(k), o.get(k)))
    theirs = {r["id"]: r for r in o["rules"]}
    if [r["id"] for r in l["rules"]] != [r["id"] for r in o["rules"]]:
        bad.append("%s: rules loopreg %s, script %s" % (l["loop"], [r["id"] for r in l["rules"]], [r["id"] for r in o["rules"]]))
    for r in l["rules"]:
        t = theirs.get(r["id"])
        if t is None:
            continue
        if r["holds"] != t["holds"] or not same(norm(r["value"]), t["value"]):
            bad.append("%s: %s loopreg (%r, %r), script (%r, %r)" % (l["loop"], r["id"], r["holds"], norm(r["value"]), t["holds"], t["value"]))
bad += [k + ": only in the script's output" for k in mine]
checked = len(lr["loops"])
if bad:
    print("DISAGREE on %d of %d loops:" % (len(bad), checked))
    print("\n".join(bad[:20]))
    sys.exit(1)
print("agree: %d loops, every phase, recommendation, target and rule value" % checked)
