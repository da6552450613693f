import Testing
@testable import ABIIO

@Suite struct ColumnMappingTests {
    @Test(arguments: [
        ("brachial_left", InputRole.brachialLeft), ("l_brachial", .brachialLeft), ("LB sys", .brachialLeft),
        ("Left arm SBP", .brachialLeft), ("left brachial", .brachialLeft), ("Brachial-Left (mmHg)", .brachialLeft),
        ("ankle_pt_right", .anklePosteriorTibialRight), ("r_pt", .anklePosteriorTibialRight),
        ("RA_sys", .anklePosteriorTibialRight), ("right PT", .anklePosteriorTibialRight), ("rpt", .anklePosteriorTibialRight),
        ("LDP", .ankleDorsalisPedisLeft), ("Left Dorsalis Pedis SBP [mm Hg]", .ankleDorsalisPedisLeft),
        ("R DP", .ankleDorsalisPedisRight), ("toe_left", .toeLeft), ("Right great toe", .toeRight),
        ("LEXBRPM", .brachialRight), ("LEXLPTSM", .anklePosteriorTibialLeft), ("LEXRPTSM", .anklePosteriorTibialRight),
        ("subject_id", .subject), ("Patient", .subject), ("ID", .subject), ("SEQN", .subject),
        ("visit_date", .date), ("Date", .date), ("method", .method), ("unit", .unit),
        ("ankle_post_left", .anklePostExerciseLeft), ("Post-exercise ankle right", .anklePostExerciseRight),
        ("brachial_post", .brachialPostExercise), ("Left ankle (DP)", .ankleDorsalisPedisLeft),
        ("Right ankle [kPa]", .anklePosteriorTibialRight), ("brachial_pressure_left", .brachialLeft), ("TcPO2 left (mmHg)", .tcpo2Left), ("tcpo2_right", .tcpo2Right),
    ])
    func recognisesBuiltInAliases(header: String, role: InputRole) throws {
        if case .roles(let roles, _, _) = HeaderClassifier.classify(header) {
            #expect(roles == [role])
        } else {
            Issue.record("'\(header)' was not recognised")
        }
    }

    @Test(arguments: ["notes", "age", "sex", "diabetes", "ankle_blood_flow", "plantar_temp", "abi_left", "LEXBRP1", ""])
    func leavesOtherColumnsUnused(header: String) {
        guard case .unused = HeaderClassifier.classify(header) else {
            Issue.record("'\(header)' should not map to a role")
            return
        }
    }

    @Test func builtInAliasTableIsNeverAmbiguous() {
        var table: [String: Set<InputRole>] = [:]
        for alias in HeaderAliases.allAliases() { table[alias.name, default: []].insert(alias.role) }
        let ambiguous = table.filter { $0.value.count > 1 }
        #expect(ambiguous.isEmpty, "\(ambiguous)")
    }

    /// The lookup works a name out from its parts; it must answer exactly as the table of every
    /// generated alias would, and nothing for near misses.
    @Test func aliasLookupAgreesWithEveryGeneratedAlias() {
        var table: [String: [InputRole]] = [:]
        for alias in HeaderAliases.allAliases() where !(table[alias.name]?.contains(alias.role) ?? false) {
            table[alias.name, default: []].append(alias.role)
        }
        #expect(table.count > 5_000)
        var mismatches: [String] = []
        for (name, roles) in table where HeaderAliases.roles(for: name) != roles { mismatches.append(name) }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
        // Near misses: every alias with a letter added, dropped or doubled at either end.
        var nearMisses = 0
        for name in table.keys {
            for variant in [name + "x", "x" + name, String(name.dropFirst()), String(name.dropLast()), name + name]
            where table[variant] == nil {
                nearMisses += 1
                if let roles = HeaderAliases.roles(for: variant) { mismatches.append("\(variant) -> \(roles)") }
            }
        }
        #expect(nearMisses > 10_000)
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    }

    @Test func mapsATypicalClinicFileAndExplainsEveryColumn() throws {
        let headers = ["Patient", "Visit date", "L PT (mmHg)", "R PT (mmHg)", "LB sys", "RB sys", "notes"]
        let mapping = try ColumnMapping.resolve(headers: headers)
        #expect(mapping.columns(for: .subject) == [0])
        #expect(mapping.columns(for: .date) == [1])
        #expect(mapping.columns(for: .anklePosteriorTibialLeft) == [2])
        #expect(mapping.columns(for: .brachialRight) == [5])
        #expect(mapping.explanations.map(\.description) == [
            "column 1 'Patient' -> subject (alias)",
            "column 2 'Visit date' -> date (alias)",
            "column 3 'L PT (mmHg)' -> ankle_pt_left (alias)",
            "column 4 'R PT (mmHg)' -> ankle_pt_right (alias)",
            "column 5 'LB sys' -> brachial_left (alias)",
            "column 6 'RB sys' -> brachial_right (alias)",
            "column 7 'notes' -> not used (not a recognised name)",
        ])
    }

    @Test func treatsNumberedHeadersAsRepeatedReadingsInOrder() throws {
        let headers = ["id", "LB sys 2", "brachial_left_1", "rpt", "brachial_left (3)"]
        let mapping = try ColumnMapping.resolve(headers: headers)
        #expect(mapping.columns(for: .brachialLeft) == [2, 1, 4])
        #expect(mapping.explanations[1].description == "column 2 'LB sys 2' -> brachial_left (alias, reading 2 of 3)")
    }

    @Test func overridesByHeaderAndByNumberWithRepeatedReadings() throws {
        let headers = ["pid", "arm1", "arm2", "foot"]
        let mapping = try ColumnMapping.resolve(headers: headers, overrides: [
            ColumnOverride.parse("brachial_left=arm1,3"),
            ColumnOverride.parse("Ankle-PT-Left = foot"),
        ])
        #expect(mapping.columns(for: .brachialLeft) == [1, 2])
        #expect(mapping.columns(for: .anklePosteriorTibialLeft) == [3])
        #expect(mapping.explanations[2].description == "column 3 'arm2' -> brachial_left (--map)")
    }

    @Test func overrideWinsOverAliasForTheSameRole() throws {
        let mapping = try ColumnMapping.resolve(headers: ["lb", "left arm (cuff 2)", "la"],
                                                overrides: [ColumnOverride.parse("brachial_left=2")])
        #expect(mapping.columns(for: .brachialLeft) == [1])
        #expect(mapping.explanations[0].role == nil)
        #expect(mapping.explanations[0].reason.contains("--map assigns elsewhere"))
    }

    @Test func rejectsHeaderMatchingTwoRoles() {
        let headers = ["left/right brachial", "la"]
        #expect(throws: ColumnMappingError.ambiguousHeader(column: 1, header: "left/right brachial",
                                                           roles: [.brachialLeft, .brachialRight], headers: headers)) {
            try ColumnMapping.resolve(headers: headers)
        }
    }

    @Test func acceptsAmbiguousHeaderWhenMapSettlesItsRoles() throws {
        let mapping = try ColumnMapping.resolve(headers: ["brachial", "la", "x", "y"], overrides: [
            ColumnOverride.parse("brachial_left=x"), ColumnOverride.parse("brachial_right=y"),
        ])
        #expect(mapping.columns(for: .brachialLeft) == [2])
        #expect(mapping.explanations[0].role == nil)
    }

    @Test func rejectsUnknownRoleListingHeaders() throws {
        let error = #expect(throws: ColumnMappingError.self) {
            try ColumnOverride.parse("brachial_middle=3", headers: ["a", "b"])
        }
        #expect(error == .unknownRole(text: "brachial_middle", headers: ["a", "b"]))
        #expect(error?.description.contains("headers seen: 1 'a', 2 'b'") == true)
    }

    @Test(arguments: ["nosuch", "0", "4"])
    func rejectsUnknownColumn(column: String) throws {
        let headers = ["lb", "la", "notes"]
        #expect(throws: ColumnMappingError.unknownColumn(role: .brachialRight, text: column, headers: headers)) {
            try ColumnMapping.resolve(headers: headers, overrides: [ColumnOverride.parse("brachial_right=\(column)")])
        }
    }

    @Test(arguments: ["brachial_left", "brachial_left=", "=3", "brachial_left=1,,2"])
    func rejectsMalformedOverride(argument: String) {
        #expect(throws: ColumnMappingError.self) { try ColumnOverride.parse(argument) }
    }

    @Test func rejectsColumnGivenTwoRoles() throws {
        let headers = ["a", "b"]
        #expect(throws: ColumnMappingError.columnMappedTwice(column: 1, header: "a",
                                                             roles: [.brachialLeft, .anklePosteriorTibialLeft], headers: headers)) {
            try ColumnMapping.resolve(headers: headers, overrides: [
                ColumnOverride.parse("brachial_left=a"), ColumnOverride.parse("ankle_pt_left=1"),
            ])
        }
    }

    @Test func rejectsTwoUnnumberedColumnsForOneRole() {
        let headers = ["lb", "left brachial", "la"]
        #expect(throws: ColumnMappingError.duplicateColumns(role: .brachialLeft, columns: [1, 2], headers: headers)) {
            try ColumnMapping.resolve(headers: headers)
        }
    }

    @Test func rejectsTwoSubjectColumns() {
        let headers = ["id", "patient", "lb", "la"]
        #expect(throws: ColumnMappingError.duplicateColumns(role: .subject, columns: [1, 2], headers: headers)) {
            try ColumnMapping.resolve(headers: headers)
        }
    }

    @Test func rejectsMissingRequiredRolesListingHeaders() throws {
        let headers = ["subject", "lb", "notes"]
        let error = #expect(throws: ColumnMappingError.self) { try ColumnMapping.resolve(headers: headers) }
        guard case .missingRequiredRoles(let missing, let seen)? = error else {
            Issue.record("expected missingRequiredRoles, got \(String(describing: error))")
            return
        }
        #expect(missing.count == 1 && missing[0].hasPrefix("an ankle pressure"))
        #expect(seen == headers)
        #expect(error?.description.contains("1 'subject', 2 'lb', 3 'notes'") == true)
    }

    @Test func mapsHeaderlessFilesOnlyThroughOverrides() throws {
        let headers = ColumnMapping.placeholderHeaders(count: 3)
        #expect(headers == ["column 1", "column 2", "column 3"])
        let mapping = try ColumnMapping.resolve(headers: headers, overrides: [
            ColumnOverride.parse("brachial_left=1"), ColumnOverride.parse("ankle_dp_left=3"),
        ], matchAliases: false)
        #expect(mapping.columns(for: .ankleDorsalisPedisLeft) == [2])
        #expect(mapping.explanations[1].description == "column 2 'column 2' -> not used (no header; only --map applies)")
    }

    @Test func mapsTheBenchmarkLayout() throws {
        let headers = ["subject_id", "visit_date", "age", "sex", "diabetes", "brachial_left", "brachial_right",
                       "ankle_dp_left", "ankle_pt_left", "ankle_dp_right", "ankle_pt_right", "ankle_blood_flow",
                       "plantar_temp"]
        let mapping = try ColumnMapping.resolve(headers: headers)
        #expect(mapping.columns.count == 8)
        #expect(mapping.explanations.filter { $0.role == nil }.map(\.header)
                == ["age", "sex", "diabetes", "ankle_blood_flow", "plantar_temp"])
    }
}

@Suite struct ColumnOverrideNamingTests {
    @Test func rejectsHeaderNameCarriedByTwoColumns() throws {
        let headers = ["LB", "LB", "la"]
        let error = #expect(throws: ColumnMappingError.self) {
            try ColumnMapping.resolve(headers: headers, overrides: [ColumnOverride.parse("brachial_left=LB")])
        }
        #expect(error == .ambiguousColumnName(role: .brachialLeft, text: "LB", columns: [1, 2], headers: headers))
        #expect(error?.description.contains("--map brachial_left=1") == true)
    }

    @Test func namesColumnsIgnoringCaseAndUnits() throws {
        let mapping = try ColumnMapping.resolve(headers: ["Arm A (mmHg)", "Foot"], overrides: [
            ColumnOverride.parse("brachial_right=arm_a"), ColumnOverride.parse("ankle_dp_right=foot"),
        ])
        #expect(mapping.columns(for: .brachialRight) == [0])
        #expect(mapping.columns(for: .ankleDorsalisPedisRight) == [1])
    }
}
