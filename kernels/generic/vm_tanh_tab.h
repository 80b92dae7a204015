/* float32 tanh at avx512 (vm_exp_f32.c): per interval its midpoint m and c0h, c0l,
   c1 .. c7, made by tools/fit_tanh_f32.py; interval k in slot (k + 247) mod 16 (the
   kernel's index is max(bits >> 22, 247), of which vpermps reads four bits). */
#ifndef ND_VM_TANH_TAB_H
#define ND_VM_TANH_TAB_H
// clang-format off
static const float TH_T[10][16] = {
    {0x1.4p+1f, 0x1.cp+1f, 0x1.4p+2f, 0x1.cp+2f, 0x1.4p+3f, 0.0f, 0.0f, 0.0f, 0x1.4p-3f, 0x1.cp-3f, 0x1.4p-2f, 0x1.cp-2f, 0x1.4p-1f, 0x1.cp-1f, 0x1.4p+0f, 0x1.cp+0f},
    {0x1.f92582p-1f, 0x1.ff112cp-1f, 0x1.fff41ap-1f, 0x1.ffffc8p-1f, 0x1p+0f, 0.0f, 0.0f, 0.0f, 0x1.3d6bc8p-3f, 0x1.b8fd04p-3f, 0x1.35f98ap-2f, 0x1.a5729ep-2f, 0x1.1bf47ep-1f, 0x1.68665p-1f, 0x1.b2523cp-1f, 0x1.e1fbfap-1f},
    {0x1.53220ep-27f, 0x1.98087p-27f, -0x1.bdafa2p-27f, 0x1.99e95cp-28f, -0x1.15f8bep-28f, 0.0f, 0.0f, 0.0f, -0x1.3bdcf6p-29f, 0x1.6a7c9p-31f, 0x1.d4c2ecp-31f, 0x1.c90fc8p-27f, 0x1.577b2p-26f, 0x1.719882p-26f, -0x1.2151a8p-27f, -0x1.055ed4p-26f},
    {0x1.b3afecp-6f, 0x1.dd37cep-9f, 0x1.7cca28p-13f, 0x1.be66b2p-19f, 0x1.169266p-27f, 0.0f, 0.0f, 0.0f, 0x1.f3b36p-1f, 0x1.e842cap-1f, 0x1.d11574p-1f, 0x1.a945bap-1f, 0x1.6284c4p-1f, 0x1.02500ap-1f, 0x1.1f2512p-2f, 0x1.d22ca2p-4f},
    {-0x1.adda2cp-6f, -0x1.dc5a62p-9f, -0x1.7d1982p-13f, -0x1.becf8ep-19f, -0x1.301632p-27f, 0.0f, 0.0f, -0x1.62719cp-32f, -0x1.35cbaep-3f, -0x1.a48ab2p-3f, -0x1.199222p-2f, -0x1.5e0f08p-2f, -0x1.893b58p-2f, -0x1.6ba7ccp-2f, -0x1.e7291ep-3f, -0x1.b6d84cp-4f},
    {0x1.16ddaap-6f, 0x1.3c68f6p-9f, 0x1.fbff8p-14f, 0x1.29d9dp-19f, 0x1.9303f8p-28f, 0.0f, 0.0f, -0x1.555552p-2f, -0x1.3550fep-2f, -0x1.182bdcp-2f, -0x1.c18fecp-3f, -0x1.16e94cp-3f, -0x1.245654p-6f, 0x1.4f15c4p-4f, 0x1.bba652p-4f, 0x1.01b9e4p-4f},
    {-0x1.07d22cp-7f, -0x1.39ea0ap-10f, -0x1.f4f35ep-15f, -0x1.25c368p-20f, -0x1.1579b2p-29f, 0.0f, 0.0f, -0x1.4b22e8p-19f, 0x1.8b73b4p-4f, 0x1.0522d6p-3f, 0x1.43f12cp-3f, 0x1.5c17cp-3f, 0x1.1a643p-3f, 0x1.f20934p-5f, -0x1.9c5864p-7f, -0x1.816948p-6f},
    {0x1.771baep-9f, 0x1.eefb64p-12f, 0x1.90d4c2p-16f, 0x1.d65e54p-22f, 0x1.c5c60ap-31f, 0.0f, 0.0f, 0x1.112db6p-3f, 0x1.dce5f2p-2f, -0x1.d3b892p-6f, 0x1.ae8a14p-6f, 0x1.9a4e76p-11f, -0x1.b874fap-5f, -0x1.e2ac2ap-5f, -0x1.3ba9a8p-6f, 0x1.e4f5eep-9f},
    {-0x1.6e04fcp-11f, -0x1.49b6cap-13f, -0x1.36a5b8p-17f, -0x1.6db67cp-23f, -0x1.5df546p-31f, 0.0f, 0.0f, -0x1.2f471cp-11f, 0x1.2e70ccp-1f, -0x1.97120ep-3f, -0x1.6376f6p-4f, -0x1.c382bp-5f, -0x1.80e37p-6f, 0x1.a96a04p-7f, 0x1.ee49e8p-7f, 0x1.1183b2p-9f},
    {0x1.ec0a46p-15f, 0x1.5f4bbap-15f, 0x1.60267ep-19f, 0x1.a05042p-25f, 0x1.8a506cp-33f, 0.0f, 0.0f, -0x1.a54af2p-5f, -0x1.8c2d06p+7f, 0x1.ff0f62p+5f, 0x1.5600bcp+1f, -0x1.e235fp-1f, -0x1.2c873ep-6f, 0x1.bae8d2p-7f, -0x1.fe78cap-9f, -0x1.04855ap-9f},
};
// clang-format on
#endif
