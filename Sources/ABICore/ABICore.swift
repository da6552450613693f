// ABICore: the clinical domain of ABIKit.
//
// Pressures and their status (`PressureCell`, `PressureReading`), repeated readings per site
// (`VisitReadings`), exact arithmetic (`ExactDecimal`, `ExactPressure`), the ABI/TBI scorer
// (`ABIScorer.score(_:options:)` -> `VisitScore`), categories and named severity schemes, the
// WIfI ischemia grade, flags, and visit-to-visit change (`VisitChangeTracker`).
//
// Pure Swift: no Foundation, no C, nothing printed. Every threshold cites its source in the
// doc comment of the type that applies it; the rules are those of docs/clinical-rules.md:
// AHA/ACC 2016 (Gerhard-Herman et al., Circulation 2017;135:e726), ACC/AHA 2024 (Gornik et al.),
// Aboyans et al. 2012 AHA statement (Circulation 2012;126:2890), ESC 2024, SVS WIfI (Mills et al.,
// J Vasc Surg 2014;59:220), Clark et al. (Lancet 2012;379:905), getABI (Diehm et al.), NHANES
// 1999-2004 LEXABPI codebooks, PARC and TASC II.
//
// Hot path: parsing a cell, adding it to `VisitReadings` and scoring a visit allocate nothing for
// ordinary rows; only rows with issues allocate (the `issues` array).
