/// The application layer of ABIKit: one engine per command's work.
///
/// Each engine takes parsed options and a table source and returns a result value (a score run,
/// trends, comparisons, agreement, a regression or mixed-model report). Renderers turn those values
/// into tables (CSV, TSV, JSON Lines, Markdown), figures and reports; engines never print.
///
/// Dependency direction: `abikit` -> `ABIAnalysis` -> `ABIIO`, `ABIBatch` -> `ABIStatistics`,
/// `ABICore`.
public enum ABIAnalysis {}
