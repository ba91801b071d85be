#!/usr/bin/env python3
"""Adds DAYS of hourly evaluation history to a workspace, as that many evaluate runs would leave it: one line per loop
per run in recommendations.jsonl, one line per run in runs.jsonl (the first run's line lists every loop as a change
from (absent)), ending an hour before NOW; and the regulator hourly since the first run. The files are written as
loops/regulator/month-recommendations.jsonl and month-runs.jsonl (bench/compare.sh copies them in before each run).

usage: bench/make-history.py WS DAYS NOW
"""
import datetime, os, re, sys

ws, days, now = sys.argv[1], int(sys.argv[2]), sys.argv[3]
end = datetime.datetime.strptime(now, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
fmt = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
loops = sorted(d for d in os.listdir(os.path.join(ws, "loops")) if d != "regulator" and not d.startswith(".")
               and os.path.isdir(os.path.join(ws, "loops", d)))
reg = os.path.join(ws, "loops", "regulator")
start = end - datetime.timedelta(days=days)
with open(os.path.join(reg, "month-recommendations.jsonl"), "w") as rec, open(os.path.join(reg, "month-runs.jsonl"), "w") as runs:
    t = start
    first = True
    while t < end - datetime.timedelta(minutes=30):
        at = fmt(t)
        rec.write("".join('{"evaluated_at":"%s","loop":"%s","phase":"bootstrap","recommendation":"hold","to_phase":null,'
                          '"summary":"hold in bootstrap: exit_criteria fails","rules":[{"id":"exit_criteria","kind":"promotion",'
                          '"holds":false,"value":null,"threshold":null,"detail":"open tasks remain","cycles":[]}],"errors":[]}\n'
                          % (at, l) for l in loops))
        changes = ",".join('{"loop":"%s","before":"(absent)","after":"hold"}' % l for l in loops) if first else ""
        runs.write('{"evaluated_at":"%s","loops":%d,"changes":[%s]}\n' % (at, len(loops), changes))
        first = False
        t += datetime.timedelta(hours=1)
cad = os.path.join(reg, "cadence.yml")
text = open(cad).read()
open(cad, "w").write(re.sub(r"^phase_since: .*$", "phase_since: " + fmt(start), text, flags=re.M))
