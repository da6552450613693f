/// Classifies one header: exact alias, alias with a reading number, or recognised words.
enum HeaderClassifier {
    enum Match: Equatable {
        /// Matched `roles` (more than one means ambiguous); `reading` is a trailing number if any.
        case roles([InputRole], reading: Int?, how: String)
        case unused(why: String)
    }

    static let sideWords: [String: Bool] = [  // true = left
        "left": true, "l": true, "lt": true, "lft": true, "right": false, "r": false, "rt": false, "rgt": false,
    ]
    static let fillerWords: Set<String> = [
        "sys", "sbp", "systolic", "pressure", "pressures", "bp", "mmhg", "artery", "value", "sp", "p", "mean", "of",
    ]
    enum Site: Hashable { case brachial, dorsalisPedis, posteriorTibial, ankle, toe, tcpo2 }
    static let siteWords: [String: Site] = [
        "brachial": .brachial, "brach": .brachial, "arm": .brachial,
        "dp": .dorsalisPedis, "dpa": .dorsalisPedis, "dorsalis": .dorsalisPedis, "pedis": .dorsalisPedis,
        "pt": .posteriorTibial, "pta": .posteriorTibial, "posterior": .posteriorTibial,
        "tibial": .posteriorTibial, "tibialis": .posteriorTibial,
        "ankle": .ankle, "ank": .ankle,
        "toe": .toe, "hallux": .toe, "great": .toe, "big": .toe,
        "tcpo2": .tcpo2, "tcpo": .tcpo2, "tco2": .tcpo2,
    ]
    static let postExerciseWords: Set<String> = ["post", "postexercise", "exercise", "after"]

    /// Whether a match's `how` says the header named the role exactly (an alias, possibly with a
    /// reading number), rather than containing the role's words.
    static func isExact(how: String) -> Bool { how.hasPrefix("alias") }

    /// Unit words that may follow a header's name and reading number (`L Brachial 1 mmHg`).
    static let trailingUnitWords: Set<String> = ["mmhg", "mm", "hg"]

    static func classify(_ header: String) -> Match {
        var name = HeaderName.normalized(header)
        // A unit written without brackets after the name: `L Brachial 1 mmHg`, `brachial_left_mmHg`.
        for unit in ["mmhg"] where name.count > unit.count && name.hasSuffix(unit) {
            name.removeLast(unit.count)
            break
        }
        if name.isEmpty { return .unused(why: "empty header") }
        if HeaderAliases.nhanesSingleReadings.contains(name) {
            return .unused(why: "NHANES single reading; the NHANES mean column is used instead")
        }
        if let roles = HeaderAliases.roles(for: name) { return .roles(roles, reading: nil, how: "alias") }
        if let (base, reading) = HeaderName.splitReadingNumber(name), let roles = HeaderAliases.roles(for: base) {
            return .roles(roles, reading: reading, how: "alias, reading \(reading)")
        }
        return classifyByWords(header)
    }

    /// Recognises headers such as "Left Dorsalis Pedis SBP 2" whose every word is known.
    static func classifyByWords(_ header: String) -> Match {
        var words = HeaderName.words(header)
        while words.count > 1, let last = words.last, trailingUnitWords.contains(last) { words.removeLast() }
        var reading: Int?
        if let last = words.last, let number = Int(last), words.count > 1 {
            reading = number
            words.removeLast()
        }
        var sides = Set<Bool>()
        var sites = Set<Site>()
        var postExercise = false
        for word in words {
            if let side = sideWords[word] {
                sides.insert(side)
            } else if let site = siteWords[word] {
                sites.insert(site)
            } else if postExerciseWords.contains(word) {
                postExercise = true
            } else if !fillerWords.contains(word) {
                return .unused(why: "not a recognised name")
            }
        }
        // "posterior tibial" is one site; a generic ankle word beside an artery names that artery.
        if sites.count > 1 && sites.contains(.ankle) { sites.remove(.ankle) }
        guard !sites.isEmpty else { return .unused(why: "not a recognised name") }
        var candidates: [InputRole] = []
        for site in sites {
            for left in sides.isEmpty ? [true, false] : Array(sides) {
                candidates.append(contentsOf: roles(site: site, left: left, postExercise: postExercise))
            }
        }
        let unique = Array(Set(candidates)).sorted()
        guard !unique.isEmpty else { return .unused(why: "not a recognised name") }
        let how = reading.map { "recognised words, reading \($0)" } ?? "recognised words"
        return .roles(unique, reading: reading, how: how)
    }

    static func roles(site: Site, left: Bool, postExercise: Bool) -> [InputRole] {
        switch (site, postExercise) {
        case (.brachial, false): return [left ? .brachialLeft : .brachialRight]
        case (.brachial, true): return [.brachialPostExercise]
        case (.dorsalisPedis, false): return [left ? .ankleDorsalisPedisLeft : .ankleDorsalisPedisRight]
        case (.posteriorTibial, false), (.ankle, false):
            return [left ? .anklePosteriorTibialLeft : .anklePosteriorTibialRight]
        case (.dorsalisPedis, true), (.posteriorTibial, true), (.ankle, true):
            return [left ? .anklePostExerciseLeft : .anklePostExerciseRight]
        case (.toe, _): return [left ? .toeLeft : .toeRight]
        case (.tcpo2, _): return [left ? .tcpo2Left : .tcpo2Right]
        }
    }
}
