/// The built-in header aliases: normalised header name to role(s).
///
/// Generated from side words, site words and suffixes so that `l_brachial`, `LB sys`, `left arm SBP`,
/// `brachial_left`, `r_pt`, `RA sys`, `right PT` and `rpt` are all recognised. A generic "ankle"
/// pressure (`RA sys`, `right ankle`) goes to the posterior tibial slot: ABI uses the higher ankle
/// pressure of a side, so the slot does not change the result. A name that two roles would claim
/// maps to both and is reported as ambiguous instead of being guessed.
enum HeaderAliases {
    static let leftWords = ["left", "l", "lt", "lft"]
    static let rightWords = ["right", "r", "rt", "rgt"]
    static let pressureSuffixes = ["", "sys", "sbp", "systolic", "pressure", "p", "bp", "sp", "mmhg", "systolicpressure"]

    /// Site words per sided role. Single letters are used only after the side (`lb`, `ra`).
    static let sitesByRole: [(role: (left: InputRole, right: InputRole), sites: [String], sideFirstOnly: [String])] = [
        ((.brachialLeft, .brachialRight), ["brachial", "brach", "arm", "brachialartery"], ["b", "ba"]),
        ((.anklePosteriorTibialLeft, .anklePosteriorTibialRight),
         ["pt", "pta", "posteriortibial", "tibialisposterior", "anklept", "ankleposteriortibial", "ankle", "ank"],
         ["a"]),
        ((.ankleDorsalisPedisLeft, .ankleDorsalisPedisRight),
         ["dp", "dpa", "dorsalispedis", "ankledp", "ankledorsalispedis", "pedal"], []),
        ((.toeLeft, .toeRight), ["toe", "hallux", "greattoe", "bigtoe", "digit"], []),
        ((.anklePostExerciseLeft, .anklePostExerciseRight),
         ["anklepost", "postankle", "postexerciseankle", "anklepostexercise", "exerciseankle", "ankleexercise"], []),
        ((.tcpo2Left, .tcpo2Right), ["tcpo2", "tcpo", "tco2", "tcpo2mmhg"], []),
    ]

    static let unsided: [InputRole: [String]] = [
        .subject: ["subject", "subjectid", "subj", "subjid", "patient", "patientid", "participant", "participantid",
                   "id", "mrn", "seqn", "studyid", "caseid", "recordid", "pid", "patientnumber", "subjectnumber"],
        .date: ["date", "visitdate", "examdate", "examinationdate", "measurementdate", "studydate",
                "testdate", "datetime", "visitdatetime", "datum", "fecha"],
        .method: ["method", "device", "technique", "measurementmethod", "modality", "methodology"],
        .unit: ["unit", "units", "pressureunit", "pressureunits"],
        .brachialPostExercise: ["brachialpost", "postbrachial", "postexercisebrachial", "brachialpostexercise",
                                "armpost", "postarm", "postexercisearm", "exercisebrachial", "brachialexercise",
                                "brachialpostsys", "brachialpostsbp", "postbrachialsbp", "postbrachialsys"],
    ]

    /// NHANES 1999-2004 Lower Extremity Disease (LEXABPI/LEXAB) mean pressures. NHANES measured the
    /// right arm unless the protocol (variable LEAARM) says otherwise.
    static let nhanes: [String: InputRole] = [
        "lexbrpm": .brachialRight,
        "lexlptsm": .anklePosteriorTibialLeft,
        "lexrptsm": .anklePosteriorTibialRight,
    ]

    /// NHANES single readings, left unused on purpose because the mean column is used instead.
    static let nhanesSingleReadings: Set<String> = ["lexbrp1", "lexbrp2", "lexlpts1", "lexlpts2", "lexrpts1", "lexrpts2"]

    /// Every built-in alias with its role, in the order they are generated (one name may come
    /// more than once). For tests and documentation; lookups use ``roles(for:)``.
    static func allAliases() -> [(name: String, role: InputRole)] {
        var aliases: [(name: String, role: InputRole)] = []
        for entry in sitesByRole {
            for (sideWords, role) in [(leftWords, entry.role.left), (rightWords, entry.role.right)] {
                for side in sideWords {
                    for suffix in pressureSuffixes {
                        for site in entry.sites + entry.sideFirstOnly { aliases.append((side + site + suffix, role)) }
                        for site in entry.sites {
                            aliases.append((site + side + suffix, role))
                            aliases.append((site + suffix + side, role))
                        }
                    }
                }
            }
        }
        for (role, names) in unsided.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            for name in names { aliases.append((name, role)) }
        }
        for (name, role) in nhanes.sorted(by: { $0.key < $1.key }) { aliases.append((name, role)) }
        for role in InputRole.allCases { aliases.append((HeaderName.normalized(role.rawValue), role)) }
        return aliases
    }

    /// The roles a normalised header name is an alias of (more than one would be ambiguous), or nil.
    ///
    /// Worked out from the name's parts (side word, site word, pressure suffix, in the three orders
    /// ``allAliases()`` generates) rather than from a table of its ~9,000 names, which took about
    /// 26 million instructions (7 ms) to build on every run.
    static func roles(for name: String) -> [InputRole]? {
        var roles: [InputRole] = []
        for entry in sitesByRole {
            if sidedAlias(name, sideWords: leftWords, entry.sites, entry.sideFirstOnly) { roles.append(entry.role.left) }
            if sidedAlias(name, sideWords: rightWords, entry.sites, entry.sideFirstOnly) { roles.append(entry.role.right) }
        }
        for role in otherNames[name] ?? [] where !roles.contains(role) { roles.append(role) }
        return roles.isEmpty ? nil : roles
    }

    /// Whether `name` is side + site + suffix (site words or side-first-only words), site + side +
    /// suffix, or site + suffix + side.
    private static func sidedAlias(_ name: String, sideWords: [String], _ sites: [String], _ sideFirstOnly: [String]) -> Bool {
        for suffix in pressureSuffixes where name.hasSuffix(suffix) {
            let body = name.dropLast(suffix.count)
            for side in sideWords {
                if body.hasPrefix(side) {
                    let site = body.dropFirst(side.count)
                    if sites.contains(where: { $0 == site }) || sideFirstOnly.contains(where: { $0 == site }) { return true }
                }
                if body.hasSuffix(side) {
                    let site = body.dropLast(side.count)
                    if sites.contains(where: { $0 == site }) { return true }
                }
            }
        }
        for side in sideWords where name.hasSuffix(side) {
            let body = name.dropLast(side.count)
            for suffix in pressureSuffixes where body.hasSuffix(suffix) {
                let site = body.dropLast(suffix.count)
                if sites.contains(where: { $0 == site }) { return true }
            }
        }
        return false
    }

    /// The aliases that are not side-and-site combinations: unsided roles, NHANES names, role names.
    private static let otherNames: [String: [InputRole]] = {
        var table: [String: [InputRole]] = [:]
        func add(_ name: String, _ role: InputRole) {
            if !(table[name]?.contains(role) ?? false) { table[name, default: []].append(role) }
        }
        for (role, names) in unsided {
            for name in names { add(name, role) }
        }
        for (name, role) in nhanes { add(name, role) }
        for role in InputRole.allCases { add(HeaderName.normalized(role.rawValue), role) }
        return table
    }()
}
