#!/usr/bin/env python3
"""Builds the sample fleet that docs/rotation.md walks through, in DIR (default /tmp/loopreg-rotation):

DIR/ws     a workspace made by `loopreg init` (2026-07-01T00:00Z), kaizen-stack hourly, with a roster:
           active repo-a, repo-b, repo-c; queue repo-d, repo-e; saturated repo-old (since 2026-05-20)
DIR/fleet  six git repositories (real history: merge commits and squash merges at chosen times) with the
           optimization agent's .kaizen/ files: executions, recommendations, a commented schedule.yml

repo-a  quality flat at ~0.82, success ~0.93, no recommendation or merge after the first hours -> saturated
repo-b  quality rising 0.60 -> 0.83, a merged PR every 6 h, a recommendation every 4 h         -> improving
repo-c  quality flat, success ~0.78, recommendations stopped, PRs still merged                   -> 2 of 4

Then it runs `loopreg collect --backfill` at 2026-07-02T06:10Z, which writes 30 hourly snapshots per
active repo to loops/kaizen-stack/saturation.jsonl. Same output every run (fixed seed, fixed dates).
Run from the repository root: python3 examples/make-rotation-fleet.py [DIR]
"""
import json, os, random, shutil, subprocess, sys
from datetime import datetime, timedelta, timezone

DIR = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "/tmp/loopreg-rotation")
T0 = datetime(2026, 7, 1, tzinfo=timezone.utc)
NOW = "2026-07-02T06:10:00Z"
rng = random.Random(7)
LOOPREG = os.environ.get("LOOPREG") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "loopreg")

def iso(t): return t.strftime("%Y-%m-%dT%H:%M:%SZ")

def git(repo, *args, at=None):
    env = dict(os.environ, GIT_AUTHOR_NAME="Kaizen Bot", GIT_AUTHOR_EMAIL="bot@example.org",
               GIT_COMMITTER_NAME="Kaizen Bot", GIT_COMMITTER_EMAIL="bot@example.org",
               GIT_CONFIG_NOSYSTEM="1", HOME=DIR)
    if at is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = iso(at)
    subprocess.run(["git", "-C", repo, *args], check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

def commit(repo, msg, at):
    with open(os.path.join(repo, "CHANGELOG"), "a") as f: f.write(msg + "\n")
    git(repo, "add", "CHANGELOG"); git(repo, "commit", "-q", "-m", msg, at=at)

def merge_pr(repo, n, at):
    git(repo, "checkout", "-q", "-b", f"pr-{n}")
    commit(repo, f"work for PR #{n}", at - timedelta(minutes=20))
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", f"pr-{n}", "-m", f"Merge pull request #{n} from org/pr-{n}", at=at)

SCHEDULE = """# kaizen schedule for {repo} (owned by the platform team)
optimization:
  enabled: {enabled}     # nightly optimization pass
  cron: "0 3 * * *"
coach: {{enabled: true, cron: "0 4 * * 1"}}   # weekly coaching
"""

def repo(name, quality, success, rec_every, merge_every, squash_at=(), enabled="true"):
    path = os.path.join(DIR, "fleet", name)
    os.makedirs(os.path.join(path, ".kaizen", "metrics", "optimization"))
    git(path, "init", "-q", "-b", "main")
    commit(path, "initial import", T0 - timedelta(days=30))
    execs, recs = [], []
    n = 100
    for h in range(0, 31):
        t = T0 + timedelta(hours=h, minutes=25)
        if h >= 1:
            q = quality(h)
            execs.append({"at": iso(t), "success": rng.random() < success, "quality": round(q + rng.uniform(-0.004, 0.004), 4),
                          "duration_sec": rng.randint(200, 400)})
        if rec_every and h % rec_every == 0:
            recs.append({"id": f"{name}-R{h}", "created_at": iso(t + timedelta(minutes=5)), "agent": "optimization", "actionable": True})
        if merge_every and h % merge_every == 3:
            n += 1; merge_pr(path, n, t + timedelta(minutes=15))
        if h in squash_at:
            n += 1; commit(path, f"Tighten the optimizer's budget (#{n})", t + timedelta(minutes=20))
    with open(os.path.join(path, ".kaizen", "metrics", "optimization", "executions.jsonl"), "w") as f:
        for e in execs: f.write(json.dumps(e) + "\n")
    with open(os.path.join(path, ".kaizen", "recommendations.jsonl"), "w") as f:
        for r in recs: f.write(json.dumps(r) + "\n")
    os.makedirs(os.path.join(path, ".kaizen", "metrics", "coach"))
    with open(os.path.join(path, ".kaizen", "metrics", "coach", "summary.json"), "w") as f:
        json.dump({"success_rate": 0.9, "avg_quality": 0.8, "executions": 12, "mean_session_time_sec": 240,
                   "updated_at": iso(T0)}, f)
    with open(os.path.join(path, ".kaizen", "schedule.yml"), "w") as f:
        f.write(SCHEDULE.format(repo=name, enabled=enabled))

if os.path.exists(DIR): shutil.rmtree(DIR)
os.makedirs(os.path.join(DIR, "fleet"))
repo("repo-a", lambda h: 0.82, 0.93, rec_every=0, merge_every=0, squash_at=(0,))
repo("repo-b", lambda h: 0.60 + h * 0.0075, 0.88, rec_every=4, merge_every=6)
repo("repo-c", lambda h: 0.74, 0.78, rec_every=0, merge_every=8)
repo("repo-d", lambda h: 0.70, 0.90, rec_every=0, merge_every=0, enabled="false")
repo("repo-e", lambda h: 0.70, 0.90, rec_every=0, merge_every=0)
repo("repo-old", lambda h: 0.90, 0.95, rec_every=0, merge_every=0, enabled="false")

ws = os.path.join(DIR, "ws")
subprocess.run([LOOPREG, "-w", ws, "--now", iso(T0), "init"], check=True, stdout=subprocess.DEVNULL)
with open(os.path.join(ws, "loops", "kaizen-stack", "roster.yaml"), "w") as f:
    f.write("""# Pilot roster (DEC-001, option A); the queue is the expansion plan
active:
  - repo: repo-a
    since: "2026-06-30T00:00:00Z"
  - repo: repo-b
    since: "2026-06-30T00:00:00Z"
  - repo: repo-c
    since: "2026-06-30T00:00:00Z"
expansion_queue:
  - repo-d
  - repo-e
saturated:
  - repo: repo-old
    saturated_at: "2026-05-20T00:00:00Z"
""")
subprocess.run([LOOPREG, "-w", ws, "--now", NOW, "collect", "--loop", "kaizen-stack", "--backfill", "--since", iso(T0), "--progress", "none"],
               check=False, stdout=subprocess.DEVNULL)
print(DIR)
