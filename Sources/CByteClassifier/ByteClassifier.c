// The classifier is static inline in include/CByteClassifier.h; SwiftPM needs one source file.
#include "CByteClassifier.h"
