#!/usr/bin/env python3
"""Peer for `abikit score` in the benchmark: the same standard-method ABI scoring in DuckDB SQL.

Usage: score_duckdb.py INPUT.csv OUTPUT.csv [THREADS]
"""
import sys

import duckdb


def main():
    src, dst = sys.argv[1], sys.argv[2]
    con = duckdb.connect()
    if len(sys.argv) > 3:
        con.execute(f"SET threads = {int(sys.argv[3])}")
    num = lambda c: f"TRY_CAST({c} AS DOUBLE)"
    brachial = f"GREATEST({num('brachial_left')}, {num('brachial_right')})"
    leg = lambda dp, pt: f"FLOOR(GREATEST({num(dp)}, {num(pt)}) / {brachial} * 100 + 0.5) / 100"
    con.execute(f"""
        COPY (
          WITH src AS (SELECT * FROM read_csv('{src}', all_varchar = true, header = true)),
          legs AS (SELECT *, {leg('ankle_dp_left', 'ankle_pt_left')} AS abi_left,
                            {leg('ankle_dp_right', 'ankle_pt_right')} AS abi_right,
                            ABS({num('brachial_left')} - {num('brachial_right')}) AS interarm_diff FROM src),
          pat AS (SELECT *, LEAST(abi_left, abi_right) AS abi FROM legs)
          SELECT *,
            CASE WHEN abi > 1.40 THEN 'noncompressible' WHEN abi <= 0.90 THEN 'abnormal'
                 WHEN abi < 1.00 THEN 'borderline' WHEN abi IS NOT NULL THEN 'normal' END AS category,
            CASE WHEN abi > 0.90 THEN NULL WHEN abi >= 0.70 THEN 'mild' WHEN abi >= 0.40 THEN 'moderate'
                 WHEN abi IS NOT NULL THEN 'severe' END AS severity,
            CASE WHEN interarm_diff >= 15 THEN 'interarm_10;interarm_15'
                 WHEN interarm_diff >= 10 THEN 'interarm_10' ELSE '' END AS flags
          FROM pat
        ) TO '{dst}' (HEADER, DELIMITER ',')
    """)


if __name__ == "__main__":
    main()
