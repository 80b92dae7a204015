/* placeholder: the random module, being written (see src/random/meson.build) */
#include "nd.h"
