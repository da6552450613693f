/// Repeated-measures correlation (rmcorr; Bakdash & Marusich 2017, Front. Psychol. 8:456): the
/// common within-subject linear association of two measures when each subject contributes several
/// rows (visits, or two legs), which a plain correlation would treat as independent.
///
/// It is the partial correlation of y and x in the ANCOVA y ~ factor(subject) + x:
/// r_rm = sign(b) sqrt(SS_x / (SS_x + SS_residual)), which equals
/// sum(dx dy) / sqrt(sum dx^2 sum dy^2) with dx, dy the deviations from each subject's means;
/// df = N - k - 1 (N complete rows, k subjects with at least one). The p-value is the F test of x
/// in that ANCOVA (equal to the t test on df); the interval is Fisher's z with SE 1/sqrt(df - 3), as
/// the R package rmcorr computes it (`psych::r.con(r, df)`).
public enum RepeatedMeasuresCorrelation {
    /// The repeated-measures correlation of `x` and `y` with rows grouped by `subjects`.
    ///
    /// Rows with a NaN or infinite x or y are left out (R's `na.omit`); subjects are counted among
    /// the rest. Subject means are refined by a second pass (compensated two-pass moments).
    /// No within-subject variation in x or y gives NaN r (and a note), never a crash.
    /// - Precondition: the three arrays have the same length.
    public static func compute<Subject: Hashable>(subjects: [Subject], x: [Double], y: [Double]) -> CorrelationTestResult {
        precondition(subjects.count == x.count && x.count == y.count, "subjects, x and y must have the same length")
        var index: [Subject: Int] = [:]
        var members: [[Int]] = []
        for row in x.indices where x[row].isFinite && y[row].isFinite {
            if let position = index[subjects[row]] {
                members[position].append(row)
            } else {
                index[subjects[row]] = members.count
                members.append([row])
            }
        }
        let n = members.reduce(0) { $0 + $1.count }
        let k = members.count
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        for rows in members where rows.count > 1 {
            let (mx, my) = (refinedMean(rows.map { x[$0] }), refinedMean(rows.map { y[$0] }))
            for row in rows {
                let dx = x[row] - mx, dy = y[row] - my
                sxx += dx * dx
                syy += dy * dy
                sxy += dx * dy
            }
        }
        let r = sxx > 0 && syy > 0 ? max(-1, min(1, sxy / (sxx * syy).squareRoot())) : Double.nan
        let df = max(n - k - 1, 0)
        var notes: [CorrelationTestNote] = []
        let singles = members.filter { $0.count == 1 }.count
        if singles > 0 { notes.append(.subjectsWithOneObservation(count: singles)) }
        let se: Double? = df > 3 ? 1 / Double(df - 3).squareRoot() : nil
        return CorrelationTestResult(kind: .repeatedMeasures,
                                     method: "repeated-measures correlation (Bakdash & Marusich 2017): ANCOVA y ~ subject + x, df = N - k - 1, "
                                        + "Fisher z interval with SE 1/sqrt(df - 3) (R rmcorr)",
                                     coefficient: r, count: n, subjectCount: k, degreesOfFreedom: df,
                                     fisherZStandardError: se, notes: notes)
    }

    /// Mean with one correction pass (Bjorck 1996, sec. 2.2.3: the mean of the residuals is added back).
    static func refinedMean(_ values: [Double]) -> Double {
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        var correction = 0.0
        for value in values { correction += value - mean }
        return mean + correction / n
    }
}
