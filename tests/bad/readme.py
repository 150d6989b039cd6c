#!/usr/bin/python3
"""Writes tests/bad/README.md from files.txt and cases.txt (the tables
t_bad.sh runs). Rerun after changing either: /usr/bin/python3 tests/bad/readme.py"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
TOOLS = {"csv": "features, train, eval, predict, sim", "calendar": "datagen, features, train, sim",
         "predictions": "sim", "model": "predict, eval"}
HEADS = {"csv": "Metrics CSV", "calendar": "Business calendar CSV",
         "predictions": "Predictions CSV (sim --predictions)",
         "model": "Model files (HDF5, made by model/make_bad.py)"}
INTRO = """# tests/bad — inputs and runs every tool must refuse cleanly

A toolchain run unattended in shell pipelines must fail loudly and cleanly.
`tests/t_bad.sh` (part of `make test`, and of `make test SAN=1`) runs every
case below and checks that the tool

- exits with the code given (1 = data or runtime error, 2 = usage error),
  never by a signal (exit >= 128) and never after 20 s (`timeout 20`: a hang);
- prints exactly **one** stderr line, which names the problem (and FILE:LINE
  where there is one) and matches the pattern of the table;
- leaves nothing behind: every output goes to an empty scratch directory
  (`-o $OUT/...`, `--csv`, `--html`, `--json`) in which the tool also runs,
  and that directory must still be empty afterwards — neither the output nor
  a hidden temporary `.NAME.XXXXXX`.

The tables are kept in two files that `t_bad.sh` reads; add a case by adding
a line (and, for a file case, the file), then rerun `readme.py`:

- `files.txt` — `FILE | pattern`: each bad file is run through every tool
  that reads its kind (by directory, below); the pattern follows the file's
  name in the message.
- `cases.txt` — `NAME | EXIT | pattern | command`: runs on data t_bad.sh makes
  (a tiny model trained in the test, the data cut to cpu only, every other
  row, two rows swapped, a 1 MB field), `regress/` files, flags, and
  unwritable outputs.

Cases that found bugs (kept as regressions): `train --ensemble --members 9`
(printed freed memory); `train option with a newline`,
`csv: newline inside a quoted field` and `calendar/newline_in_field.csv`
(the error took two lines); `csv/nul_byte.csv` (quoted a valid-looking
prefix of the field); `csv/unix_milliseconds.csv` (taken as seconds in the
year 57000; found by fuzz_timestamp); `--fill on a gap of 2025 years` (the
reader hung filling 70 million rows; found by fuzz_csv); and under
`make test SAN=1` every train run (a leak of the test-measure networks).
"""


def cells(line, n):
    return [x.strip() for x in line.split("|", n - 1)]


def unescape(p):
    for a, b in (("\\.", "."), ("\\(", "("), ("\\)", ")"), ("\\?", "?")):
        p = p.replace(a, b)
    return p.replace("|", "\\|")


out = [INTRO]
kind = None
for line in open(os.path.join(HERE, "files.txt")):
    if not line.strip() or line.startswith("#"):
        continue
    f, pat = cells(line, 2)
    k = f.split("/")[0]
    if k != kind:
        kind = k
        out.append(f"\n## {HEADS[k]} — tools: {TOOLS[k]}; exit 1\n\n"
                   "| file | the message says |\n|---|---|")
    out.append(f"| `{f}` | `{unescape(pat)}` |")
out.append("\n## Runs of cases.txt\n\n| case | tool | exit | the message says |\n|---|---|---|---|")
for line in open(os.path.join(HERE, "cases.txt")):
    if not line.strip() or line.startswith("#"):
        continue
    name, code, pat, cmd = cells(line, 4)
    out.append(f"| {name} | {cmd.split()[0]} | {code} | `{unescape(pat)}` |")
with open(os.path.join(HERE, "README.md"), "w") as fp:
    fp.write("\n".join(out) + "\n")
