extension NISTDataset {
    /// The response column (the first data column, "y").
    public var response: [Double] { columns[0] }

    /// The design matrix of the certified model, by column, intercept first when the model has one.
    ///
    /// With one predictor column `x` the StRD models are polynomials in x (Norris, Pontius, Filip,
    /// Wampler1-5: `B0 + B1*x + ... + Bk*x**k`; NoInt1-2: `B1*x`); with several (Longley) they are
    /// linear in each. Returns nil for univariate files.
    public var regressionDesignColumns: [[Double]]? {
        guard let certified = regression else { return nil }
        let predictors = Array(columns.dropFirst())
        var design: [[Double]] = []
        if certified.hasIntercept { design.append(Array(repeating: 1, count: response.count)) }
        if predictors.count == 1 {
            let degree = certified.estimates.count - (certified.hasIntercept ? 1 : 0)
            let x = predictors[0]
            for power in 1...max(degree, 1) {
                // Repeated multiplication, not pow(): exact for the integer-valued Wampler data.
                design.append(x.map { value in (0..<power).reduce(1.0) { product, _ in product * value } })
            }
        } else {
            design.append(contentsOf: predictors)
        }
        return design
    }

    /// Reads every `.dat` file of a directory whose name is in `names`, in that order.
    public static func load(_ names: [String], from directory: String) throws -> [NISTDataset] {
        try names.map { try NISTDataset(contentsOf: directory + "/" + $0 + ".dat") }
    }

    /// The nine univariate datasets, in NIST's order of difficulty.
    public static let univariateNames = [
        "PiDigits", "Lottery", "Lew", "Mavro", "Michelso", "NumAcc1", "NumAcc2", "NumAcc3", "NumAcc4",
    ]

    /// The eleven linear-regression datasets.
    public static let regressionNames = [
        "Norris", "Pontius", "NoInt1", "NoInt2", "Filip", "Longley",
        "Wampler1", "Wampler2", "Wampler3", "Wampler4", "Wampler5",
    ]
}
