#!/usr/bin/env python3
"""Reads the quote cases of Fixtures/messy/ with Python's csv module (default dialect, which reads a
quote inside an unquoted field as a character) and with pandas.read_csv (C engine, dtype=str), and
writes what both read to Fixtures/messy/python_csv_reference.json. abikit must read the same cells
(Tests/abikitTests/MessyReaderFixtureTests.swift). Run with /work/venv/bin/python (pandas needed).
"""
import csv
import json
import pathlib
import platform
import sys

import pandas as pd

FOLDER = pathlib.Path(__file__).resolve().parents[2] / "Fixtures" / "messy"
CASES = ["stray_quote.csv", "quotes_in_cells.csv"]


def main() -> None:
    result = {
        "generator": "Scripts/reference/messy_csv_reference.py",
        "python": platform.python_version(),
        "pandas": pd.__version__,
        "files": {},
    }
    for name in CASES:
        with open(FOLDER / name, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        frame = pd.read_csv(FOLDER / name, dtype=str, keep_default_na=False)
        from_pandas = [list(frame.columns)] + frame.values.tolist()
        if rows != from_pandas:
            sys.exit(f"{name}: csv and pandas disagree:\n{rows}\n{from_pandas}")
        result["files"][name] = rows
    out = FOLDER / "python_csv_reference.json"
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
