#!/usr/bin/env python3
"""Two shiryo binaries timed against each other, alternated, on the same machine and day.

usage: benches/compare.py OLD NEW [RUNS]      (release builds; RUNS defaults to 5)

For each run, in turn old then new: Mie 2018 from TOML (`build`, one process), and the 47 synthetic
prefectures from TOML (`batch`, one PDF each; generated once with NEW's `sample`). Also stock Typst
(PyPI's typst, benches/stock_typst.py) on NEW's `--emit-typst` source of Mie, as the floor.
Prints the median of each, and NEW's medians as a multiple of OLD's.
"""
import os, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def main():
    old, new = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    mie = os.path.join(ROOT, "inputs/2018")
    with tempfile.TemporaryDirectory() as tmp:
        national = os.path.join(tmp, "national")
        subprocess.run([new, "sample", "--prefectures", "47", "--seed", "1", "-o", national], check=True, stdout=subprocess.DEVNULL)
        times = {(b, case): [] for b in ("old", "new") for case in ("mie", "batch")}
        for i in range(runs):
            for name, exe in (("old", old), ("new", new)):
                times[(name, "mie")].append(timed([exe, "build", mie, "-o", os.path.join(tmp, f"{name}.pdf"), "-q"]))
                out = os.path.join(tmp, f"{name}-batch")
                times[(name, "batch")].append(timed([exe, "batch", national, "-o", out, "-q"]))
            print(f"run {i + 1}: " + ", ".join(f"{b} {c} {times[(b, c)][-1]:.2f} s" for (b, c) in times), flush=True)
        emitted = os.path.join(tmp, "emitted")
        subprocess.run([new, "build", mie, "-o", os.path.join(tmp, "e.pdf"), "-q", "--emit-typst", emitted], check=True)
        stock = subprocess.run([sys.executable, os.path.join(ROOT, "benches/stock_typst.py"), emitted, "5"], capture_output=True, text=True, check=True)
    med = {k: statistics.median(v) for k, v in times.items()}
    for case in ("mie", "batch"):
        print(f"{case}: old {med[('old', case)]:.3f} s, new {med[('new', case)]:.3f} s, new/old {med[('new', case)] / med[('old', case)]:.3f}")
    print(stock.stdout.strip())


if __name__ == "__main__":
    main()
