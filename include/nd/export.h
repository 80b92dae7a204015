/* Symbol visibility: the library is built with -fvisibility=hidden, so only
   functions marked ND_API are exported from the shared object. */
#ifndef ND_EXPORT_H
#define ND_EXPORT_H
#if defined(__GNUC__)
#define ND_API __attribute__((visibility("default")))
#else
#define ND_API
#endif
#endif
