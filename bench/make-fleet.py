#!/usr/bin/env python3
"""Synthetic fleet for bench/collect-fleet.sh.

make-fleet.py OUT REPOS DAYS PER_DAY
  OUT/fleet/repo-NNNN/.kaizen/metrics/{optimization,coach}/executions.jsonl  (DAYS of executions, PER_DAY a day,
      in time order, ending 2026-06-25T12:00Z), plus summary.json beside each
  OUT/tasks.jsonl  (DAYS of tasks, 30 a day, statuses mixed)
  OUT/roster-active.yaml  (the roster's active list: every repo)
Deterministic (seeded)."""
import datetime, json, os, random, sys

out, repos, days, per_day = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
end = datetime.datetime(2026, 6, 25, 12, tzinfo=datetime.timezone.utc)
start = end - datetime.timedelta(days=days)
step = datetime.timedelta(seconds=86400 // per_day)
rnd = random.Random(42)
fmt = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
n = int(days * per_day)
for r in range(repos):
    name = "repo-%04d" % r
    for agent in ("optimization", "coach"):
        d = os.path.join(out, "fleet", name, ".kaizen", "metrics", agent)
        os.makedirs(d, exist_ok=True)
        ok = dur = 0
        with open(os.path.join(d, "executions.jsonl"), "w") as f:
            t = start + datetime.timedelta(seconds=rnd.randrange(0, step.seconds or 1))
            lines = []
            for i in range(n):
                s = rnd.random() < 0.85
                ds = rnd.randrange(60, 1800)
                ok += s
                dur += ds
                lines.append('{"at":"%s","success":%s,"quality":%.2f,"duration_sec":%d}\n' % (fmt(t), "true" if s else "false", rnd.random(), ds))
                t += step
            f.write("".join(lines))
        with open(os.path.join(d, "summary.json"), "w") as f:
            json.dump({"success_rate": round(ok / n, 4), "avg_quality": 0.7, "executions": n,
                       "mean_session_time_sec": round(dur / n, 1), "updated_at": fmt(end)}, f)
with open(os.path.join(out, "tasks.jsonl"), "w") as f:
    t = start
    i = 0
    while t < end:
        st = rnd.choice(["open", "in_progress", "done", "done", "done", "duplicate", "cancelled"])
        task = {"id": "T%06d" % i, "title": "task %d on repo-%04d" % (i, rnd.randrange(repos)), "created_at": fmt(t), "status": st}
        if st == "done":
            task["completed_at"] = fmt(t + datetime.timedelta(hours=rnd.randrange(1, 40)))
        f.write(json.dumps(task) + "\n")
        i += 1
        t += datetime.timedelta(seconds=2880)
with open(os.path.join(out, "roster-active.yaml"), "w") as f:
    f.write("active:\n" + "".join("  - repo-%04d\n" % r for r in range(repos)) + "expansion_queue: []\nsaturated: []\n")
