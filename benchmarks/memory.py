"""Memory: the RSS of `socialops run` after start and along 10,000 mixed requests (issue 16, item 9).

The same processes and mix as benchmarks/load.py (the stand-in, `socialops run` on a fresh
database, the signed mix of commands, clicks and forms); the server's resident set size is read
from /proc/<pid>/status after start-up and after every 1,000 requests. Goal: under 150 MB, and
no growth between the 5,000th and the 10,000th request (a leak grows with the requests; caches
that are bounded stop growing early).

    python benchmarks/memory.py --requests 10000 --rate 100
    python benchmarks/memory.py --database postgresql+psycopg://postgres@127.0.0.1:5432/load
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load  # the sibling benchmark: its processes and its mix


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def server_pid(port: int) -> int:
    """The pid of the process listening on `port` (the `socialops run` child)."""
    out = subprocess.run(["ss", "-Hltnp", f"sport = :{port}"], capture_output=True, text=True, check=True).stdout
    marker = "pid="
    return int(out[out.index(marker) + len(marker):].split(",")[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=100, help="requests per second")
    parser.add_argument("--step", type=int, default=1000, help="read the RSS every this many requests")
    parser.add_argument("--database", help="a PostgreSQL URL (emptied first); default a fresh SQLite file")
    args = parser.parse_args()

    stand_in = load.child("--stand-in", expect="URL")
    api_url, token = stand_in.words
    log = Path(tempfile.mkdtemp()) / "socialops.log"
    readings: list[tuple[int, float]] = []
    errors = 0
    try:
        with load.socialops_run(args.database, api_url, token, log) as port:
            pid = server_pid(port)
            time.sleep(1)
            readings.append((0, rss_mb(pid)))
            print(f"after start: {readings[-1][1]:.1f} MB", flush=True)
            done = 0
            while done < args.requests:
                n = min(args.step, args.requests - done)
                r = load.drive(port, args.rate, n / args.rate, load.socialops_answer, start_index=done)
                done += r.sent
                errors += r.errors
                time.sleep(0.5)  # the after-ack work of the last ones
                readings.append((done, rss_mb(pid)))
                print(f"after {done:6d} requests: {readings[-1][1]:6.1f} MB  (p99 of the step {r.p99:.1f} ms)",
                      flush=True)
            errors += load.log_errors(log)
    finally:
        stand_in.stop()
    half = next((mb for n, mb in readings if n >= args.requests // 2), readings[-1][1])
    peak = max(mb for _, mb in readings)
    db = "PostgreSQL" if args.database else "SQLite"
    print(f"\n{db}: after start {readings[0][1]:.1f} MB, at {args.requests // 2} {half:.1f} MB, "
          f"at {readings[-1][0]} {readings[-1][1]:.1f} MB, peak {peak:.1f} MB; "
          f"growth over the second half {readings[-1][1] - half:+.1f} MB; errors {errors}")
    print("goal: < 150 MB, no growth over the second half")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
