/* placeholder: the manip module, being written (see src/manip/meson.build) */
#include "nd.h"
