#!/usr/bin/env python3
"""Writes a workspace of N loops, each with R hourly health records ending at NOW, for the evaluate benchmark.

The regulator's files (policy, templates, the regulator's own cadence) are the sample workspace's; the loops are
made here: phases spread over bootstrap (60 %), stabilize (30 %) and operate (10 %); approvals approved, pending or
rejected; false-positive rates and rescues varied so that every recommendation occurs (promote, hold, demote). Two
workplans serve every loop (one with its exit tasks done, one not). Deterministic: the same N, R and NOW give the
same bytes.

usage: bench/make-eval-fleet.py N RECORDS NOW OUT      (NOW like 2026-06-25T12:00:00Z)
"""
import datetime, os, random, shutil, sys

n, records, now_s, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
now = datetime.datetime.strptime(now_s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
fmt = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "sample-workspace")
if os.path.exists(out):
    shutil.rmtree(out)
os.makedirs(os.path.join(out, "loops", "regulator"))
for f in ["policy.yml", "health-model.md", "state-machine.md", "session-template.md", "cadence.yml"]:
    shutil.copy(os.path.join(src, "loops", "regulator", f), os.path.join(out, "loops", "regulator", f))
os.makedirs(os.path.join(out, "workplans"))
for name, second in [("WP-DONE", "done"), ("WP-OPEN", "in_progress")]:
    with open(os.path.join(out, "workplans", name + ".md"), "w", encoding="utf-8") as f:
        f.write("---\nid: %s\ntype: workplan\ntitle: \"%s\"\nstatus: active\ntasks:\n"
                "  - id: T01\n    status: done\n    title: First task\n"
                "  - id: T02\n    status: %s\n    title: Second task\n---\n# %s\n" % (name, name, second, name))

rnd = random.Random(17)
first = now - datetime.timedelta(hours=records - 1)
for i in range(1, n + 1):
    loop = "loop-%04d" % i
    d = os.path.join(out, "loops", loop)
    os.makedirs(d)
    r = rnd.random()
    phase = "bootstrap" if r < 0.6 else "stabilize" if r < 0.9 else "operate"
    approval = rnd.choice(["approved", "approved", "pending", "rejected"])
    since = first - datetime.timedelta(hours=1)
    with open(os.path.join(d, "cadence.yml"), "w", encoding="utf-8") as f:
        f.write('loop: %s\nphase: %s\ncron: "0 * * * *"\npromoted_at: null\nphase_since: %s\ndemotion_count: 0\n'
                'regulator_approval: %s\napproval_by: %s\napproval_at: %s\napproval_note: null\n'
                % (loop, phase, fmt(since), approval, '"ops"' if approval != "pending" else "null",
                   fmt(now - datetime.timedelta(hours=2)) if approval != "pending" else "null"))
    with open(os.path.join(d, "loop.yml"), "w", encoding="utf-8") as f:
        f.write("description: bench loop %d\nworkplan: workplans/%s.md\nsla_hours: 24\nagents: []\nrepos: []\n"
                "rescue_log: loops/%s/bootstrap-log.md\n" % (i, "WP-DONE" if i % 4 else "WP-OPEN", loop))
    with open(os.path.join(d, "bootstrap-log.md"), "w", encoding="utf-8") as f:
        f.write("# Bootstrap log — %s\n\n- %s [note] loop created\n" % (loop, fmt(since)[:16] + "Z"))
    noisy = rnd.random() < 0.1      # a noisy loop: its false-positive rate rises at the end
    rescued = rnd.random() < 0.05   # rescues in the last day
    lines = []
    for k in range(records):
        c = first + datetime.timedelta(hours=k)
        created = rnd.randint(3, 9)
        dup = rnd.randint(0, 1) if rnd.random() < 0.1 else 0
        if noisy and k >= records - 3:
            dup = created
        rescues = 1 if rescued and k >= records - 2 else 0
        lines.append('{"loop":"%s","cycle":"%s","since":"%s","at":"%s","phase":"%s","tasks_created":%d,"tasks_completed":%d,'
                     '"sla_completion_rate":%s,"manual_rescues":%d,"duplicate_tasks":%d,"false_positive_rate":%s,'
                     '"agent_success_rate":0.9,"mean_session_time_sec":%d,"cost_signal":1.0,"errors":[]}'
                     % (loop, fmt(c), fmt(c - datetime.timedelta(hours=1)), fmt(c + datetime.timedelta(minutes=50)), phase,
                        created, created - 1, "0.9", rescues, dup, repr(round(dup / created, 4)), 600 + k % 30))
    with open(os.path.join(d, "health.jsonl"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
