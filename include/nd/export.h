/** @file
 * Symbol visibility of the public API.
 * @addtogroup core
 * @{ */
#ifndef ND_EXPORT_H
#define ND_EXPORT_H
#if defined(__GNUC__)
/** Marks a function exported from the shared library.
 *
 * The library is built with -fvisibility=hidden, so only functions marked
 * ND_API are exported (abi/nd.symbols lists them). */
#define ND_API __attribute__((visibility("default")))
#else
#define ND_API
#endif
/** @} */
#endif
