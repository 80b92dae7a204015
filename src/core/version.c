#include "core/internal.h"

const char *nd_version(void) { return ND_VERSION_STRING; }
