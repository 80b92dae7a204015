/* placeholder: the linalg module, being written (see src/linalg/meson.build) */
#include "nd.h"
