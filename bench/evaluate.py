#!/usr/bin/env python3
"""The script a careful engineer writes instead of `loopreg evaluate` (Python 3 standard library only): for every loop
of a workspace, the current phase's health records, the seven rules of the cadence state machine with the policy's
default numbers, and the recommendation — one JSON line per loop on standard output.

Careful, not naive: each health.jsonl is read backwards from its end in 64 KiB chunks, and only as far as the phase
boundary (a record of another phase, or at or before phase_since) or max_records_read records, whichever comes first;
numbers are what the JSON parser gives (int and float); instants are parsed with datetime.fromisoformat; each workplan
is read once. It reads what loopreg reads (cadence.yml, loop.yml, the workplan's front matter, health.jsonl) and handles
what the benchmark's fleets contain: block-style YAML written by loopreg, hourly crons, no rescues logged after the last
record. bench/compare.sh checks that it agrees with loopreg on every value (bench/agree.py) before it times either.

usage: bench/evaluate.py WORKSPACE NOW
"""
import datetime, json, os, sys

ws, now_s = sys.argv[1], sys.argv[2]
parse_t = datetime.datetime.fromisoformat  # Python 3.11: accepts the trailing Z
now = parse_t(now_s)
NEXT = {"bootstrap": "stabilize", "stabilize": "operate", "operate": None}
ORDER = {"bootstrap": 0, "stabilize": 1, "operate": 2}
FPR_WINDOW, FPR_BELOW, RESCUES_WINDOW, RESCUES_AT_MOST = 7, 0.2, 3, 0
FPR_DEMOTION, FPR_ABOVE, RESCUE_HOURS, RESCUES_AT_LEAST, MAX_READ = 3, 0.4, 24, 2, 1000
CHUNK = 64 * 1024
DAY = datetime.timedelta(hours=RESCUE_HOURS)
STALE = datetime.timedelta(hours=3)
loads = json.loads


def yaml_map(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split(" #")[0].rstrip()
            if not line or line[0] in "# " or ":" not in line:
                continue
            k, v = line.split(":", 1)
            v = v.strip().strip('"')
            out[k.strip()] = None if v in ("", "null") else v
    return out


def lines_backwards(path):
    """The file's lines from the last to the first, read in 64 KiB chunks from the end."""
    with open(path, "rb") as f:
        pos = f.seek(0, os.SEEK_END)
        rest = b""
        while pos > 0:
            step = min(CHUNK, pos)
            pos -= step
            f.seek(pos)
            parts = (f.read(step) + rest).split(b"\n")
            rest = parts[0]
            for line in reversed(parts[1:]):
                if line:
                    yield line
        if rest:
            yield rest


def window_of(path, phase, since):
    """The phase's records, oldest first, each with its cycle parsed: read back to the boundary or MAX_READ records."""
    window = []
    read = 0
    for line in lines_backwards(path):
        if read == MAX_READ:
            break
        read += 1
        r = loads(line)
        cyc = parse_t(r["cycle"])
        if cyc > now:
            continue
        if r["phase"] != phase or (since is not None and cyc <= since):
            break
        r["_cycle"] = cyc
        window.append(r)
    window.reverse()
    return window


workplans = {}


def exit_tasks(path):
    tasks = workplans.get(path)
    if tasks is None:
        tasks, cur = [], None
        with open(os.path.join(ws, path), encoding="utf-8") as f:
            text = f.read().split("---")[1]
        for line in text.splitlines():
            s = line.strip()
            if s.startswith("- id:"):
                cur = {"id": s.split(":", 1)[1].strip()}
                tasks.append(cur)
            elif s.startswith("status:") and cur is not None:
                cur["status"] = s.split(":", 1)[1].strip()
        workplans[path] = tasks
    return tasks


def pooled(window, n):
    if len(window) < n:
        return None
    last = window[-n:]
    created = sum(r["tasks_created"] for r in last)
    return None if created == 0 else sum(r["duplicate_tasks"] for r in last) / created


def rule(i, holds, value):
    return {"id": i, "holds": holds, "value": None if value is None else str(value)}


out = []
for loop in sorted(os.listdir(os.path.join(ws, "loops"))):
    d = os.path.join(ws, "loops", loop)
    if loop == "regulator" or not os.path.exists(os.path.join(d, "cadence.yml")):
        continue
    c = yaml_map(os.path.join(d, "cadence.yml"))
    cfg = yaml_map(os.path.join(d, "loop.yml"))
    phase, since = c["phase"], parse_t(c["phase_since"]) if c.get("phase_since") else None
    window = window_of(os.path.join(d, "health.jsonl"), phase, since)
    rules = []
    if NEXT[phase]:
        if phase == "bootstrap":
            open_ = [t for t in exit_tasks(cfg["workplan"]) if t.get("status") != "done"]
            rules.append(rule("exit_criteria", not open_, "all exit tasks done" if not open_ else
                              "not done: " + ", ".join("%s (%s)" % (t["id"], t.get("status")) for t in open_)))
        else:
            rules.append(rule("exit_criteria", True, "not required"))
        p = pooled(window, FPR_WINDOW)
        rules.append(rule("fpr_window", None if p is None else p < FPR_BELOW, p))
        if len(window) < RESCUES_WINDOW:
            rules.append(rule("rescues_window", None, None))
        else:
            s = sum(r["manual_rescues"] for r in window[-RESCUES_WINDOW:])
            rules.append(rule("rescues_window", s <= RESCUES_AT_MOST, s))
        a = c["regulator_approval"]
        rules.append(rule("regulator_approval", a == "approved", a))
    p = pooled(window, FPR_DEMOTION)
    rules.append(rule("fpr_demotion", None if p is None else p > FPR_ABOVE, p))
    frm = now - DAY
    span = [r for r in window if frm < r["_cycle"] <= now]
    s = sum(r["manual_rescues"] for r in span)
    rules.append(rule("rescues_24h", True if s >= RESCUES_AT_LEAST else (None if not span else False), s if span or s else None))
    rules.append(rule("operator_override", False, None))
    fired = [r for r in rules if r["id"] in ("fpr_demotion", "rescues_24h", "operator_override") and r["holds"]]
    to = None
    if fired:
        rec = "demote" if ORDER["bootstrap"] < ORDER[phase] else "hold"
        to = "bootstrap" if rec == "demote" else None
    elif not NEXT[phase]:
        rec = "hold"
    elif all(r["holds"] is True for r in rules if r["id"] in ("exit_criteria", "fpr_window", "rescues_window", "regulator_approval")):
        rec, to = "promote", NEXT[phase]
    else:
        rec = "hold"
    latest = window[-1]["_cycle"] if window else None
    if latest is not None and rec != "demote" and (now - latest) > STALE:
        rec, to = "hold", None  # stale data is never promoted
    out.append(json.dumps({"loop": loop, "phase": phase, "recommendation": rec, "to_phase": to, "rules": rules}))
sys.stdout.write("\n".join(out) + ("\n" if out else ""))
