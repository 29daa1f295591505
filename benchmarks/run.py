"""`make bench`: pullback against PyTorch (CPU, 2 threads) and hand-written NumPy gradients.

Every workload of benchmarks/workloads.py runs in its three versions in one process, interleaved
(the order rotates each round), after a warm-up; each sample loops the step enough times to
last a few tens of milliseconds, and the median sample is reported. Results are ratios to
torch's time measured in the same run, written as a markdown table (printed, and saved with
the JSON under benchmarks/results/).

    python benchmarks/run.py                 # everything, a few minutes
    python benchmarks/run.py --only W1,W5    # some workloads
    python benchmarks/run.py --quick         # fewer rounds, no 1M-op run, short memory run
    python benchmarks/run.py --m1-steps 10000  # the issue's full memory run (slow)
"""
import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time

# OpenBLAS threads spin for ~0.1 s after each BLAS call by default, taking the 2 cores from
# whichever library runs next in the interleaved rounds; let them sleep at once instead.
os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", "4")

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
try:
    import pullback  # noqa: F401  (installed, e.g. `pip install -e .`)
except ImportError:
    sys.path.insert(0, os.path.join(ROOT, "src"))

import numpy as np  # noqa: E402

import workloads as wl  # noqa: E402

IMPLS = ("torch", "numpy", "pullback")

# target for pullback, as a limit on (pullback time / reference time); reference: torch unless noted
TARGETS = {
    "W1": ("<= 0.6x torch time per op", 0.6),
    "W2": (">= 1.3x torch steps/s", 1 / 1.3),
    "W2m": ("within 10% of raw W2", None),
    "W3": ("<= 1.0x torch time", 1.0),
    "W4": (">= 0.95x NumPy GFLOP/s", None),
    "W5": ("<= 0.3x torch time", 0.3),
    "W5 1M": ("linear time (1M / 10x 100k ~ 1)", None),
    "W6": ("<= 1.0x torch time", 1.0),
    "W7": (">= 1.0x torch steps/s", 1.0),
}


# A pause before each sample, untimed: the thread pools of the library timed just before (torch's
# OpenMP workers, OpenBLAS's) spin-wait for a while after their last job and would take both cores
# from the next library's sample.
SETTLE_S = 0.02


def _time_once(step, inner):
    t0 = time.perf_counter()
    for _ in range(inner):
        step()
    return (time.perf_counter() - t0) / inner


def measure(steps, rounds, warmup=2, sample_s=0.05):
    """Median seconds per step of each callable in `steps`, interleaved round by round."""
    inner = {}
    for name, step in steps.items():
        t = min(_time_once(step, 1) for _ in range(warmup))
        inner[name] = max(1, int(sample_s / max(t, 1e-9)))
    samples = {name: [] for name in steps}
    names = list(steps)
    gc.collect()
    for r in range(rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        for name in order:
            time.sleep(SETTLE_S)
            samples[name].append(_time_once(steps[name], inner[name]))
    return {name: statistics.median(s) for name, s in samples.items()}


def metric(wid, cfg, seconds):
    """The workload's natural figure: (value, unit)."""
    if wid == "W1":
        return seconds / cfg["ops"] * 1e6, "us/op"
    if wid in ("W2", "W2m", "W7"):
        return 1 / seconds, "steps/s"
    if wid == "W4":
        return 6 * cfg["n"] ** 3 / seconds / 1e9, "GFLOP/s"
    return seconds * 1e3, "ms"


def run_workload(wid, rounds, results):
    spec = wl.WORKLOADS[wid]
    lacking = wl.missing(wid)
    if lacking:
        print(f"{wid}: skipped, pullback has no {', '.join(lacking)} yet", flush=True)
        results[wid] = {"skipped": f"pullback lacks {', '.join(lacking)}"}
        return
    cfg = spec["full"]
    data = spec["data"](cfg)
    steps = {impl: build(cfg, data) for impl, build in spec["builders"].items()}
    t0 = time.perf_counter()
    times = measure(steps, rounds)
    entry = {"title": spec["title"], "config": {k: list(v) if isinstance(v, tuple) else v for k, v in cfg.items()},
             "seconds": times}
    for impl, s in times.items():
        value, unit = metric(wid, cfg, s)
        entry.setdefault("metric", {})[impl] = value
        entry["unit"] = unit
        entry.setdefault("ratio_to_torch", {})[impl] = s / times["torch"]
    results[wid] = entry
    print(f"{wid}: " + ", ".join(f"{k} {v * 1e3:.3f} ms" for k, v in times.items())
          + f"  ({time.perf_counter() - t0:.1f} s)", flush=True)
    del steps
    gc.collect()


def run_w5_million(results):
    """W5 at 1,000,000 ops, once per library: the time should be ~10x the 100k time (linear)."""
    spec = wl.WORKLOADS["W5"]
    cfg = dict(spec["full"], ops=1_000_000)
    data = spec["data"](cfg)
    entry = {"title": "W5 at 1,000,000 ops (one run each)", "seconds": {}, "linearity": {}}
    for impl in IMPLS:
        step = spec["builders"][impl](cfg, data)
        gc.collect()
        s = _time_once(step, 1)
        del step
        gc.collect()
        entry["seconds"][impl] = s
        base = results.get("W5", {}).get("seconds", {}).get(impl)
        if base:
            entry["linearity"][impl] = s / (10 * base)
    entry["ratio_to_torch"] = {k: v / entry["seconds"]["torch"] for k, v in entry["seconds"].items()}
    results["W5 1M"] = entry
    print("W5 1M: " + ", ".join(f"{k} {v:.2f} s" for k, v in entry["seconds"].items()), flush=True)


# ---------------------------------------------------------------- M1: memory over W2 steps
def _rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mb():
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the parent)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def m1_child(impl, n_steps):
    """Run W2 `n_steps` times in this process; print RSS figures as JSON."""
    spec = wl.WORKLOADS["W2"]
    cfg = spec["full"]
    if impl != "numpy":
        wl.lib(impl)
    data = spec["data"](cfg)
    gc.collect()
    rss0 = _rss_mb()
    step = spec["builders"][impl](cfg, data)
    samples = []
    every = max(1, n_steps // 50)
    t0 = time.perf_counter()
    for i in range(n_steps):
        step()
        if i % every == 0 or i == n_steps - 1:
            samples.append(_rss_mb() - rss0)
    peak = _peak_mb() - rss0
    tenth = samples[max(1, len(samples) // 10)]
    print(json.dumps({"impl": impl, "steps": n_steps, "seconds": time.perf_counter() - t0,
                      "baseline_mb": rss0, "peak_mb": peak, "after_10pct_mb": tenth, "end_mb": samples[-1],
                      "growth_mb": samples[-1] - tenth, "samples_mb": samples}))


def run_m1(n_steps, results):
    entry = {"title": f"resident memory over {n_steps} W2 steps (above the post-import baseline)", "impls": {}}
    for impl in IMPLS:
        out = subprocess.run([sys.executable, __file__, "--m1-child", impl, "--m1-steps", str(n_steps)],
                             capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=os.pathsep.join(
                                 p for p in sys.path if p)))
        if out.returncode != 0:
            print(f"M1 {impl} failed:\n{out.stderr[-2000:]}", flush=True)
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        entry["impls"][impl] = r
        print(f"M1 {impl}: peak {r['peak_mb']:.1f} MB, growth {r['growth_mb']:+.1f} MB over {n_steps} steps "
              f"({r['seconds']:.1f} s)", flush=True)
    results["M1"] = entry


# ---------------------------------------------------------------- report
def environment():
    import torch
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        rev = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True).stdout.strip()
    except OSError:
        rev = ""
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(), "numpy": np.__version__,
            "torch": torch.__version__, "torch_threads": torch.get_num_threads(), "pullback_rev": rev,
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def _fmt(v):
    return f"{v:.3g}" if v < 100 else f"{v:,.0f}"


def markdown(results, env):
    lines = [f"{env['cpu']}, {env['cores']} cores; Python {env['python']}, NumPy {env['numpy']}, "
             f"PyTorch {env['torch']} ({env['torch_threads']} threads); pullback {env['pullback_rev']}; "
             f"{env['date']}", "",
             "Ratios are time relative to torch in the same run (lower is faster).", "",
             "| id | workload | unit | torch | NumPy hand grads | pullback | NumPy / torch | pullback / torch "
             "| target | met |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for wid, e in results.items():
        if wid == "M1" or wid == "env":
            continue
        target, limit = TARGETS.get(wid, ("", None))
        if "skipped" in e:
            lines.append(f"| {wid} | {wl.WORKLOADS[wid]['title']} | | | | | | | {target} | skipped: {e['skipped']} |")
            continue
        r = e["ratio_to_torch"]
        if wid == "W5 1M":
            lin = e["linearity"]
            lines.append(f"| {wid} | {e['title']} | s | {e['seconds']['torch']:.2f} | {e['seconds']['numpy']:.2f} | "
                         f"{e['seconds']['pullback']:.2f} | {r['numpy']:.3f} | {r['pullback']:.3f} | {target} | "
                         f"1M/(10x100k): {lin.get('pullback', float('nan')):.2f} |")
            continue
        m = e["metric"]
        if wid == "W4":
            ok = m["pullback"] >= 0.95 * m["numpy"]
            met = f"{'yes' if ok else 'no'} ({m['pullback'] / m['numpy']:.2f}x NumPy)"
        elif wid == "W2m":
            raw = e["seconds"].get("pullback raw")
            if raw:
                rel = e["seconds"]["pullback"] / raw
                met = f"{'yes' if rel <= 1.1 else 'no'} ({rel:.2f}x raw time)"
            else:
                met = ""
        else:
            met = "yes" if r["pullback"] <= limit else "no"
        cells = [_fmt(m[i]) if i in m else "" for i in IMPLS]
        nr = f"{r['numpy']:.3f}" if "numpy" in r else ""
        lines.append(f"| {wid} | {e['title']} | {e['unit']} | {' | '.join(cells)} | {nr} | {r['pullback']:.3f} | "
                     f"{target} | {met} |")
    m1 = results.get("M1")
    if m1 and m1["impls"]:
        lines += ["", f"M1, {m1['title']}:", "",
                  "| | torch | NumPy hand grads | pullback |", "|---|---|---|---|"]
        for key, label in (("peak_mb", "peak MB"), ("growth_mb", "growth MB after the first 10%")):
            lines.append(f"| {label} | " + " | ".join(
                f"{m1['impls'][i][key]:.1f}" if i in m1["impls"] else "" for i in IMPLS) + " |")
        p = m1["impls"].get("pullback")
        t = m1["impls"].get("torch")
        if p and t:
            lines.append(f"| pullback peak / torch peak | | | {p['peak_mb'] / t['peak_mb']:.2f} |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", help="comma-separated workload ids (W1..W7, W2m, M1)")
    ap.add_argument("--rounds", type=int, default=None, help="timed rounds per workload (default 9, quick 5)")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--m1-steps", type=int, default=None, help="W2 steps in the memory run (default 300)")
    ap.add_argument("--m1-child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.m1_child:
        m1_child(args.m1_child, args.m1_steps)
        return
    only = set(args.only.split(",")) if args.only else None
    rounds = args.rounds or (5 if args.quick else 9)
    m1_steps = args.m1_steps or (100 if args.quick else 300)
    wl.lib("torch")
    env = environment()
    print(f"{env['cpu']}, {env['cores']} cores; NumPy {env['numpy']}, torch {env['torch']}", flush=True)
    results = {}
    t0 = time.perf_counter()
    for wid in wl.WORKLOADS:
        if only is None or wid in only:
            run_workload(wid, rounds, results)
            if wid == "W5" and not args.quick:
                run_w5_million(results)
    if only is None or "M1" in only:
        run_m1(m1_steps, results)
    table = markdown(results, env)
    print()
    print(table)
    out_dir = os.path.join(HERE, "results")
    os.makedirs(out_dir, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    results["env"] = env
    for name in (f"bench-{stamp}", "latest"):
        with open(os.path.join(out_dir, name + ".json"), "w") as f:
            json.dump(results, f, indent=1)
        with open(os.path.join(out_dir, name + ".md"), "w") as f:
            f.write(table + "\n")
    print(f"\n({time.perf_counter() - t0:.0f} s; results in {os.path.relpath(out_dir)}/latest.md and .json)")


if __name__ == "__main__":
    main()
