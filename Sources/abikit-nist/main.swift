// Prints the table of correct significant digits (LRE) against NIST StRD certified values.
// Usage: abikit-nist [DIR]   (default Fixtures/nist, relative to the working directory: run from the package root)
let directory = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "Fixtures/nist"
printUnivariateTable(directory: directory)
printRegressionTable(directory: directory)
