/// Univariate StRD table (mean, SD, lag-1 autocorrelation). Owner: ABIStatistics work.
func printUnivariateTable(directory: String) {}
