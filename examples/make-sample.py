#!/usr/bin/env python3
"""Writes examples/sample-workspace: the fixed sample the README's tour runs on (evaluate at 2026-06-25T12:00:00Z).

kaizen-stack       bootstrap, clean, exit tasks done, approved        -> promote to stabilize
quality-escalation bootstrap, false-positive rate ~0.3, exit not met  -> hold
registry-hygiene   stabilize, 2 manual rescues in the last 24 h       -> demote to bootstrap
Run it from the repository root after `./loopreg -w examples/sample-workspace init --now 2026-06-19T11:00:00Z`.
"""
import json, os, random
from datetime import datetime, timedelta, timezone

ROOT = os.path.join(os.path.dirname(__file__), "sample-workspace")
rng = random.Random(4)
UTC = timezone.utc

def iso(t): return t.strftime("%Y-%m-%dT%H:%M:%SZ")

def rec(loop, cycle, phase, created, dup, rescues, success, session, completed=None, sla=None):
    return {"loop": loop, "cycle": iso(cycle), "at": iso(cycle + timedelta(minutes=50)), "phase": phase,
            "tasks_created": created, "tasks_completed": completed if completed is not None else max(0, created - 1),
            "sla_completion_rate": sla, "manual_rescues": rescues, "duplicate_tasks": dup,
            "false_positive_rate": round(dup / created, 4) if created else None,
            "agent_success_rate": success, "mean_session_time_sec": session,
            "cost_signal": round(created * session / 3600, 4), "errors": []}

def write_jsonl(path, rows):
    with open(path, "w") as f:
        for r in rows: f.write(json.dumps(r, separators=(",", ":")) + "\n")

def edit(path, old, new):
    s = open(path).read()
    assert old in s, (path, old)
    open(path, "w").write(s.replace(old, new, 1))

L = os.path.join(ROOT, "loops")
# kaizen-stack: hourly since 2026-06-24T00:00Z
start = datetime(2026, 6, 24, 1, tzinfo=UTC)
rows = []
for h in range(36):
    c = start + timedelta(hours=h)
    created = rng.randint(3, 6)
    rows.append(rec("kaizen-stack", c, "bootstrap", created, 1 if h == 2 else 0, 1 if h == 5 else 0,
                    round(rng.uniform(0.86, 0.95), 3), rng.randint(560, 640), sla=round(rng.uniform(0.75, 0.95), 2)))
write_jsonl(os.path.join(L, "kaizen-stack", "health.jsonl"), rows)
ks = os.path.join(L, "kaizen-stack")
edit(os.path.join(ks, "loop.yml"), "workplan: null", "workplan: workplans/LOOP-WP-0004-loop-regulator.md")
edit(os.path.join(ks, "loop.yml"), "description: null", "description: kaizen improvement stack on the pilot repos")
edit(os.path.join(ks, "cadence.yml"), "loop: kaizen-stack", "loop: kaizen-improvement-stack")
edit(os.path.join(ks, "cadence.yml"), "phase_since: 2026-06-19T11:00:00Z", "phase_since: 2026-06-24T00:00:00Z")
edit(os.path.join(ks, "cadence.yml"), "regulator_approval: pending", "regulator_approval: approved")
edit(os.path.join(ks, "cadence.yml"), "approval_by: null", 'approval_by: "bernd"')
edit(os.path.join(ks, "cadence.yml"), "approval_at: null", "approval_at: 2026-06-25T11:30:00Z")
edit(os.path.join(ks, "cadence.yml"), "approval_note: null", 'approval_note: "regulator session 2026-06-25: stable for a day"')
with open(os.path.join(ks, "bootstrap-log.md"), "a") as f:
    f.write("\n- 2026-06-24T05:40Z [rescue] restarted the stuck optimization session on repo-a\n"
            "- 2026-06-24T09:10Z [note] coach agent enabled on repo-b\n")

# quality-escalation: hourly since 2026-06-24T00:00Z, noisy
rows = []
for h in range(36):
    c = start + timedelta(hours=h)
    created = rng.randint(8, 12)
    dup = round(created * rng.uniform(0.22, 0.38))
    rows.append(rec("quality-escalation", c, "bootstrap", created, dup, 0, round(rng.uniform(0.8, 0.9), 3),
                    rng.randint(300, 360), sla=round(rng.uniform(0.6, 0.8), 2)))
write_jsonl(os.path.join(L, "quality-escalation", "health.jsonl"), rows)
qe = os.path.join(L, "quality-escalation")
edit(os.path.join(qe, "loop.yml"), "workplan: null", "workplan: workplans/LOOP-WP-0002-quality-escalation.md")
edit(os.path.join(qe, "loop.yml"), "# exit_tasks: [T01, T02, T03]    # omitted = every task of the workplan", "exit_tasks: [T01, T02]")
edit(os.path.join(qe, "cadence.yml"), "phase_since: 2026-06-19T11:00:00Z", "phase_since: 2026-06-24T00:00:00Z")

# registry-hygiene: promoted to stabilize (daily) on 2026-06-19T11:00Z (DEC-001)
rows = []
for d in range(6):
    c = datetime(2026, 6, 20, 11, tzinfo=UTC) + timedelta(days=d)
    rescues = 2 if d == 5 else 0
    rows.append(rec("registry-hygiene", c, "stabilize", rng.randint(4, 7), 0, rescues, round(rng.uniform(0.82, 0.9), 3),
                    rng.randint(400, 450), sla=round(rng.uniform(0.7, 0.9), 2)))
write_jsonl(os.path.join(L, "registry-hygiene", "health.jsonl"), rows)
rh = os.path.join(L, "registry-hygiene")
edit(os.path.join(rh, "cadence.yml"), "phase: bootstrap", "phase: stabilize")
edit(os.path.join(rh, "cadence.yml"), 'cron: "0 * * * *"', 'cron: "0 11 * * *"')
edit(os.path.join(rh, "cadence.yml"), "promoted_at: null", "promoted_at: 2026-06-19T11:00:00Z")
with open(os.path.join(rh, "bootstrap-log.md"), "a") as f:
    f.write("\n- 2026-06-24T16:20Z [rescue] re-ran the stuck registry scan on helix_forge by hand\n"
            "- 2026-06-25 08:05 [rescue] cleared a lock left by the hygiene job (local time, UTC workspace)\n")
with open(os.path.join(L, "regulator", "decisions.jsonl"), "w") as f:
    f.write(json.dumps({"id": "DEC-001", "kind": "promotion", "loop": "registry-hygiene", "from": "bootstrap",
                        "to": "stabilize", "at": "2026-06-19T11:00:00Z", "by": "bernd",
                        "reason": "3-round pilot bootstrap smoke passed (seed DEC-006)", "cron": "0 11 * * *",
                        "approval": {"state": "approved", "by": "bernd", "at": "2026-06-19T10:00:00Z", "note": None},
                        "recommendation": "promote", "summary": "promote bootstrap → stabilize: every promotion rule holds",
                        "rules": []}, separators=(",", ":")) + "\n")

os.makedirs(os.path.join(ROOT, "workplans"), exist_ok=True)
with open(os.path.join(ROOT, "workplans", "LOOP-WP-0002-quality-escalation.md"), "w") as f:
    f.write("---\nid: LOOP-WP-0002\ntype: workplan\ntitle: \"Quality escalation loop\"\nstatus: active\ntasks:\n"
            "  - id: T01\n    status: done\n    title: Define escalation thresholds\n"
            "  - id: T02\n    status: in_progress\n    title: Deduplicate escalation tasks before creating them\n"
            "  - id: T03\n    status: todo\n    title: Weekly escalation digest\n---\n# LOOP-WP-0002 — Quality escalation\n")
with open(os.path.join(ROOT, "activity-definitions", "registry-hygiene-daily.md"), "w") as f:
    f.write("---\nid: registry-hygiene-daily\nloop: registry-hygiene\ncron: \"0 11 * * *\"\nenabled: true\n"
            "command: kaizen-agentic schedule run registry-hygiene\n---\n# Registry hygiene run\n\n"
            "Bound to the loop registry-hygiene: loopreg apply keeps its cron equal to the loop's.\n")
