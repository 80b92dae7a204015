#include "core/internal.h"
#include "nd/version.h"

const char *nd_version(void) { return ND_VERSION_STRING; }
