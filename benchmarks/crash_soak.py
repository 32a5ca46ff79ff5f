"""Crash soak: SIGKILL the app at random points of every multi-step flow, many seeds (issue 16, item 3).

The long version of tests/reliability/test_crash.py: for each flow (access, posts, crisis,
handover) one reference run, then one run per seed with a kill at every step, each at a delay
drawn from the seed in [0, --max-delay) seconds after the step began (before the ack, in the
after-ack work, amid the scheduled sends). After each run: its rows and its Slack effects against
the reference. Prints, per flow and in all, the kills, the duplicates (effects beyond the
reference: the at-least-once window) and every mismatch (a row that differs, an effect lost, more
duplicates than kills, a flow stuck because what the next step clicks was never posted), with the
seed that made it, so any one can be replayed.

    python benchmarks/crash_soak.py --seeds 20
    python benchmarks/crash_soak.py --seeds 10 --flows access,posts \\
        --database postgresql+psycopg://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.reliability.flows import FLOWS, Outcome, describe, kill_plan, play
from tests.reliability.harness import Databases, rows_diff


def compare(ref: Outcome, got: Outcome) -> tuple[int, list[str]]:
    """(duplicates, problems) of a killed run against its reference."""
    problems = []
    diff = rows_diff(ref.rows, got.rows)
    if diff:
        problems.append("rows differ:\n" + describe(diff))
    lost = ref.effects - got.effects
    if lost:
        problems.append(f"lost: {sorted(lost.elements())}")
    extra = got.effects - ref.effects
    duplicates = sum(extra.values())
    if duplicates > got.kills:
        problems.append(f"{duplicates} duplicates for {got.kills} kills: {sorted(extra.elements())}")
    return duplicates, problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--flows", default=",".join(f.name for f in FLOWS))
    parser.add_argument("--max-delay", type=float, default=0.05, help="seconds after a step's start")
    parser.add_argument("--database", default=None, help="a PostgreSQL URL (its server gets scratch databases)")
    args = parser.parse_args()
    chosen = [f for f in FLOWS if f.name in args.flows.split(",")]
    work = Path(tempfile.mkdtemp(prefix="crash-soak-"))
    databases = Databases(work, args.database)
    totals: Counter[str] = Counter()
    started = time.monotonic()
    try:
        for flow in chosen:
            ref = play(flow, databases.new(), work, f"{flow.name}-reference")
            if ref.errors:
                print(f"{flow.name}: the reference logged errors: {ref.errors[:3]}")
                return 2
            kills = duplicates = mismatched = 0
            for seed in range(args.first_seed, args.first_seed + args.seeds):
                plan = kill_plan(flow, seed, max_delay=args.max_delay)
                try:
                    got = play(flow, databases.new(), work, f"{flow.name}-{seed}", plan)
                except LookupError as exc:
                    # What a user needs was never shown (a message lost with the process): the
                    # flow cannot go on. Counted as a mismatch; its kills are not counted.
                    mismatched += 1
                    print(f"MISMATCH {flow.name} seed {seed} plan {plan}:\n  stuck: {exc}")
                    continue
                dup, problems = compare(ref, got)
                kills, duplicates = kills + got.kills, duplicates + dup
                if problems:
                    mismatched += 1
                    print(f"MISMATCH {flow.name} seed {seed} plan {plan}:")
                    for problem in problems:
                        print("  " + problem.replace("\n", "\n  "))
            print(f"{flow.name}: {args.seeds} runs, {kills} kills, {duplicates} duplicates, "
                  f"{mismatched} runs mismatched", flush=True)
            totals.update(runs=args.seeds, kills=kills, duplicates=duplicates, mismatched=mismatched)
    finally:
        databases.close()
    print(f"all: {totals['runs']} runs, {totals['kills']} kills, {totals['duplicates']} duplicates, "
          f"{totals['mismatched']} runs mismatched, {time.monotonic() - started:.0f} s "
          f"({'PostgreSQL' if args.database else 'SQLite'})")
    return 1 if totals["mismatched"] else 0


if __name__ == "__main__":
    sys.exit(main())
