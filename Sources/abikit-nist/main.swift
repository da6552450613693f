// Prints the table of correct significant digits (LRE) against NIST StRD certified values.
// Usage: abikit-nist [DIR]   (default ../shared/reference/nist relative to the package root)
let directory = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "../shared/reference/nist"
printUnivariateTable(directory: directory)
printRegressionTable(directory: directory)
