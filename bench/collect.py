#!/usr/bin/env python3
"""The plain script a user would write instead of `loopreg collect` for one hourly slot (standard library only): the
health record of loop LOOP for the hour that ended at the last full hour before NOW, from the same files.

usage: bench/collect.py WS LOOP NOW      prints the record as one JSON line

- tasks (loop.yml `tasks: {source: file, path: ...}`): tasks_created, duplicate_tasks, false_positive_rate,
  tasks_completed and sla_completion_rate over (from, cycle], as loopreg's health model defines them; and
  likely_duplicate_tasks among the open, unmarked tasks (titles normalized, then equal or within the Levenshtein
  similarity 0.9, grouped transitively; each group counts its size - 1);
- agents (loop.yml `agents`, `repos: roster`, `repos_root`): each active repo's executions.jsonl read from the end
  (the lines are in time order), pooled: agent_success_rate = successes / executions, mean_session_time_sec;
- manual_rescues: `[rescue]` entries of the bootstrap log in the slot;
- cost_signal = tasks_created per hour x mean_session_time_sec.
The loop.yml, roster and log are read with the few lines of parsing their simple form needs.
"""
import datetime, json, os, re, sys, unicodedata
from decimal import Decimal, ROUND_HALF_EVEN

ws, loop, now_text = sys.argv[1], sys.argv[2], sys.argv[3]
parse_t = lambda s: datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
fmt = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
now = parse_t(now_text)
cycle = now.replace(minute=0, second=0, microsecond=0)
since = cycle - datetime.timedelta(hours=1)
inside = lambda t: since < t <= cycle

loop_dir = os.path.join(ws, "loops", loop)
conf = open(os.path.join(loop_dir, "loop.yml")).read()
sla_hours = int(re.search(r"^sla_hours:\s*(\d+)", conf, re.M).group(1))
tasks_path = re.search(r"path:\s*([^,}\s]+)", conf).group(1)
agents = [a.strip() for a in re.search(r"^agents:\s*\[([^\]]*)\]", conf, re.M).group(1).split(",")]
repos_root = os.path.join(ws, re.search(r"^repos_root:\s*(\S+)", conf, re.M).group(1))
roster = open(os.path.join(loop_dir, "roster.yaml")).read()
active = re.findall(r"^\s+- (\S+)", roster.split("expansion_queue:")[0], re.M)

def rate(n, d):
    if d == 0:
        return None
    return (Decimal(n) / Decimal(d)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_EVEN).normalize()

# tasks
created = completed = duplicates = due = met = 0
open_titles = []
sla = datetime.timedelta(hours=sla_hours)
for line in open(os.path.join(ws, tasks_path)):
    t = json.loads(line)
    c = parse_t(t["created_at"])
    dup = t["status"] == "duplicate" or bool(t.get("duplicate_of"))
    done_at = parse_t(t["completed_at"]) if t.get("completed_at") else None
    if inside(c):
        created += 1
        duplicates += dup
    if t["status"] == "done" and done_at and inside(done_at):
        completed += 1
    if not dup and t["status"] != "cancelled" and inside(c + sla):
        due += 1
        met += t["status"] == "done" and done_at is not None and done_at <= c + sla
    if t["status"] in ("open", "in_progress") and not dup:
        open_titles.append((t["id"], t["title"]))

def normalize(title):
    t = unicodedata.normalize("NFKD", title)
    t = "".join(ch for ch in t if not unicodedata.category(ch).startswith("M")).lower()
    t = re.sub(r"[\W_]+", " ", t).strip()
    return " ".join(sorted(t.split(" "))) if t else t

def within(a, b, k):
    """Levenshtein distance of a and b is at most k (a band of width 2k+1)."""
    if abs(len(a) - len(b)) > k:
        return False
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [k + 1] * len(b)
        lo, hi = max(1, i - k), min(len(b), i + k)
        for j in range(lo, hi + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
        if min(cur[max(0, lo - 1):hi + 1]) > k:
            return False
        prev = cur
    return prev[len(b)] <= k

buckets = {}
for tid, title in open_titles:
    key = normalize(title)
    if key:
        buckets.setdefault(key, []).append(tid)
keys = sorted(buckets)
parent = list(range(len(keys)))
def find(i):
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i
# candidates: strings within k edits share at least max(len) - 3 + 1 - 3k of their 3-grams
Q, sim = 3, 0.9
grams = {}
for i, k in enumerate(keys):
    for g in set(k[j:j + Q] for j in range(max(1, len(k) - Q + 1))):
        grams.setdefault(g, []).append(i)
for i, a in enumerate(keys):
    shared = {}
    for g in set(a[j:j + Q] for j in range(max(1, len(a) - Q + 1))):
        for j in grams[g]:
            if j > i:
                shared[j] = shared.get(j, 0) + 1
    for j, n in shared.items():
        b = keys[j]
        longer = max(len(a), len(b))
        allowed = int((1.0 - sim) * longer + 1e-9)
        if n >= longer - Q + 1 - Q * allowed and within(a, b, allowed):
            parent[find(i)] = find(j)
groups = {}
for i, k in enumerate(keys):
    groups.setdefault(find(i), []).extend(buckets[k])
likely = sum(len(m) - 1 for m in groups.values() if len(m) > 1)

# agents
def tail_lines(path):
    """The file's lines, newest first, read from the end in 64 KiB chunks."""
    with open(path, "rb") as f:
        f.seek(0, 2)
        pos, rest = f.tell(), b""
        while pos > 0:
            step = min(65536, pos)
            pos -= step
            f.seek(pos)
            chunk = f.read(step) + rest
            lines = chunk.split(b"\n")
            rest = lines[0]
            for l in reversed(lines[1:]):
                if l:
                    yield l
        if rest:
            yield rest

runs = ok = 0
seconds = Decimal(0)
for repo in active:
    for agent in agents:
        for l in tail_lines(os.path.join(repos_root, repo, ".kaizen", "metrics", agent, "executions.jsonl")):
            e = json.loads(l)
            at = parse_t(e["at"])
            if at <= since:
                break
            if at <= cycle:
                runs += 1
                ok += e["success"]
                seconds += Decimal(str(e["duration_sec"]))
success = rate(ok, runs)
mean = (seconds / runs).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN).normalize() if runs else None

# rescues
rescues = 0
for m in re.finditer(r"^- (\d{4}-\d\d-\d\dT\d\d:\d\d)Z \[rescue\]", open(os.path.join(loop_dir, "bootstrap-log.md")).read(), re.M):
    if inside(parse_t(m.group(1) + ":00Z")):
        rescues += 1

cost = None
if mean is not None:
    cost = (Decimal(created) * mean).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN).normalize()
num = lambda d: None if d is None else (int(d) if d == d.to_integral_value() else float(d))
print(json.dumps({"loop": loop, "cycle": fmt(cycle), "since": fmt(since), "tasks_created": created, "tasks_completed": completed,
                  "sla_completion_rate": num(rate(met, due)), "manual_rescues": rescues, "duplicate_tasks": duplicates,
                  "likely_duplicate_tasks": likely, "false_positive_rate": num(rate(duplicates, created)),
                  "agent_success_rate": num(success), "mean_session_time_sec": num(mean), "cost_signal": num(cost)}))
