@testable import ABICore

/// Builds visits from cell text; a site listed twice is a repeated reading.
enum ScoringFixtures {
    static func readings(_ cells: KeyValuePairs<PressureSite, String>) -> VisitReadings {
        var readings = VisitReadings()
        for (site, text) in cells { readings.add(text, at: site) }
        return readings
    }

    static func score(_ cells: KeyValuePairs<PressureSite, String>,
                      options: ScoringOptions = ScoringOptions()) -> VisitScore {
        ABIScorer.score(readings(cells), options: options)
    }

    /// Left leg with DP = PT = `ankle`, both arms = `arm`, right leg not measured.
    static func leftLeg(ankle: String, arm: String, options: ScoringOptions = ScoringOptions()) -> VisitScore {
        score([.brachialLeft: arm, .brachialRight: arm, .ankleDPLeft: ankle, .anklePTLeft: ankle], options: options)
    }

    static func issueCodes(_ score: VisitScore) -> [String] {
        score.issues.map { issue in issue.site.map { "\(issue.code)@\($0.code)" } ?? issue.code }
    }
}
