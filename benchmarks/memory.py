"""Memory: the RSS of `socialops run` after start and along 10,000 mixed requests (issue 16, item 9).

The same processes and mix as benchmarks/load.py (the stand-in, `socialops run` on a fresh
database, the signed mix of commands, clicks and forms); the server's resident set size is read
from /proc/<pid>/status after start-up and after every 1,000 requests. Goal: under 150 MB, and
no growth between the 5,000th and the 10,000th request (a leak grows with the requests; caches
that are bounded stop growing early).

    python benchmarks/memory.py --requests 10000 --rate 100
    python benchmarks/memory.py --database postgresql+psycopg://postgres@127.0.0.1:5432/load
    python benchmarks/memory.py --requests 20000 --tracemalloc   # where the second half grows
    python benchmarks/memory.py --requests 5000 --revision HEAD~3  # the code of another revision

The verdict is on the second half: the RSS growth per 1,000 requests from the middle reading to
the last. A leak keeps a slope; allocator noise (pymalloc arenas, glibc's heap not returned) is a
step or two of a few hundred kB that stops, so run 20,000 when the 10,000 verdict is close.

--tracemalloc (a debugging aid, off by default, nothing in the app changes): the server is
started under a small wrapper that turns tracemalloc on before the app is imported and writes a
snapshot when it gets SIGUSR1; the benchmark takes one at the middle and one at the end and
prints the top 15 differences by line, i.e. what Python objects grew over the second half (RSS
growth that is not there is the allocator's, not a Python container's).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load  # the sibling benchmark: its processes and its mix


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


# The server under tracemalloc: started before anything of the app is imported, so every
# allocation is traced; SIGUSR1 writes a snapshot to $MEMORY_SNAPSHOT_DIR/<n>.snap (25 frames would
# be truer but costs the server a lot of CPU; 1 frame, the allocating line, is enough to name a
# growing container).
TRACED_SERVER = """
import os, runpy, signal, sys, tracemalloc
tracemalloc.start(1)
_count = [0]
def _dump(signum, frame):
    _count[0] += 1
    tracemalloc.take_snapshot().dump(os.path.join(os.environ["MEMORY_SNAPSHOT_DIR"], f"{_count[0]}.snap"))
signal.signal(signal.SIGUSR1, _dump)
sys.argv = ["bot.cli", "run"]
runpy.run_module("bot.cli", run_name="__main__", alter_sys=True)
"""


@contextlib.contextmanager
def traced_server(snapshot_dir: Path) -> Iterator[None]:
    """Make load.socialops_run start the server under TRACED_SERVER (load.py stays as it is: the
    benchmarks share it, and only this one wants the wrapper)."""
    real: Any = subprocess.Popen

    def popen(argv: list[str], **kwargs: Any) -> Any:
        if argv[1:] == ["-m", "bot.cli", "run"]:
            argv = [argv[0], "-c", TRACED_SERVER]
            kwargs["env"] = {**kwargs["env"], "MEMORY_SNAPSHOT_DIR": str(snapshot_dir)}
        return real(argv, **kwargs)

    # load.py calls subprocess.Popen through the module, so patching the module attribute reaches it.
    setattr(subprocess, "Popen", popen)  # noqa: B010
    try:
        yield
    finally:
        setattr(subprocess, "Popen", real)  # noqa: B010


def snapshot(pid: int, snapshot_dir: Path, n: int) -> tracemalloc.Snapshot:
    """Ask the traced server for its n-th snapshot and load it once written."""
    os.kill(pid, signal.SIGUSR1)
    path = snapshot_dir / f"{n}.snap"
    for _ in range(600):
        time.sleep(0.5)
        with contextlib.suppress(EOFError, FileNotFoundError, OSError):
            # Read only once the size stops changing: the dump is not atomic.
            size = path.stat().st_size
            time.sleep(0.5)
            if size and path.stat().st_size == size:
                return tracemalloc.Snapshot.load(str(path))
    raise RuntimeError(f"no snapshot {path}")


def server_pid(port: int) -> int:
    """The pid of the process listening on `port` (the `socialops run` child)."""
    out = subprocess.run(["ss", "-Hltnp", f"sport = :{port}"], capture_output=True, text=True, check=True).stdout
    marker = "pid="
    return int(out[out.index(marker) + len(marker):].split(",")[0])


def slope_per_1000(readings: list[tuple[int, float]]) -> float:
    """MB per 1,000 requests over the readings given: least squares, so one step of the allocator
    in the middle weighs less than it would as last-minus-first."""
    n = len(readings)
    if n < 2:
        return 0.0
    mx = sum(x for x, _ in readings) / n
    my = sum(y for _, y in readings) / n
    sxx = sum((x - mx) ** 2 for x, _ in readings)
    return 1000 * sum((x - mx) * (y - my) for x, y in readings) / sxx if sxx else 0.0


def print_top(first: tracemalloc.Snapshot, last: tracemalloc.Snapshot, limit: int = 15) -> None:
    """What Python allocated over the second half, by line, the tracemalloc module's own frames left out."""
    keep = [tracemalloc.Filter(False, tracemalloc.__file__), tracemalloc.Filter(False, "<frozen importlib._bootstrap*")]
    stats = last.filter_traces(keep).compare_to(first.filter_traces(keep), "lineno")
    total = sum(s.size_diff for s in stats)
    print(f"\ntracemalloc, second half: {total / 1024:+.1f} kB traced in all; top {limit} lines by growth:")
    for stat in stats[:limit]:
        print(f"  {stat.size_diff / 1024:+9.1f} kB {stat.count_diff:+7d} blocks  {stat.traceback}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=100, help="requests per second")
    parser.add_argument("--step", type=int, default=1000, help="read the RSS every this many requests")
    parser.add_argument("--database", help="a PostgreSQL URL (emptied first); default a fresh SQLite file")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="snapshot the server's Python allocations at the middle and the end, print the diff")
    parser.add_argument("--revision", metavar="REV",
                        help="run the server from `git archive REV` (load.py's), not the working tree")
    parser.add_argument("--overlay", nargs="*", default=[], metavar="PATH",
                        help="with --revision: these files of the working tree over REV")
    parser.add_argument("--max-slope", type=float, default=0.1,
                        help="MB per 1,000 requests over the second half still called flat (the noise)")
    args = parser.parse_args()

    stand_in = load.child("--stand-in", expect="URL")
    api_url, token = stand_in.words
    work = Path(tempfile.mkdtemp())
    log = work / "socialops.log"
    readings: list[tuple[int, float]] = []
    snaps: list[tracemalloc.Snapshot] = []
    errors = 0
    middle = args.requests // 2
    try:
        with contextlib.ExitStack() as stack:
            if args.tracemalloc:
                stack.enter_context(traced_server(work))
            root = load.revision_tree(args.revision, args.overlay) if args.revision else load.ROOT
            port = stack.enter_context(load.socialops_run(args.database, api_url, token, log, root))
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
                if args.tracemalloc and ((len(snaps) == 0 and done >= middle) or done >= args.requests):
                    snaps.append(snapshot(pid, work, len(snaps) + 1))
            errors += load.log_errors(log)
    finally:
        stand_in.stop()
    half = next(((n, mb) for n, mb in readings if n >= middle), readings[-1])
    second = [(n, mb) for n, mb in readings if n >= half[0]]
    peak = max(mb for _, mb in readings)
    slope = slope_per_1000(second)
    last = readings[-1]
    db = "PostgreSQL" if args.database else "SQLite"
    print(f"\n{db}: after start {readings[0][1]:.1f} MB, at {half[0]} {half[1]:.1f} MB, "
          f"at {last[0]} {last[1]:.1f} MB, peak {peak:.1f} MB; "
          f"growth over the second half {last[1] - half[1]:+.1f} MB, "
          f"{slope:+.3f} MB per 1,000 requests (least squares); errors {errors}")
    if len(snaps) == 2:
        print_top(snaps[0], snaps[1])
    verdict = []
    verdict.append(f"peak {peak:.1f} MB {'<' if peak < 150 else '>='} 150 MB")
    verdict.append(f"second half {slope:+.3f} MB/1k {'<=' if slope <= args.max_slope else '>'} {args.max_slope} MB/1k")
    ok = peak < 150 and slope <= args.max_slope and not errors
    print(f"verdict: {'PASS' if ok else 'FAIL'} ({'; '.join(verdict)}; errors {errors}); "
          f"load average {os.getloadavg()[0]:.2f} (2 cores shared: figures are noisy)")
    return 0 if ok else 1

if __name__ == "__main__":
    raise SystemExit(main())
