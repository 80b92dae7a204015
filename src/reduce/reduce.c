/* placeholder: reduction driver, being written */
#include "core/internal.h"
