/* placeholder: the sort module, being written (see src/sort/meson.build) */
#include "nd.h"
