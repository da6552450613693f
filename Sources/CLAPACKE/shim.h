// LAPACKE C interface (Debian: liblapacke-dev). Complex types as plain structs so Swift can import them.
#define LAPACK_COMPLEX_STRUCTURE
#include <lapacke.h>
