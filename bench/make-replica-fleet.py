#!/usr/bin/env python3
"""Synthetic fleet for bench/replicas.sh (issue 18): N loops on hourly crons, each watching the same REPOS repos.

make-replica-fleet.py WS N REPOS HISTORY SLOT [GAP]
  WS: a workspace made by `loopreg init`; its three sample loops are replaced by loop-00001 … loop-N, each with
      cadence.yml (bootstrap, cron "M * * * *", M: SLOT's minute; with GAP, "M,M+GAP * * * *": two
      slots an hour, the second one on warm replicas), loop.yml (tasks from WS/tasks.jsonl, agents optimization and coach
      over the repos of its roster, its own bootstrap log), roster.yaml (every repo active) and HISTORY hourly health
      records, the last an hour before SLOT (the history the database holds: its size per million records is measured on it);
  WS/../fleet/repo-NNNN/.kaizen/metrics/{optimization,coach}/executions.jsonl: two weeks of executions ending at SLOT,
      72 a day; WS/tasks.jsonl: two weeks of tasks, 30 a day.
The collector's definition is enabled with its sweep (evaluate) at M+30, away from the measured slots; the session's
is disabled. Deterministic (seeded) for a given SLOT.
"""
import datetime, json, os, random, shutil, sys

ws, n, repos, history, slot = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
end = datetime.datetime.strptime(slot, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
minute = end.minute
gap = int(sys.argv[6]) if len(sys.argv) > 6 else 0
cron = "%d * * * *" % minute if gap == 0 else "%d,%d * * * *" % (minute, (minute + gap) % 60)
fmt = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
rnd = random.Random(18)
loops = os.path.join(ws, "loops")
for d in ("kaizen-stack", "quality-escalation", "registry-hygiene"):
    shutil.rmtree(os.path.join(loops, d), ignore_errors=True)
reg = os.path.join(loops, "regulator")
if os.path.exists(os.path.join(reg, "rotation-policy.yml")):
    os.remove(os.path.join(reg, "rotation-policy.yml"))   # it names a sample loop
with open(os.path.join(reg, "policy.yml")) as fh:
    policy = fh.read()
with open(os.path.join(reg, "policy.yml"), "w") as fh:
    fh.write(policy.replace('bootstrap: {cron: "0 * * * *"}', 'bootstrap: {cron: "%s"}' % cron))
for f in os.listdir(os.path.join(ws, "activity-definitions")):
    p = os.path.join(ws, "activity-definitions", f)
    with open(p) as fh:
        text = fh.read()
    if f.startswith("hourly-loop-health-collector"):   # the collector on: the loops' cycles are its work; its sweep at M+30
        text = text.replace("enabled: false", "enabled: true").replace('cron: "50 * * * *"', 'cron: "%d * * * *"' % ((minute + 30) % 60))
    else:
        text = text.replace("enabled: true", "enabled: false")
    with open(p, "w") as fh:
        fh.write(text)

fleet = os.path.join(ws, "..", "fleet")
start = end - datetime.timedelta(days=14)
for r in range(repos):
    for agent in ("optimization", "coach"):
        d = os.path.join(fleet, "repo-%04d" % r, ".kaizen", "metrics", agent)
        os.makedirs(d, exist_ok=True)
        t, lines = start, []
        while t < end:
            lines.append('{"at":"%s","success":%s,"quality":%.2f,"duration_sec":%d}\n'
                         % (fmt(t), "true" if rnd.random() < 0.85 else "false", rnd.random(), rnd.randrange(60, 1800)))
            t += datetime.timedelta(minutes=20)
        with open(os.path.join(d, "executions.jsonl"), "w") as f:
            f.write("".join(lines))
with open(os.path.join(ws, "tasks.jsonl"), "w") as f:
    t, i = start, 0
    while t < end:
        st = rnd.choice(["open", "in_progress", "done", "done", "done", "duplicate", "cancelled"])
        task = {"id": "T%06d" % i, "title": "task %d" % i, "created_at": fmt(t), "status": st}
        if st == "done":
            task["completed_at"] = fmt(min(end, t + datetime.timedelta(hours=rnd.randrange(1, 40))))
        f.write(json.dumps(task) + "\n")
        i, t = i + 1, t + datetime.timedelta(seconds=2880)

since = end - datetime.timedelta(hours=history + 1)
roster = "active:\n" + "".join("  - {repo: repo-%04d, since: %s, priority: normal}\n" % (r, fmt(since)) for r in range(repos)) \
    + "expansion_queue: []\nsaturated: []\n"
for i in range(1, n + 1):
    lid = "loop-%05d" % i
    d = os.path.join(loops, lid)
    os.makedirs(d)
    with open(os.path.join(d, "cadence.yml"), "w") as f:
        f.write('loop: %s\nphase: bootstrap\ncron: "%s"\npromoted_at: null\nphase_since: %s\ndemotion_count: 0\n'
                'regulator_approval: pending\n' % (lid, cron, fmt(since)))
    with open(os.path.join(d, "loop.yml"), "w") as f:
        f.write("sla_hours: 24\ntasks: {source: file, path: tasks.jsonl}\nagents: [optimization, coach]\nrepos: roster\n"
                "repos_root: ../fleet\nrescue_log: loops/%s/bootstrap-log.md\n" % lid)
    with open(os.path.join(d, "roster.yaml"), "w") as f:
        f.write(roster)
    with open(os.path.join(d, "bootstrap-log.md"), "w") as f:
        f.write("# Bootstrap log of %s\n" % lid)
    with open(os.path.join(d, "health.jsonl"), "w") as f:
        for h in range(history, 0, -1):
            c = end - datetime.timedelta(hours=h)
            rec = {"loop": lid, "cycle": fmt(c), "at": fmt(c), "phase": "bootstrap", "tasks_created": rnd.randrange(0, 40),
                   "tasks_completed": rnd.randrange(0, 40), "manual_rescues": 0, "duplicate_tasks": 0,
                   "false_positive_rate": None, "agent_success_rate": round(rnd.random(), 4),
                   "mean_session_time_sec": rnd.randrange(60, 1800), "cost_signal": None, "errors": []}
            f.write(json.dumps(rec, separators=(",", ":")) + "\n")
