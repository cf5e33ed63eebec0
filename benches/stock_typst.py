#!/usr/bin/env python3
"""Stock Typst 0.15 (PyPI's `typst`) on the output of `shiryo build --emit-typst DIR`.

usage: stock_typst.py DIR [RUNS]
Prints the first compile (fonts loaded, nothing cached) and the median of RUNS warm
compiles with one Compiler, the same fonts only (no system, no embedded fonts).
"""
import statistics, sys, time, os
import typst

src = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
t = time.perf_counter()
fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[os.path.join(src, "fonts")])
compiler = typst.Compiler(os.path.join(src, "main.typ"), root=src, font_paths=fonts)
pdf = compiler.compile(format="pdf")
first = time.perf_counter() - t
warm = []
for _ in range(runs):
    # A new compiler per run, fonts kept: what a warm `typst compile` of a changed input costs.
    t = time.perf_counter()
    typst.Compiler(os.path.join(src, "main.typ"), root=src, font_paths=fonts).compile(format="pdf")
    warm.append(time.perf_counter() - t)
print(f"stock typst {typst.__version__}: first {first:.3f} s, warm median {statistics.median(warm):.3f} s, {len(pdf)} bytes")
