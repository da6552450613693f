#!/usr/bin/env python3
"""Independent reference scorer for `abikit score`, written from the clinical rules alone (docs/clinical-rules.md).

Exact decimal arithmetic (fractions.Fraction) throughout: pressures are parsed from their text,
repeated readings averaged exactly, the ABI quotient rounded half up to 2 decimals on the exact
rational value. Nothing here is derived from abikit's output.

Usage: score_reference.py INPUT.csv OUTPUT.csv
Reads a comma-separated file with canonical headers (brachial_left, brachial_right, ankle_dp_left,
ankle_pt_left, ankle_dp_right, ankle_pt_right, toe_left, toe_right; a numeric suffix _1, _2 marks
repeated readings; subject_id and visit_date for visit-to-visit change) and writes one row per
input row with the reference results. Standard library only (Python >= 3.8).
"""
import csv
import re
import sys
from fractions import Fraction

SITES = ["brachial_left", "brachial_right", "ankle_dp_left", "ankle_pt_left",
         "ankle_dp_right", "ankle_pt_right", "toe_left", "toe_right"]

NOT_MEASURED, MEASURED, ABSENT, NONCOMPRESSIBLE, INVALID = "nm", "m", "absent", "nc", "invalid"


def parse_cell(text):
    """docs/clinical-rules.md 'Inputs per visit': the status is read from the cell, never inferred."""
    t = text.strip().lower()
    if t in ("", "na", "n/a", "nan", "."):
        return (NOT_MEASURED, None)
    if t in ("absent", "no signal", "nosignal"):
        return (ABSENT, None)
    if t in ("nc", "noncompressible", "non-compressible", "incompressible") or re.fullmatch(r">\s*\d+(\.\d+)?", t):
        return (NONCOMPRESSIBLE, None)
    if re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", t):
        value = Fraction(t)  # exact decimal
        if value < 0 or value > 300:
            return (INVALID, None)      # docs/clinical-rules.md: < 0 or > 300 mmHg invalid
        if value == 0:
            return (ABSENT, None)       # 0 = Doppler found no flow
        return (MEASURED, value)
    return (INVALID, None)


def site_value(readings):
    """Repeated readings at one site (docs/clinical-rules.md: mean of the available readings).

    Mixed statuses at one site resolve invalid > noncompressible > measured > absent (the
    conservative order: a reading that might be the higher one blocks the result); absent readings
    are not averaged in. Returns (status, mean or None, number of measured readings, mixed?).
    """
    statuses = {s for s, _ in readings if s != NOT_MEASURED}
    measured = [v for s, v in readings if s == MEASURED]
    mixed = len(statuses - {INVALID}) > 1
    for status in (INVALID, NONCOMPRESSIBLE):
        if status in statuses:
            return (status, None, len(measured), mixed)
    if measured:
        return (MEASURED, sum(measured) / len(measured), len(measured), mixed)
    if ABSENT in statuses:
        return (ABSENT, None, 0, mixed)
    return (NOT_MEASURED, None, 0, mixed)


def round_half_up_hundredths(q):
    """Exact round-half-up of a non-negative rational to hundredths, as an integer count."""
    scaled = q * 100
    return (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)


def fmt(h):
    return "" if h is None else f"{h // 100}.{h % 100:02d}"


def fmt_trimmed(h):
    """Hundredths without trailing zeros: 200 -> "2", 1050 -> "10.5"."""
    text = fmt(h)
    return text.rstrip("0").rstrip(".") if "." in text else text


def category(h, cutoff_inclusive=True, nc_threshold=140):
    """docs/clinical-rules.md 'Categories' on the 2-decimal value (AHA/ACC 2016, 2024)."""
    if h > nc_threshold:
        return "noncompressible"
    if (h <= 90) if cutoff_inclusive else (h < 90):
        return "abnormal"
    if h < 100:
        return "borderline"
    return "normal"


def severity(h):
    """Conventional scheme: mild 0.70-0.90, moderate 0.40-0.69, severe < 0.40."""
    if h >= 70:
        return "mild"
    if h >= 40:
        return "moderate"
    return "severe"


def wifi_grade(abi, ankle, toe):
    """Mills 2014 WIfI ischemia grade; toe pressure decides where present, else the worst."""
    if toe is not None:
        return 0 if toe >= 60 else 1 if toe >= 40 else 2 if toe >= 30 else 3
    grades = []
    if abi is not None:
        grades.append(0 if abi >= 80 else 1 if abi >= 60 else 2 if abi >= 40 else 3)
    if ankle is not None:
        grades.append(0 if ankle > 100 else 1 if ankle >= 70 else 2 if ankle >= 50 else 3)
    return max(grades) if grades else None


def score_row(row, columns):
    sites = {}
    for site in SITES:
        readings = [parse_cell(row[i]) for i in columns.get(site, [])]
        sites[site] = site_value(readings) if readings else (NOT_MEASURED, None, 0, False)
    flags, errors, warnings = set(), [], []
    for site, (status, value, count, mixed) in sites.items():
        if status == INVALID:
            errors.append(site + ": invalid")
        if mixed:
            warnings.append(site + ": mixed")
        if count >= 2:
            flags.add("repeated_readings")
        if status == MEASURED and site.startswith("brachial") and (value < 70 or value > 250):
            warnings.append(site + ": brachial out of range")
        if status == MEASURED and site.startswith("ankle") and value < 40:
            warnings.append(site + ": ankle 1-39")
        if site.startswith("brachial") and status in (ABSENT, NONCOMPRESSIBLE):
            warnings.append(site + ": brachial not usable")
        if site.startswith("toe") and status == NONCOMPRESSIBLE:
            warnings.append(site + ": toe noncompressible")

    arms = [sites["brachial_left"], sites["brachial_right"]]
    arm_blocked = any(a[0] == INVALID for a in arms)   # an invalid arm might have been the higher
    arm_values = [a[1] for a in arms if a[0] == MEASURED]
    brachial = max(arm_values) if arm_values and not arm_blocked else None
    if len(arm_values) == 1:
        flags.add("single_arm")
    interarm = abs(arm_values[0] - arm_values[1]) if len(arm_values) == 2 else None
    if interarm is not None and interarm >= 10:
        flags.add("interarm_10")
    if interarm is not None and interarm >= 15:
        flags.add("interarm_15")
    if not arm_values and not arm_blocked:
        errors.append("no brachial pressure")

    legs = {}
    any_ankle = False
    for side in ("left", "right"):
        dp, pt = sites[f"ankle_dp_{side}"], sites[f"ankle_pt_{side}"]
        statuses = (dp[0], pt[0])
        measured = [a[1] for a in (dp, pt) if a[0] == MEASURED]
        leg = {"abi": None, "category": None, "ankle": None, "undetermined": False}
        if any(st != NOT_MEASURED for st in statuses):
            any_ankle = True
        if ABSENT in statuses:
            flags.add("absent_signal")
        if INVALID in statuses:
            leg["undetermined"] = True
        elif NONCOMPRESSIBLE in statuses:
            leg["category"] = "noncompressible"          # the higher artery cannot be occluded
        elif measured:
            ankle = max(measured)
            leg["ankle"] = ankle
            if sum(st != NOT_MEASURED for st in statuses) == 1:
                flags.add("single_ankle_artery")    # the other artery was not measured
            if brachial is not None:
                leg["abi"] = round_half_up_hundredths(ankle / brachial)
                leg["category"] = category(leg["abi"])
            else:
                leg["undetermined"] = True
        elif ABSENT in statuses:                          # every examined artery absent
            leg["abi"], leg["category"], leg["ankle"] = 0, "abnormal", Fraction(0)
            flags.add("all_ankle_arteries_absent")
            if sum(st != NOT_MEASURED for st in statuses) == 1:
                flags.add("single_ankle_artery")
        if leg["category"] == "noncompressible":
            flags.add("noncompressible")
        if leg["abi"] is not None and ((leg["abi"] < 20 and leg["ankle"] > 0) or leg["abi"] > 250):
            flags.add("abi_implausible")
            warnings.append(side + ": abi implausible")
        legs[side] = leg
    if not any_ankle:
        errors.append("no ankle pressure")

    # Patient level (docs/clinical-rules.md 'ABI'): worst leg; a leg <= 0.90 makes the patient abnormal;
    # a leg > 1.40 with the other leg normal is reported as noncompressible (with no single value).
    values = [legs[s]["abi"] for s in ("left", "right")]
    known = [(legs[s]["category"], legs[s]["abi"]) for s in ("left", "right") if legs[s]["category"] is not None]
    undetermined = any(legs[s]["undetermined"] for s in ("left", "right"))
    if len(known) == 1:
        flags.add("single_leg")                           # only one leg has a result
    patient_abi, patient_cat = None, None
    abnormal = [v for c, v in known if c == "abnormal"]
    if abnormal:
        patient_abi, patient_cat = min(abnormal), "abnormal"
    elif known and not undetermined:
        if any(c == "noncompressible" for c, _ in known) and all(c in ("noncompressible", "normal") for c, _ in known):
            patient_cat = "noncompressible"
        else:
            patient_abi = min(v for c, v in known if c != "noncompressible")
            patient_cat = category(patient_abi)
    if any(legs[s]["category"] == "noncompressible" for s in ("left", "right")):
        flags.add("tbi_recommended")
    sev = severity(patient_abi) if patient_cat == "abnormal" else None

    tbis, grades = {}, {}
    for side in ("left", "right"):
        toe = sites[f"toe_{side}"]
        toe_value = toe[1] if toe[0] == MEASURED else (Fraction(0) if toe[0] == ABSENT else None)
        if toe_value is not None and brachial is not None:
            tbis[side] = round_half_up_hundredths(toe_value / brachial)
        elif toe_value == 0:
            tbis[side] = 0                                # 0 over anything is 0.00
        else:
            tbis[side] = None
        if tbis[side] is not None and tbis[side] <= 70:
            flags.add("tbi_abnormal")
        if toe_value is not None and toe_value < 30:
            flags.add("toe_lt30")
        leg = legs[side]
        usable = leg["category"] != "noncompressible"
        grades[side] = wifi_grade(leg["abi"] if usable else None, leg["ankle"] if usable else None, toe_value)
        if leg["ankle"] is not None and usable:
            if leg["ankle"] < 50:
                flags.add("ankle_lt50")
            if leg["ankle"] < 70:
                flags.add("ankle_lt70")
    known_grades = [g for g in grades.values() if g is not None]

    return {
        "patient_abi": patient_abi, "flags": flags, "warnings": warnings, "errors": errors,
        "ref_abi_left": fmt(values[0]), "ref_abi_right": fmt(values[1]), "ref_abi": fmt(patient_abi),
        "ref_category": patient_cat or "", "ref_severity": sev or "",
        "ref_tbi_left": fmt(tbis["left"]), "ref_tbi_right": fmt(tbis["right"]),
        "ref_wifi_ischemia": "" if not known_grades else str(max(known_grades)),
        "ref_interarm_diff": "" if interarm is None else fmt_trimmed(round_half_up_hundredths(interarm)),
        "ref_flags": ";".join(sorted(flags)),
        "ref_status": "error" if errors else "warning" if warnings else "ok",
    }


def parse_date(text):
    """Strict ISO yyyy-mm-dd to an ordinal day, or None."""
    import datetime
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        return None
    try:
        return datetime.date.fromisoformat(text.strip()).toordinal()
    except ValueError:
        return None


def visit_change(history, day, abi, threshold=15):
    """docs/clinical-rules.md 'Change between visits': |delta ABI| >= 0.15 on the 2-decimal values.

    The baseline is the subject's latest visit dated before this one that has an ABI (the last
    one seen on that date). A second visit on the latest date is a warning and is compared like
    the first. A visit dated before the subject's latest visit is a warning, gets no change and
    is not remembered (abikit keeps constant memory per subject and asks for sorted rows).
    Returns (delta or None, significant, warning or None).
    """
    if history and day < max(d for d, _ in history):
        return None, False, "out of order"
    warning = "duplicate date" if history and day == max(d for d, _ in history) else None
    earlier = [(d, a) for d, a in history if d < day and a is not None]
    history.append((day, abi))
    if abi is None or not earlier:
        return None, False, warning
    previous = sorted(earlier, key=lambda item: item[0])[-1][1]  # the last one seen on the latest date
    delta = abi - previous
    return delta, abs(delta) >= threshold, warning


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        columns = {}
        for index, name in enumerate(header):
            base = re.sub(r"_\d+$", "", name)
            if base in SITES:
                columns.setdefault(base, []).append(index)
        rows = list(reader)
    subject_column, date_column = header.index("subject_id"), header.index("visit_date")
    histories = {}
    out_header = ["line", "ref_abi_left", "ref_abi_right", "ref_abi", "ref_category", "ref_severity",
                  "ref_tbi_left", "ref_tbi_right", "ref_wifi_ischemia", "ref_interarm_diff", "ref_abi_change",
                  "ref_flags", "ref_status"]
    with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
        f.write("# expected results of Scripts/reference/score_reference.py (Python %s, standard library only) "
                "on score_input.csv\n" % sys.version.split()[0])
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(out_header)
        for number, row in enumerate(rows, start=2):
            result = score_row(row, columns)
            result["ref_abi_change"] = ""
            subject, day = row[subject_column].strip(), parse_date(row[date_column])
            if row[date_column].strip() and day is None:
                result["errors"].append("invalid date")
            if subject and day is not None:
                delta, significant, warning = visit_change(histories.setdefault(subject, []), day, result["patient_abi"])
                if delta is not None:
                    result["ref_abi_change"] = ("-" if delta < 0 else "") + fmt(abs(delta))
                if significant:
                    result["flags"].add("abi_change_significant")
                if warning:
                    result["warnings"].append(warning)
            result["ref_flags"] = ";".join(sorted(result["flags"]))
            result["ref_status"] = "error" if result["errors"] else "warning" if result["warnings"] else "ok"
            writer.writerow([number] + [result[k] for k in out_header[1:]])


if __name__ == "__main__":
    main()
