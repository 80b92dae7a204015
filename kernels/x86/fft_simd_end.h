/* Ends one instantiation of fft_simd.h: forgets the element type and
   vector operations it was given, so the file can include it again for
   the next dtype. */
#undef T
#undef V
#undef VL
#undef S
#undef LD
#undef ST
#undef ADD
#undef SUB
#undef MUL
#undef SWP
#undef NEGIM
#undef NEGRE
#undef DUPRE
#undef DUPIM
#undef SET1
#undef SET2
#undef FMADD
#undef FMADDSUB
#undef REVC
#undef LOAD_SMALL
#undef TW_SMALL
#undef MASKED
#undef LDM
#undef STM
