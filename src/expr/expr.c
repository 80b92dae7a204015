/* placeholder: the expr module, being written (see src/expr/meson.build) */
#include "nd.h"
