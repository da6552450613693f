#!/usr/bin/env python3
# Source: expert peer from the project's peer set, copied 2026-12-05 unchanged (below this note).
# Python packages: Scripts/bench/requirements.txt (pinned; bench.sh installs them in bench-data/venv).
"""ABI scorer, DuckDB peer:  python score_duckdb.py IN.csv OUT.csv

Same reference semantics as score_pandas.py / ref_score.py (see README.md), in one SQL
statement: read_csv(all_varchar) -> TRY_CAST AS DOUBLE, keep whole mmHg in range as
INTEGER -> GREATEST/LEAST (which skip NULLs) -> k = (200*a + b) // (2*b), the leg ABI
rounded half up in hundredths (integer floor division) -> k * 0.01, an exact
DECIMAL(13,2) (0.01 is a DECIMAL literal), which COPY writes as 1.13, 0.90, 1.00.
(TRY_CAST('117.5' AS INTEGER) would round to 118, hence the detour through DOUBLE.)
"""
import sys

import duckdb

COLUMNS = ["subject_id", "visit_date", "age", "sex", "diabetes", "brachial_left",
           "brachial_right", "ankle_dp_left", "ankle_pt_left", "ankle_dp_right",
           "ankle_pt_right", "ankle_blood_flow", "plantar_temp"]

SQL = """
COPY (
  WITH src AS (
    SELECT * FROM read_csv({src}, header = true, all_varchar = true, delim = ',',
                           quote = '"', escape = '"')
  ), p AS (
    SELECT *,
      GREATEST({bl}, {br}) AS _b,
      GREATEST({dpl}, {ptl}) AS _a_l,
      GREATEST({dpr}, {ptr}) AS _a_r
    FROM src
  ), s AS (
    SELECT *, (200 * _a_l + _b) // (2 * _b) AS _k_l, (200 * _a_r + _b) // (2 * _b) AS _k_r
    FROM p
  ), t AS (
    SELECT *, LEAST(_k_l, _k_r) AS _k FROM s
  )
  SELECT {cols},
    _k_l * 0.01 AS abi_left,
    _k_r * 0.01 AS abi_right,
    _k   * 0.01 AS abi,
    CASE WHEN _k IS NULL THEN 'invalid'
         WHEN _k > 140 THEN 'noncompressible'
         WHEN _k >= 100 THEN 'normal'
         WHEN _k >= 91 THEN 'borderline'
         ELSE 'abnormal' END AS category
  FROM t
) TO {dst} (FORMAT csv, HEADER true, DELIMITER ',')
"""


def mmhg(c, lo, hi):
    """Usable pressure as INTEGER (whole mmHg in lo..hi), otherwise NULL."""
    v = f"TRY_CAST({c} AS DOUBLE)"
    return f"CASE WHEN {v} BETWEEN {lo} AND {hi} AND {v} = floor({v}) THEN CAST({v} AS INTEGER) END"


def main(src, dst):
    q = lambda s: "'" + s.replace("'", "''") + "'"
    sql = SQL.format(src=q(src), dst=q(dst), cols=", ".join(COLUMNS),
                     bl=mmhg("brachial_left", 50, 300), br=mmhg("brachial_right", 50, 300),
                     # whole mmHg: ankle > 0 is >= 1
                     dpl=mmhg("ankle_dp_left", 1, 300), ptl=mmhg("ankle_pt_left", 1, 300),
                     dpr=mmhg("ankle_dp_right", 1, 300), ptr=mmhg("ankle_pt_right", 1, 300))
    con = duckdb.connect()
    con.execute(sql)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: score_duckdb.py IN.csv OUT.csv")
    main(sys.argv[1], sys.argv[2])
