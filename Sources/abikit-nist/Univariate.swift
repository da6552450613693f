import ABIStatistics
import NISTReference

/// The univariate StRD datasets, in NIST's order of difficulty.
private let univariateDatasets = ["PiDigits", "Lottery", "Lew", "Mavro", "Michelso", "NumAcc1", "NumAcc2", "NumAcc3", "NumAcc4"]

/// Univariate StRD table (mean, SD, lag-1 autocorrelation): LRE of ABIStatistics against the
/// certified values, from the decimal text (`describe(decimalTexts:)`) and from doubles
/// (`describe(_:)`). Owner: ABIStatistics work.
func printUnivariateTable(directory: String) {
    print("NIST StRD univariate: LRE = correct significant digits (capped at 15)")
    print("              values from the decimal text   values parsed to doubles")
    print("dataset     n    mean     SD   r(1)           mean     SD   r(1)")
    for name in univariateDatasets {
        let path = directory + "/" + name + ".dat"
        do {
            let dataset = try NISTDataset(contentsOf: path)
            guard let certified = dataset.univariate, let texts = dataset.columnTexts.first,
                  let values = dataset.columns.first else {
                print("\(pad(name, 12)) no certified univariate values")
                continue
            }
            let decimal = try DescriptiveStatistics.describe(decimalTexts: texts)
            let binary = DescriptiveStatistics.describe(values)
            func lre(_ result: DescriptiveStatisticsResult) -> [String] {
                [
                    format(result.mean, certified.mean),
                    format(result.standardDeviation, certified.standardDeviation),
                    format(result.lag1Autocorrelation, certified.lag1Autocorrelation),
                ]
            }
            let row = pad(name, 8) + pad(String(values.count), 6, right: true)
                + lre(decimal).map { pad($0, 7, right: true) }.joined()
                + "         " + lre(binary).map { pad($0, 7, right: true) }.joined()
            print(row)
        } catch {
            print("\(pad(name, 12)) cannot read \(path): \(error)")
        }
    }
}

private func format(_ estimate: Double?, _ certified: Double) -> String {
    guard let estimate else { return "-" }
    let digits = logRelativeError(estimate, certified: certified)
    let tenths = (digits * 10).rounded() / 10
    return String(tenths)
}

private func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(0, width - text.count))
    return right ? padding + text : text + padding
}
