/// Linear-regression StRD table (coefficients, their SDs, residual SD, R^2). Owner: ABIBatch work.
func printRegressionTable(directory: String) {}
