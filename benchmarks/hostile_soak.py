"""The hostile-input properties (tests/core/test_hostile_input.py) with many more examples.

CI runs a few dozen examples per property; this runs the same file with the hypothesis
"soak" profile: `--scale` times as many (40 by default: 2,000 commands, 2,000 clicks and 1,200
form submissions), on SQLite or PostgreSQL, and prints each property's examples, outcomes
(refused, forged, a legitimate result; wrote or not) and time, then any falsifying example
with the blob that replays it (`@reproduce_failure`).

    python benchmarks/hostile_soak.py                      # a temporary SQLite file
    python benchmarks/hostile_soak.py --scale 200          # longer
    python benchmarks/hostile_soak.py --database postgresql+psycopg://postgres@127.0.0.1:5432/soak

The PostgreSQL server gets a scratch database of its own next to the one named (the test
fixtures make and drop it). Exit status: pytest's (0 when every property held).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEST = "tests/core/test_hostile_input.py"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=40, help="examples per property, times CI's (default 40)")
    parser.add_argument("--database", default="", help="a PostgreSQL URL (default: SQLite)")
    parser.add_argument("-k", default="test_any", help="which properties (pytest -k; default: the three)")
    args = parser.parse_args(argv)
    env = {**os.environ, "HYPOTHESIS_PROFILE": "soak", "HOSTILE_SOAK_SCALE": str(args.scale)}
    env.pop("SOCIALOPS_TEST_DATABASE_URL", None)
    if args.database:
        env["SOCIALOPS_TEST_DATABASE_URL"] = args.database
    command = [sys.executable, "-m", "pytest", TEST, "-q", "-p", "no:cacheprovider", "-k", args.k,
               "--hypothesis-show-statistics", "--durations=0"]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    print(f"hostile soak: scale {args.scale}, {'PostgreSQL' if args.database else 'SQLite'}, "
          f"{elapsed:.0f} s in all, pytest exit {done.returncode}")
    for line in done.stdout.splitlines():
        text = line.strip()
        # hypothesis also lists every filter it retried, with the whole strategy: not a figure
        if text.startswith(("tests/", "- during", "- Typical", "- Stopped", "* ")) and "Retried draw" not in text:
            print(line)
    if done.returncode:  # the whole report: a flaky failure's first example is at its start
        print(done.stdout)
        print(done.stderr, file=sys.stderr)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
