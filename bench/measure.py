#!/usr/bin/env python3
"""Runs labelled commands interleaved (A B C, A B C, ...) and prints, per label, the median wall time and the
largest peak resident set of its runs. A command may have a reset run before it, untimed.

usage: bench/measure.py RUNS LABEL::COMMAND[::RESET] ...   (commands run with bash -c; output discarded)
prints: LABEL<TAB>median_ms<TAB>peak_rss_mb, one line per label
"""
import os, statistics, subprocess, sys, time

runs = int(sys.argv[1])
specs = []
for a in sys.argv[2:]:
    parts = a.split("::")
    specs.append((parts[0], parts[1], parts[2] if len(parts) > 2 else None))
times = {l: [] for l, _, _ in specs}
rss = {l: 0 for l, _, _ in specs}
for _ in range(runs):
    for label, cmd, reset in specs:
        if reset:
            subprocess.run(["bash", "-c", reset], check=True)
        t0 = time.perf_counter()
        p = subprocess.Popen(["bash", "-c", "exec " + cmd], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        dt = time.perf_counter() - t0
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit("%s failed (exit %d): %s" % (label, os.waitstatus_to_exitcode(status), cmd))
        times[label].append(dt * 1000)
        rss[label] = max(rss[label], usage.ru_maxrss / 1024)
for label, _, _ in specs:
    print("%s\t%.0f\t%.0f" % (label, statistics.median(times[label]), rss[label]))
