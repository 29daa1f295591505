"""Instructions per step of pullback's workloads, by callgrind: an A/B between commits that a busy host
cannot blur.

Wall-clock A/B's on a shared 2-core VM move by +-30% between identical runs; instruction counts do
not. Each workload's pullback step runs under `valgrind --tool=callgrind` K times and 0 times (after
the same warm-up), and the difference divided by K is one step's instructions. String hashing is
seeded (PYTHONHASHSEED=0): with random seeds the same tree's W6 step read anywhere from 0.95M to 1.2M
instructions, as dict and set layouts change with the seed. OpenBLAS runs one thread. Every tree is
measured at the same path. Repeated runs of one commit then agree to ~0.1% (W6) to ~1% (W7).

    python benchmarks/instructions.py                       # the working tree, W1 W5 W6 W7
    python benchmarks/instructions.py HEAD~3 HEAD --only W6  # commits (checked out in temporary worktrees)

Needs valgrind. W5 runs 2,000 ops a step here (valgrind is ~50x slower), so W1 and W5 are also given per op.
"""
import argparse
import gc
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT = ("W1", "W5", "W6", "W7")
OPS = {"W1": lambda cfg: cfg["ops"], "W5": lambda cfg: cfg["ops"]}  # per-op counts for the chains
CONFIG = {"W5": dict(ops=2000)}  # instead of the full size, under valgrind
# steps measured, ~50-100M instructions' worth: with fewer, where the cyclic collector happens to run
# moves a small step's count by a few percent
STEPS = {"W1": 10, "W5": 1, "W6": 50, "W7": 20}


def _config(wid):
    import workloads as wl
    return dict(wl.WORKLOADS[wid]["full"], **CONFIG.get(wid, {}))


def _child(src, wid, steps):
    """Build the workload from `src`, warm it up, then run `steps` steps (the measured process)."""
    sys.path.insert(0, src)
    sys.path.insert(0, HERE)
    import workloads as wl
    spec = wl.WORKLOADS[wid]
    cfg = _config(wid)
    step = spec["builders"]["pullback"](cfg, spec["data"](cfg))
    for _ in range(2):
        step()
    # a full collection now, in both runs: otherwise one falls wherever the young ones' survivors (data loading,
    # imports) reach a quarter of the heap, inside the measured steps or not (W7's 20 steps read 4.3M or 6.8M)
    gc.collect()
    for _ in range(steps):
        step()


def _collected(src, wid, steps):
    env = dict(os.environ, PYTHONHASHSEED="0", OPENBLAS_NUM_THREADS="1")
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
                          os.path.abspath(__file__), "--child", src, wid, str(steps)],
                         env=env, capture_output=True, text=True)
    found = re.search(r"Collected : (\d+)", out.stderr)
    if out.returncode or not found:
        raise SystemExit(f"callgrind failed for {wid} at {src}:\n{out.stderr[-2000:]}")
    return int(found.group(1))


def per_step(src, wid, steps):
    return (_collected(src, wid, steps) - _collected(src, wid, 0)) / steps


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("revs", nargs="*", help="commits to compare (default: the working tree)")
    ap.add_argument("--only", help="comma-separated workload ids (default W1,W5,W6,W7; any of workloads.py)")
    ap.add_argument("--steps", type=int, default=None, help="measured steps per run (default: per workload)")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return _child(args.child[0], args.child[1], int(args.child[2]))
    if shutil.which("valgrind") is None:
        raise SystemExit("instructions.py needs valgrind (apt-get install valgrind)")
    sys.path.insert(0, HERE)
    wids = args.only.split(",") if args.only else DEFAULT
    revs = args.revs or ["working tree"]
    counts = {}
    # every tree is measured at one path: file names end up in hashed dicts and sets (modules, code objects);
    # one commit in two temporary worktrees of different names read W7 4.56M and 4.68M a step
    tree = os.path.join(tempfile.gettempdir(), "pullback-instructions")
    for i, rev in enumerate(revs):
        shutil.rmtree(tree, ignore_errors=True)
        if rev == "working tree":
            shutil.copytree(os.path.join(ROOT, "src"), os.path.join(tree, "src"),
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            subprocess.run(["git", "-C", ROOT, "worktree", "add", "--detach", "-q", "-f", tree, rev], check=True)
        try:
            for wid in wids:
                counts[i, wid] = per_step(os.path.join(tree, "src"), wid, args.steps or STEPS.get(wid, 10))
                print(f"{rev} {wid}: {counts[i, wid]:,.0f}", file=sys.stderr, flush=True)
        finally:
            if rev != "working tree":
                subprocess.run(["git", "-C", ROOT, "worktree", "remove", "--force", tree])
            shutil.rmtree(tree, ignore_errors=True)
    print("| workload | " + " | ".join(revs) + " |")
    print("|---" * (len(revs) + 1) + "|")
    for wid in wids:
        n_ops = OPS[wid](_config(wid)) if wid in OPS else None
        cells = [f"{counts[i, wid] / 1e6:.3f}M" + (f" ({counts[i, wid] / n_ops / 1e3:.1f}k/op)" if n_ops else "")
                 for i in range(len(revs))]
        print(f"| {wid} per step | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
