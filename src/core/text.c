/* placeholder: being written */
#include "core/internal.h"
