/// ABICore: the clinical domain of ABIKit (pressures and their status, ABI/TBI, categories,
/// severity schemes, WIfI ischemia grade, flags, visit-to-visit change). Pure Swift: no
/// Foundation, no C. Rules and their sources: ../shared/CLINICAL.md.
public enum ABICoreModule {}
