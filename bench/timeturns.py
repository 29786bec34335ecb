#!/usr/bin/env python3
"""timeturns.py RUNS WARMUPS NAME=COMMAND...: runs each COMMAND (split like a shell would, no shell) RUNS times,
the commands taking turns (one run each per round, so a change in the machine's load falls on all of them), after
WARMUPS untimed runs each. Prints per command the median, best and worst wall time, the median CPU time (user+sys
of the process and its children, from wait4: what the command cost, less sensitive than wall time to other work on
a shared machine) and median peak RSS; then the load average before and after. stdin, stdout and stderr go to
/dev/null (TIMETURNS_STDERR=1 keeps stderr). A command that exits non-zero is reported on stderr."""
import os, shlex, statistics, sys, time

def one(argv):
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:
        null = os.open("/dev/null", os.O_RDWR)
        os.dup2(null, 0)
        os.dup2(null, 1)
        if not os.environ.get("TIMETURNS_STDERR"):
            os.dup2(null, 2)
        try:
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    wall = (time.monotonic() - t0) * 1000
    if os.waitstatus_to_exitcode(status) != 0:
        print("timeturns: exit %d: %s" % (os.waitstatus_to_exitcode(status), " ".join(argv)), file=sys.stderr)
    return wall, (ru.ru_utime + ru.ru_stime) * 1000, ru.ru_maxrss / 1024

def main():
    if len(sys.argv) < 4:
        sys.exit("usage: timeturns.py RUNS WARMUPS NAME=COMMAND...")
    runs, warm = int(sys.argv[1]), int(sys.argv[2])
    cmds = [(a.split("=", 1)[0], shlex.split(a.split("=", 1)[1])) for a in sys.argv[3:]]
    for _, argv in cmds:
        for _ in range(warm):
            one(argv)
    load_before = " ".join(open("/proc/loadavg").read().split()[:3])
    res = {name: [] for name, _ in cmds}
    for _ in range(runs):
        for name, argv in cmds:
            res[name].append(one(argv))
    load_after = " ".join(open("/proc/loadavg").read().split()[:3])
    print("%-46s %8s %6s %6s %8s %7s" % ("what (%d runs, taking turns)" % runs, "wall ms", "best", "worst", "CPU ms", "RSS MB"))
    for name, _ in cmds:
        wall = [r[0] for r in res[name]]
        print("%-46s %8.0f %6.0f %6.0f %8.0f %7.0f" % (name, statistics.median(wall), min(wall), max(wall),
              statistics.median(r[1] for r in res[name]), statistics.median(r[2] for r in res[name])))
    print("load average before: %s; after: %s" % (load_before, load_after))

main()
