/*
 * rnnlab native kernels: the hot WebAssembly kernels of src/engine/wasm/kernels.wat again, in C with 256/512-bit
 * x86 vectors, for machines where they are available (issue #8). Same signatures (byte offsets into the shared
 * WebAssembly memory), same IEEE-754 operations in the same order, so every result is bit-identical to the
 * WebAssembly kernels and their plain-JS twins (tests/engine/native.test.ts checks this):
 *   - no fused multiply-add anywhere: built with -ffp-contract=off, and only explicit mul and add intrinsics;
 *   - row reductions keep the "8-lane dot" order of kernels.wat (float64: one 8-lane accumulator per row holds
 *     s_0..s_7; float32: 16 lanes), combined exactly as there;
 *   - the Gram/GEMM block sums every C_ij sequentially in t, so a bigger register tile does not change a bit.
 * Without AVX2 (or off x86-64) `init` answers "" and the JavaScript side keeps the WebAssembly kernels.
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include <math.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define RNN_X86 1
#include <immintrin.h>
#endif

/* Per-thread (per-environment) base address of the WebAssembly memory: a worker without the parent's memory has
 * its own. */
typedef struct { uint8_t* base; size_t bytes; int isa; } env_data;
enum { ISA_NONE = 0, ISA_AVX2 = 1, ISA_AVX512 = 2 };

/* ---- float64 mat-vec: y = A·x (accum 0) or y += A·x (accum 1) ------------------------------------------------ */

static inline double combine8(const double s[8]) {
  return ((s[0] + s[2]) + (s[4] + s[6])) + ((s[1] + s[3]) + (s[5] + s[7]));
}

/* Plain C in the same order: the odd rows and the tails. */
static double dot8_c(const double* a, const double* x, int n) {
  double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int j = 0, nb = n & ~7;
  for (; j < nb; j += 8)
    for (int k = 0; k < 8; k++) s[k] = s[k] + a[j + k] * x[j + k];
  double r = combine8(s);
  for (; j < n; j++) r = r + a[j] * x[j];
  return r;
}

#ifdef RNN_X86
__attribute__((target("avx2")))
static void matvec_f64_avx2(const double* A, int rows, int cols, const double* x, double* y, int accum) {
  const int nb = cols & ~7;
  int i = 0;
  /* Four rows per pass share each load of x; lanes 0..3 and 4..7 of the 8-lane order in two registers per row. */
  for (; i + 3 < rows; i += 4) {
    const double* a0 = A + (size_t)i * cols;
    const double* a1 = a0 + cols;
    const double* a2 = a1 + cols;
    const double* a3 = a2 + cols;
    __m256d l0 = _mm256_setzero_pd(), h0 = l0, l1 = l0, h1 = l0, l2 = l0, h2 = l0, l3 = l0, h3 = l0;
    for (int j = 0; j < nb; j += 8) {
      __m256d xl = _mm256_loadu_pd(x + j), xh = _mm256_loadu_pd(x + j + 4);
      l0 = _mm256_add_pd(l0, _mm256_mul_pd(_mm256_loadu_pd(a0 + j), xl));
      h0 = _mm256_add_pd(h0, _mm256_mul_pd(_mm256_loadu_pd(a0 + j + 4), xh));
      l1 = _mm256_add_pd(l1, _mm256_mul_pd(_mm256_loadu_pd(a1 + j), xl));
      h1 = _mm256_add_pd(h1, _mm256_mul_pd(_mm256_loadu_pd(a1 + j + 4), xh));
      l2 = _mm256_add_pd(l2, _mm256_mul_pd(_mm256_loadu_pd(a2 + j), xl));
      h2 = _mm256_add_pd(h2, _mm256_mul_pd(_mm256_loadu_pd(a2 + j + 4), xh));
      l3 = _mm256_add_pd(l3, _mm256_mul_pd(_mm256_loadu_pd(a3 + j), xl));
      h3 = _mm256_add_pd(h3, _mm256_mul_pd(_mm256_loadu_pd(a3 + j + 4), xh));
    }
    double s[4][8];
    _mm256_storeu_pd(s[0], l0); _mm256_storeu_pd(s[0] + 4, h0);
    _mm256_storeu_pd(s[1], l1); _mm256_storeu_pd(s[1] + 4, h1);
    _mm256_storeu_pd(s[2], l2); _mm256_storeu_pd(s[2] + 4, h2);
    _mm256_storeu_pd(s[3], l3); _mm256_storeu_pd(s[3] + 4, h3);
    for (int r = 0; r < 4; r++) {
      const double* ar = A + (size_t)(i + r) * cols;
      double v = combine8(s[r]);
      for (int j = nb; j < cols; j++) v = v + ar[j] * x[j];
      y[i + r] = accum ? y[i + r] + v : v;
    }
  }
  for (; i < rows; i++) {
    double v = dot8_c(A + (size_t)i * cols, x, cols);
    y[i] = accum ? y[i] + v : v;
  }
}

/* One 512-bit register is exactly the 8 partial sums s_0..s_7 of a row. R rows (ld apart) per pass share each load
 * of x (8 rows measured 7 % faster than 4 at N = 1000; 32 registers hold them). Also the dots of the Cholesky
 * factorisation below (rows of L against a row prefix). */
#define MATVEC_F64_ROWS(R)                                                                                  \
  __attribute__((target("avx512f")))                                                                        \
  static void matvec_f64_rows##R(const double* A, size_t ld, int cols, const double* x, double* y, int accum) { \
    const int nb = cols & ~7;                                                                               \
    __m512d s[R];                                                                                           \
    for (int r = 0; r < R; r++) s[r] = _mm512_setzero_pd();                                                 \
    for (int j = 0; j < nb; j += 8) {                                                                       \
      __m512d xv = _mm512_loadu_pd(x + j);                                                                  \
      for (int r = 0; r < R; r++)                                                                           \
        s[r] = _mm512_add_pd(s[r], _mm512_mul_pd(_mm512_loadu_pd(A + r * ld + j), xv));                    \
    }                                                                                                       \
    for (int r = 0; r < R; r++) {                                                                           \
      double v8[8];                                                                                         \
      _mm512_storeu_pd(v8, s[r]);                                                                           \
      const double* ar = A + r * ld;                                                                        \
      double v = combine8(v8);                                                                              \
      for (int j = nb; j < cols; j++) v = v + ar[j] * x[j];                                                 \
      y[r] = accum ? y[r] + v : v;                                                                          \
    }                                                                                                       \
  }
MATVEC_F64_ROWS(8)
MATVEC_F64_ROWS(4)
MATVEC_F64_ROWS(2)
MATVEC_F64_ROWS(1)

__attribute__((target("avx512f")))
static void matvec_f64_avx512(const double* A, int rows, int cols, const double* x, double* y, int accum) {
  const size_t ld = (size_t)cols;
  int i = 0;
  for (; i + 7 < rows; i += 8) matvec_f64_rows8(A + i * ld, ld, cols, x, y + i, accum);
  for (; i + 3 < rows; i += 4) matvec_f64_rows4(A + i * ld, ld, cols, x, y + i, accum);
  for (; i < rows; i++) matvec_f64_rows1(A + i * ld, ld, cols, x, y + i, accum);
}
#endif

/* ---- float32 mat-vec (kernels.wat $dot16f order) --------------------------------------------------------------
 * s_k = Σ_b a[16b+k]·x[16b+k] for k = 0..15; t_l = (s_l + s_{4+l}) + (s_{8+l} + s_{12+l}); s = (t0 + t2) + (t1 + t3);
 * then the tail in order. */
static inline float combine16(const float s[16]) {
  float t[4];
  for (int l = 0; l < 4; l++) t[l] = (s[l] + s[4 + l]) + (s[8 + l] + s[12 + l]);
  return (t[0] + t[2]) + (t[1] + t[3]);
}

static float dot16f_c(const float* a, const float* x, int n) {
  float s[16] = {0};
  int j = 0, nb = n & ~15;
  for (; j < nb; j += 16)
    for (int k = 0; k < 16; k++) s[k] = s[k] + a[j + k] * x[j + k];
  float r = combine16(s);
  for (; j < n; j++) r = r + a[j] * x[j];
  return r;
}

#ifdef RNN_X86
__attribute__((target("avx2")))
static void matvec_f32_avx2(const float* A, int rows, int cols, const float* x, float* y, int accum) {
  const int nb = cols & ~15;
  int i = 0;
  for (; i + 3 < rows; i += 4) {
    const float* a0 = A + (size_t)i * cols;
    const float* a1 = a0 + cols;
    const float* a2 = a1 + cols;
    const float* a3 = a2 + cols;
    __m256 l0 = _mm256_setzero_ps(), h0 = l0, l1 = l0, h1 = l0, l2 = l0, h2 = l0, l3 = l0, h3 = l0;
    for (int j = 0; j < nb; j += 16) {
      __m256 xl = _mm256_loadu_ps(x + j), xh = _mm256_loadu_ps(x + j + 8);
      l0 = _mm256_add_ps(l0, _mm256_mul_ps(_mm256_loadu_ps(a0 + j), xl));
      h0 = _mm256_add_ps(h0, _mm256_mul_ps(_mm256_loadu_ps(a0 + j + 8), xh));
      l1 = _mm256_add_ps(l1, _mm256_mul_ps(_mm256_loadu_ps(a1 + j), xl));
      h1 = _mm256_add_ps(h1, _mm256_mul_ps(_mm256_loadu_ps(a1 + j + 8), xh));
      l2 = _mm256_add_ps(l2, _mm256_mul_ps(_mm256_loadu_ps(a2 + j), xl));
      h2 = _mm256_add_ps(h2, _mm256_mul_ps(_mm256_loadu_ps(a2 + j + 8), xh));
      l3 = _mm256_add_ps(l3, _mm256_mul_ps(_mm256_loadu_ps(a3 + j), xl));
      h3 = _mm256_add_ps(h3, _mm256_mul_ps(_mm256_loadu_ps(a3 + j + 8), xh));
    }
    float s[4][16];
    _mm256_storeu_ps(s[0], l0); _mm256_storeu_ps(s[0] + 8, h0);
    _mm256_storeu_ps(s[1], l1); _mm256_storeu_ps(s[1] + 8, h1);
    _mm256_storeu_ps(s[2], l2); _mm256_storeu_ps(s[2] + 8, h2);
    _mm256_storeu_ps(s[3], l3); _mm256_storeu_ps(s[3] + 8, h3);
    for (int r = 0; r < 4; r++) {
      const float* ar = A + (size_t)(i + r) * cols;
      float v = combine16(s[r]);
      for (int j = nb; j < cols; j++) v = v + ar[j] * x[j];
      y[i + r] = accum ? y[i + r] + v : v;
    }
  }
  for (; i < rows; i++) {
    float v = dot16f_c(A + (size_t)i * cols, x, cols);
    y[i] = accum ? y[i] + v : v;
  }
}

/* One 512-bit register is the 16 partial sums of a row; 8, 4 or 1 rows per pass as for float64. */
#define MATVEC_F32_ROWS(R)                                                                                  \
  __attribute__((target("avx512f")))                                                                        \
  static void matvec_f32_rows##R(const float* A, int cols, const float* x, float* y, int accum) {          \
    const int nb = cols & ~15;                                                                              \
    __m512 s[R];                                                                                            \
    for (int r = 0; r < R; r++) s[r] = _mm512_setzero_ps();                                                 \
    for (int j = 0; j < nb; j += 16) {                                                                      \
      __m512 xv = _mm512_loadu_ps(x + j);                                                                   \
      for (int r = 0; r < R; r++)                                                                           \
        s[r] = _mm512_add_ps(s[r], _mm512_mul_ps(_mm512_loadu_ps(A + (size_t)r * cols + j), xv));          \
    }                                                                                                       \
    for (int r = 0; r < R; r++) {                                                                           \
      float v16[16];                                                                                        \
      _mm512_storeu_ps(v16, s[r]);                                                                          \
      const float* ar = A + (size_t)r * cols;                                                               \
      float v = combine16(v16);                                                                             \
      for (int j = nb; j < cols; j++) v = v + ar[j] * x[j];                                                 \
      y[r] = accum ? y[r] + v : v;                                                                          \
    }                                                                                                       \
  }
MATVEC_F32_ROWS(8)
MATVEC_F32_ROWS(4)
MATVEC_F32_ROWS(1)

__attribute__((target("avx512f")))
static void matvec_f32_avx512(const float* A, int rows, int cols, const float* x, float* y, int accum) {
  int i = 0;
  for (; i + 7 < rows; i += 8) matvec_f32_rows8(A + (size_t)i * cols, cols, x, y + i, accum);
  for (; i + 3 < rows; i += 4) matvec_f32_rows4(A + (size_t)i * cols, cols, x, y + i, accum);
  for (; i < rows; i++) matvec_f32_rows1(A + (size_t)i * cols, cols, x, y + i, accum);
}
#endif

/* ---- float32 tanh, in place (kernels.wat tanh_f32; linalg/tanh-f32.ts has the derivation) ----------------------
 * Widen to double (exact), x ← min(9, x), x ← max(−9, x) with NaN passing through, s = x·x,
 * p = x·((((((s·a13 + a11)·s + a9)·s + a7)·s + a5)·s + a3)·s + a1), q = ((s·b6 + b4)·s + b2)·s + b0, round p/q to
 * float (to nearest). _mm*_min_pd(9, x) is "9 < x ? 9 : x" and _mm*_max_pd(−9, x) "−9 > x ? −9 : x", the
 * WebAssembly pmin/pmax order, so a NaN x comes through as in kernels.wat. */
#define TANH_A13 (-2.7607683663038313e-16)
#define TANH_A11 2.0001879384549948e-13
#define TANH_A9 (-8.604671836165423e-11)
#define TANH_A7 5.122297253024044e-8
#define TANH_A5 0.000014857223504805006
#define TANH_A3 0.0006372619536705315
#define TANH_A1 0.004893524572253227
#define TANH_B6 0.0000011982583600911312
#define TANH_B4 0.00011853470641653985
#define TANH_B2 0.0022684347350150347
#define TANH_B0 0.0048935250379145145

static inline float tanh1_c(float xf) {
  double x = xf;
  x = 9.0 < x ? 9.0 : x;
  x = -9.0 > x ? -9.0 : x;
  const double s = x * x;
  double p = s * TANH_A13 + TANH_A11;
  p = s * p + TANH_A9;
  p = s * p + TANH_A7;
  p = s * p + TANH_A5;
  p = s * p + TANH_A3;
  p = s * p + TANH_A1;
  p = x * p;
  double q = s * TANH_B6 + TANH_B4;
  q = s * q + TANH_B2;
  q = s * q + TANH_B0;
  return (float)(p / q);
}

#ifdef RNN_X86
/* One vector of V doubles; PD is the intrinsic prefix (_mm256 / _mm512). */
#define TANH_VEC(V, PD)                                                                                     \
  V x = PD##_max_pd(PD##_set1_pd(-9.0), PD##_min_pd(PD##_set1_pd(9.0), x0));                              \
  V s = PD##_mul_pd(x, x);                                                                                  \
  V p = PD##_add_pd(PD##_mul_pd(s, PD##_set1_pd(TANH_A13)), PD##_set1_pd(TANH_A11));                        \
  p = PD##_add_pd(PD##_mul_pd(s, p), PD##_set1_pd(TANH_A9));                                               \
  p = PD##_add_pd(PD##_mul_pd(s, p), PD##_set1_pd(TANH_A7));                                               \
  p = PD##_add_pd(PD##_mul_pd(s, p), PD##_set1_pd(TANH_A5));                                               \
  p = PD##_add_pd(PD##_mul_pd(s, p), PD##_set1_pd(TANH_A3));                                               \
  p = PD##_add_pd(PD##_mul_pd(s, p), PD##_set1_pd(TANH_A1));                                               \
  p = PD##_mul_pd(x, p);                                                                                    \
  V q = PD##_add_pd(PD##_mul_pd(s, PD##_set1_pd(TANH_B6)), PD##_set1_pd(TANH_B4));                          \
  q = PD##_add_pd(PD##_mul_pd(s, q), PD##_set1_pd(TANH_B2));                                               \
  q = PD##_add_pd(PD##_mul_pd(s, q), PD##_set1_pd(TANH_B0));                                               \
  V r = PD##_div_pd(p, q);

__attribute__((target("avx2")))
static inline __m256d tanh4_avx2(__m256d x0) {
  TANH_VEC(__m256d, _mm256)
  return r;
}

__attribute__((target("avx2")))
static void tanh_f32_avx2(float* a, int n) {
  int i = 0;
  for (; i + 7 < n; i += 8) {
    __m256d r0 = tanh4_avx2(_mm256_cvtps_pd(_mm_loadu_ps(a + i)));
    __m256d r1 = tanh4_avx2(_mm256_cvtps_pd(_mm_loadu_ps(a + i + 4)));
    _mm_storeu_ps(a + i, _mm256_cvtpd_ps(r0));
    _mm_storeu_ps(a + i + 4, _mm256_cvtpd_ps(r1));
  }
  for (; i < n; i++) a[i] = tanh1_c(a[i]);
}

__attribute__((target("avx512f")))
static inline __m512d tanh8_avx512(__m512d x0) {
  TANH_VEC(__m512d, _mm512)
  return r;
}

__attribute__((target("avx512f")))
static void tanh_f32_avx512(float* a, int n) {
  int i = 0;
  for (; i + 15 < n; i += 16) {
    __m512d r0 = tanh8_avx512(_mm512_cvtps_pd(_mm256_loadu_ps(a + i)));
    __m512d r1 = tanh8_avx512(_mm512_cvtps_pd(_mm256_loadu_ps(a + i + 8)));
    _mm256_storeu_ps(a + i, _mm512_cvtpd_ps(r0));
    _mm256_storeu_ps(a + i + 8, _mm512_cvtpd_ps(r1));
  }
  for (; i < n; i++) a[i] = tanh1_c(a[i]);
}
#endif

/* ---- Gram / GEMM block (kernels.wat gemm_tn_block_f64, same packed-panel layout) -------------------------------
 * Panels of 4 columns, tb rows each ([t][c]); Cp is (ma·4) × (nb·4) row-major. Cp += panelAᵀ·panelB for every
 * pair of panels (qb ≥ qa when sym), each C_ij += A_ti·B_tj sequentially in t. Tiles of 2×2 panels (8×8 entries,
 * sixteen 256-bit accumulators) where both neighbours exist; an extra lower tile computed under `sym` is never
 * read by the caller. */
#ifdef RNN_X86
#define TILE_LOAD(r, p) c##r##p = _mm256_loadu_pd(C + (size_t)(r) * ldc + (p) * 4)
#define TILE_STORE(r, p) _mm256_storeu_pd(C + (size_t)(r) * ldc + (p) * 4, c##r##p)

__attribute__((target("avx2")))
static void tile_4x4(const double* pa, const double* pb, int tb, double* C, int ldc) {
  __m256d c0 = _mm256_loadu_pd(C), c1 = _mm256_loadu_pd(C + ldc), c2 = _mm256_loadu_pd(C + 2 * ldc),
          c3 = _mm256_loadu_pd(C + 3 * ldc);
  for (int t = 0; t < tb; t++) {
    __m256d b = _mm256_loadu_pd(pb + 4 * t);
    c0 = _mm256_add_pd(c0, _mm256_mul_pd(_mm256_broadcast_sd(pa + 4 * t), b));
    c1 = _mm256_add_pd(c1, _mm256_mul_pd(_mm256_broadcast_sd(pa + 4 * t + 1), b));
    c2 = _mm256_add_pd(c2, _mm256_mul_pd(_mm256_broadcast_sd(pa + 4 * t + 2), b));
    c3 = _mm256_add_pd(c3, _mm256_mul_pd(_mm256_broadcast_sd(pa + 4 * t + 3), b));
  }
  _mm256_storeu_pd(C, c0); _mm256_storeu_pd(C + ldc, c1); _mm256_storeu_pd(C + 2 * ldc, c2); _mm256_storeu_pd(C + 3 * ldc, c3);
}

/* 4 rows (one A panel) × 8 columns (two B panels): eight accumulators, fits AVX2's 16 registers. */
__attribute__((target("avx2")))
static void tile_4x8(const double* pa, const double* pb0, const double* pb1, int tb, double* C, int ldc) {
  __m256d c00, c01, c10, c11, c20, c21, c30, c31;
  TILE_LOAD(0, 0); TILE_LOAD(0, 1); TILE_LOAD(1, 0); TILE_LOAD(1, 1);
  TILE_LOAD(2, 0); TILE_LOAD(2, 1); TILE_LOAD(3, 0); TILE_LOAD(3, 1);
  for (int t = 0; t < tb; t++) {
    __m256d b0 = _mm256_loadu_pd(pb0 + 4 * t), b1 = _mm256_loadu_pd(pb1 + 4 * t), a;
    a = _mm256_broadcast_sd(pa + 4 * t);
    c00 = _mm256_add_pd(c00, _mm256_mul_pd(a, b0)); c01 = _mm256_add_pd(c01, _mm256_mul_pd(a, b1));
    a = _mm256_broadcast_sd(pa + 4 * t + 1);
    c10 = _mm256_add_pd(c10, _mm256_mul_pd(a, b0)); c11 = _mm256_add_pd(c11, _mm256_mul_pd(a, b1));
    a = _mm256_broadcast_sd(pa + 4 * t + 2);
    c20 = _mm256_add_pd(c20, _mm256_mul_pd(a, b0)); c21 = _mm256_add_pd(c21, _mm256_mul_pd(a, b1));
    a = _mm256_broadcast_sd(pa + 4 * t + 3);
    c30 = _mm256_add_pd(c30, _mm256_mul_pd(a, b0)); c31 = _mm256_add_pd(c31, _mm256_mul_pd(a, b1));
  }
  TILE_STORE(0, 0); TILE_STORE(0, 1); TILE_STORE(1, 0); TILE_STORE(1, 1);
  TILE_STORE(2, 0); TILE_STORE(2, 1); TILE_STORE(3, 0); TILE_STORE(3, 1);
}

/* 8 rows (two A panels) × 8 columns (two B panels): sixteen accumulators, needs AVX-512VL's 32 registers. */
__attribute__((target("avx512f,avx512vl")))
static void tile_8x8(const double* pa0, const double* pa1, const double* pb0, const double* pb1, int tb, double* C, int ldc) {
  __m256d c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
  TILE_LOAD(0, 0); TILE_LOAD(0, 1); TILE_LOAD(1, 0); TILE_LOAD(1, 1);
  TILE_LOAD(2, 0); TILE_LOAD(2, 1); TILE_LOAD(3, 0); TILE_LOAD(3, 1);
  TILE_LOAD(4, 0); TILE_LOAD(4, 1); TILE_LOAD(5, 0); TILE_LOAD(5, 1);
  TILE_LOAD(6, 0); TILE_LOAD(6, 1); TILE_LOAD(7, 0); TILE_LOAD(7, 1);
  for (int t = 0; t < tb; t++) {
    __m256d b0 = _mm256_loadu_pd(pb0 + 4 * t), b1 = _mm256_loadu_pd(pb1 + 4 * t), a;
#define ROW(r, p, o)                                                  \
    a = _mm256_broadcast_sd(p + 4 * t + (o));                         \
    c##r##0 = _mm256_add_pd(c##r##0, _mm256_mul_pd(a, b0));           \
    c##r##1 = _mm256_add_pd(c##r##1, _mm256_mul_pd(a, b1));
    ROW(0, pa0, 0) ROW(1, pa0, 1) ROW(2, pa0, 2) ROW(3, pa0, 3)
    ROW(4, pa1, 0) ROW(5, pa1, 1) ROW(6, pa1, 2) ROW(7, pa1, 3)
#undef ROW
  }
  TILE_STORE(0, 0); TILE_STORE(0, 1); TILE_STORE(1, 0); TILE_STORE(1, 1);
  TILE_STORE(2, 0); TILE_STORE(2, 1); TILE_STORE(3, 0); TILE_STORE(3, 1);
  TILE_STORE(4, 0); TILE_STORE(4, 1); TILE_STORE(5, 0); TILE_STORE(5, 1);
  TILE_STORE(6, 0); TILE_STORE(6, 1); TILE_STORE(7, 0); TILE_STORE(7, 1);
}

static void gemm_tn_block(int isa, const double* pa, const double* pb, int tb, int ma, int nb, double* C, int sym) {
  const int ldc = nb * 4;
  const size_t panel = (size_t)tb * 4;
  int qa = 0;
  if (isa == ISA_AVX512) {
    for (; qa + 1 < ma; qa += 2) {
      int qb = sym ? qa : 0;
      for (; qb + 1 < nb; qb += 2)
        tile_8x8(pa + qa * panel, pa + (qa + 1) * panel, pb + qb * panel, pb + (qb + 1) * panel, tb,
                 C + (size_t)qa * 4 * ldc + qb * 4, ldc);
      for (; qb < nb; qb++) {
        tile_4x4(pa + qa * panel, pb + qb * panel, tb, C + (size_t)qa * 4 * ldc + qb * 4, ldc);
        tile_4x4(pa + (qa + 1) * panel, pb + qb * panel, tb, C + (size_t)(qa + 1) * 4 * ldc + qb * 4, ldc);
      }
    }
  }
  for (; qa < ma; qa++) {
    int qb = sym ? qa : 0;
    for (; qb + 1 < nb; qb += 2)
      tile_4x8(pa + qa * panel, pb + qb * panel, pb + (qb + 1) * panel, tb, C + (size_t)qa * 4 * ldc + qb * 4, ldc);
    for (; qb < nb; qb++) tile_4x4(pa + qa * panel, pb + qb * panel, tb, C + (size_t)qa * 4 * ldc + qb * 4, ldc);
  }
}

#endif

/* ---- Cholesky (kernels.wat cholesky_f64: Banachiewicz, row by row, 8-lane dots over row prefixes) --------------
 * The dots are the mat-vec's row dots above (matvec_f64_rows1/2 over a prefix, rows n apart): the same order. */
#ifdef RNN_X86
/* Rows i and i+1 together for the columns j < i both need (their prefixes are final): same dots, same bits. Its own
 * AVX-512 function so that the row dots inline into it. Returns 0, or the 1-based row that is not positive definite;
 * *done is the number of rows factored (an odd n leaves the last to the caller). */
__attribute__((target("avx512f")))
static int cholesky_pairs_avx512(double* A, int n, int* done) {
  int i = 0;
  for (; i + 1 < n; i += 2) {
    double* ri = A + (size_t)i * n;
    double* rk = ri + n;
    double d[2];
    for (int j = 0; j < i; j++) {
      const double* rj = A + (size_t)j * n;
      matvec_f64_rows2(ri, (size_t)n, j, rj, d, 0);
      ri[j] = (ri[j] - d[0]) / rj[j];
      rk[j] = (rk[j] - d[1]) / rj[j];
    }
    matvec_f64_rows1(ri, (size_t)n, i, ri, d, 0);
    double s = ri[i] - d[0];
    if (!(s > 0)) return i + 1;
    ri[i] = sqrt(s);
    for (int j = i + 1; j < n; j++) ri[j] = 0;
    matvec_f64_rows1(rk, (size_t)n, i, ri, d, 0);
    rk[i] = (rk[i] - d[0]) / ri[i];
    matvec_f64_rows1(rk, (size_t)n, i + 1, rk, d, 0);
    s = rk[i + 1] - d[0];
    if (!(s > 0)) return i + 2;
    rk[i + 1] = sqrt(s);
    for (int j = i + 2; j < n; j++) rk[j] = 0;
  }
  *done = i;
  return 0;
}
#endif

static int cholesky(int isa, double* A, int n) {
  (void)isa;
  int i = 0;
#ifdef RNN_X86
  if (isa == ISA_AVX512) {
    const int bad = cholesky_pairs_avx512(A, n, &i);
    if (bad) return bad;
  }
#endif
  for (; i < n; i++) {
    double* ri = A + (size_t)i * n;
    for (int j = 0; j < i; j++) {
      const double* rj = A + (size_t)j * n;
      ri[j] = (ri[j] - dot8_c(ri, rj, j)) / rj[j];
    }
    double s = ri[i] - dot8_c(ri, ri, i);
    if (!(s > 0)) return i + 1;
    ri[i] = sqrt(s);
    for (int j = i + 1; j < n; j++) ri[j] = 0;
  }
  return 0;
}

/* ---- N-API glue ------------------------------------------------------------------------------------------------ */

static env_data* data_of(napi_env env) {
  void* d = NULL;
  napi_get_instance_data(env, &d);
  return (env_data*)d;
}

static void free_data(napi_env env, void* d, void* hint) {
  (void)env; (void)hint;
  free(d);
}

#define ARGS(N)                                             \
  size_t argc = N;                                          \
  napi_value argv[N];                                       \
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);     \
  env_data* d = data_of(env);                               \
  if (!d || !d->base) { napi_throw_error(env, NULL, "rnnlab native kernels: init() first"); return NULL; }

static int32_t i32_arg(napi_env env, napi_value v) { int32_t x = 0; napi_get_value_int32(env, v, &x); return x; }

/* Unlike WebAssembly, C does not trap on a bad address: every region a kernel touches is checked against the extent
 * of the memory known at the last init(). Out of bounds → the kernel does nothing and answers -1; the JavaScript
 * side then re-inits (another thread may have grown the memory) and retries once, or throws. */
static int in_bounds(const env_data* d, int64_t offset, int64_t bytes) {
  return offset >= 0 && bytes >= 0 && (uint64_t)(offset + bytes) <= (uint64_t)d->bytes;
}

static napi_value int_result(napi_env env, int32_t v) {
  napi_value out;
  napi_create_int32(env, v, &out);
  return out;
}

/* ---- spiking: LIF membrane step and spike propagation (kernels.wat lif_step_f64, add_rows_f64;
 * src/engine/linalg/spiking.ts). Elementwise, so doing eight neurons at once changes no bit: each value
 * sees the same operations in the same order as in the scalar kernel. ------------------------------------------ */

/* v ← vRest + (v − vRest)·α + β·I unless refractory (ref > 0: ref −= dt, v = vReset); v ≥ vTh: spike, v = vReset,
 * ref = tRef. Spiking neurons are listed in increasing index order. */
static int lif_step_c(double* v, const double* cur, double* ref, int i, int n, double alpha, double beta, double vRest,
                      double vTh, double vReset, double tRef, double dt, int32_t* spikes, int count) {
  for (; i < n; i++) {
    const double r = ref[i];
    if (r > 0) {
      ref[i] = r - dt;
      v[i] = vReset;
    } else {
      double x = (vRest + (v[i] - vRest) * alpha) + beta * cur[i];
      if (x >= vTh) {
        x = vReset;
        ref[i] = tRef;
        spikes[count++] = i;
      }
      v[i] = x;
    }
  }
  return count;
}

#ifdef RNN_X86
__attribute__((target("avx512f")))
static int lif_step_avx512(double* v, const double* cur, double* ref, int n, double alpha, double beta, double vRest,
                           double vTh, double vReset, double tRef, double dt, int32_t* spikes) {
  const __m512d zero = _mm512_setzero_pd(), va = _mm512_set1_pd(alpha), vb = _mm512_set1_pd(beta);
  const __m512d vr = _mm512_set1_pd(vRest), vt = _mm512_set1_pd(vTh), vre = _mm512_set1_pd(vReset);
  const __m512d vtr = _mm512_set1_pd(tRef), vdt = _mm512_set1_pd(dt);
  int count = 0, i = 0;
  for (; i + 7 < n; i += 8) {
    const __m512d r = _mm512_loadu_pd(ref + i);
    /* ordered compares: a NaN is neither refractory nor over threshold, as in the scalar code */
    const __mmask8 refractory = _mm512_cmp_pd_mask(r, zero, _CMP_GT_OQ);
    const __m512d x = _mm512_add_pd(_mm512_add_pd(vr, _mm512_mul_pd(_mm512_sub_pd(_mm512_loadu_pd(v + i), vr), va)),
                                    _mm512_mul_pd(vb, _mm512_loadu_pd(cur + i)));
    const __mmask8 spiking = _mm512_mask_cmp_pd_mask((__mmask8)~refractory, x, vt, _CMP_GE_OQ);
    __m512d rnew = _mm512_mask_blend_pd(refractory, r, _mm512_sub_pd(r, vdt));
    rnew = _mm512_mask_blend_pd(spiking, rnew, vtr);
    _mm512_storeu_pd(v + i, _mm512_mask_blend_pd((__mmask8)(refractory | spiking), x, vre));
    _mm512_storeu_pd(ref + i, rnew);
    for (unsigned m = spiking; m; m &= m - 1) spikes[count++] = i + __builtin_ctz(m);
  }
  return lif_step_c(v, cur, ref, i, n, alpha, beta, vRest, vTh, vReset, tRef, dt, spikes, count);
}

/* out += Σ_k W[idx_k, :], rows in the order of idx: eight outputs at a time stay in a register while the rows are
 * added one after another (the same sequence of adds per output as adding whole rows in turn). */
__attribute__((target("avx512f")))
static void add_rows_avx512(const double* const* rows, int count, int cols, double* out) {
  int j = 0;
  for (; j + 7 < cols; j += 8) {
    __m512d acc = _mm512_loadu_pd(out + j);
    for (int k = 0; k < count; k++) acc = _mm512_add_pd(acc, _mm512_loadu_pd(rows[k] + j));
    _mm512_storeu_pd(out + j, acc);
  }
  for (; j < cols; j++) {
    double acc = out[j];
    for (int k = 0; k < count; k++) acc = acc + rows[k][j];
    out[j] = acc;
  }
}

#endif

static double f64_arg(napi_env env, napi_value v) { double x = 0; napi_get_value_double(env, v, &x); return x; }

static napi_value js_lif_step_f64(napi_env env, napi_callback_info info) {
  ARGS(12)
  int32_t pv = i32_arg(env, argv[0]), pc = i32_arg(env, argv[1]), pr = i32_arg(env, argv[2]), n = i32_arg(env, argv[3]);
  int32_t ps = i32_arg(env, argv[11]);
  if (n < 0 || !in_bounds(d, pv, (int64_t)n * 8) || !in_bounds(d, pc, (int64_t)n * 8) || !in_bounds(d, pr, (int64_t)n * 8) ||
      !in_bounds(d, ps, (int64_t)n * 4))
    return int_result(env, -1);
  double* v = (double*)(d->base + pv);
  const double* cur = (const double*)(d->base + pc);
  double* ref = (double*)(d->base + pr);
  int32_t* spikes = (int32_t*)(d->base + ps);
  const double alpha = f64_arg(env, argv[4]), beta = f64_arg(env, argv[5]), vRest = f64_arg(env, argv[6]);
  const double vTh = f64_arg(env, argv[7]), vReset = f64_arg(env, argv[8]), tRef = f64_arg(env, argv[9]), dt = f64_arg(env, argv[10]);
#ifdef RNN_X86
  if (d->isa == ISA_AVX512)
    return int_result(env, lif_step_avx512(v, cur, ref, n, alpha, beta, vRest, vTh, vReset, tRef, dt, spikes));
#endif
  return int_result(env, lif_step_c(v, cur, ref, 0, n, alpha, beta, vRest, vTh, vReset, tRef, dt, spikes, 0));
}

#define MAX_ROWS_PER_PASS 64
static napi_value js_add_rows_f64(napi_env env, napi_callback_info info) {
  ARGS(5)
  int32_t pw = i32_arg(env, argv[0]), cols = i32_arg(env, argv[1]), pi = i32_arg(env, argv[2]);
  int32_t count = i32_arg(env, argv[3]), po = i32_arg(env, argv[4]);
  if (cols < 0 || count < 0 || !in_bounds(d, pi, (int64_t)count * 4) || !in_bounds(d, po, (int64_t)cols * 8))
    return int_result(env, -1);
  const int32_t* idx = (const int32_t*)(d->base + pi);
  double* out = (double*)(d->base + po);
  const double* rows[MAX_ROWS_PER_PASS];
  for (int k0 = 0; k0 < count; k0 += MAX_ROWS_PER_PASS) {
    const int kb = count - k0 < MAX_ROWS_PER_PASS ? count - k0 : MAX_ROWS_PER_PASS;
    for (int k = 0; k < kb; k++) {
      const int64_t off = (int64_t)pw + (int64_t)idx[k0 + k] * cols * 8;
      if (idx[k0 + k] < 0 || !in_bounds(d, off, (int64_t)cols * 8)) return int_result(env, -1);
      rows[k] = (const double*)(d->base + off);
    }
#ifdef RNN_X86
    if (d->isa == ISA_AVX512) {
      add_rows_avx512(rows, kb, cols, out);
      continue;
    }
#endif
    for (int k = 0; k < kb; k++)
      for (int j = 0; j < cols; j++) out[j] = out[j] + rows[k][j];
  }
  return int_result(env, 0);
}

/* ---- float64 tanh, the same bits as V8's Math.tanh ------------------------------------------------------------
 * V8 computes Math.tanh with fdlibm (src/base/ieee754.cc: tanh and expm1, from FreeBSD msun s_tanh.c and
 * s_expm1.c). This is the same algorithm, operation for operation and without contraction, so on x86-64 (where
 * Node's own build has no FMA either) it returns Math.tanh's bits; tests/engine/tanh-f64.test.ts compares the two
 * on millions of inputs, every branch and the special values. The vector version below evaluates every branch of
 * expm1 in every lane and picks per lane, so each lane gets exactly the scalar result. */
static inline uint32_t high_word(double x) { uint64_t b; memcpy(&b, &x, 8); return (uint32_t)(b >> 32); }
static inline double from_words(uint32_t hi, uint32_t lo) {
  uint64_t b = ((uint64_t)hi << 32) | lo;
  double x;
  memcpy(&x, &b, 8);
  return x;
}

static const double EXPM1_LN2_HI = 6.93147180369123816490e-01, EXPM1_LN2_LO = 1.90821492927058770002e-10,
                    EXPM1_INVLN2 = 1.44269504088896338700e+00, EXPM1_Q1 = -3.33333333333331316428e-02,
                    EXPM1_Q2 = 1.58730158725481460165e-03, EXPM1_Q3 = -7.93650757867487942473e-05,
                    EXPM1_Q4 = 4.00821782732936239552e-06, EXPM1_Q5 = -2.01099218183624371326e-07;

static double fdlibm_expm1(double x) {
  double y, hi, lo, c = 0, t, e, hxs, hfx, r1, twopk;
  int32_t k;
  uint32_t hx = high_word(x);
  const uint32_t xsb = hx & 0x80000000u;
  hx &= 0x7FFFFFFFu;
  if (hx >= 0x4043687Au) {                     /* |x| >= 56 ln2 */
    if (hx >= 0x40862E42u) {                   /* |x| >= 709.78 */
      if (hx >= 0x7FF00000u) {
        uint64_t b; memcpy(&b, &x, 8);
        if (((hx & 0xFFFFFu) | (uint32_t)b) != 0) return x + x; /* NaN */
        return xsb == 0 ? x : -1.0;            /* exp(+-inf) - 1 = {inf, -1} */
      }
      if (x > 7.09782712893383973096e+02) return 1.0e+300 * 1.0e+300; /* overflow */
    }
    if (xsb != 0) return 1.0e-300 - 1.0;      /* x < -56 ln2: -1 with inexact */
  }
  if (hx > 0x3FD62E42u) {                      /* |x| > 0.5 ln2 */
    if (hx < 0x3FF0A2B2u) {                    /* and |x| < 1.5 ln2 */
      if (xsb == 0) { hi = x - EXPM1_LN2_HI; lo = EXPM1_LN2_LO; k = 1; }
      else { hi = x + EXPM1_LN2_HI; lo = -EXPM1_LN2_LO; k = -1; }
    } else {
      k = (int32_t)(EXPM1_INVLN2 * x + ((xsb == 0) ? 0.5 : -0.5));
      t = k;
      hi = x - t * EXPM1_LN2_HI;
      lo = t * EXPM1_LN2_LO;
    }
    x = hi - lo;
    c = (hi - x) - lo;
  } else if (hx < 0x3C900000u) {               /* |x| < 2^-54: x */
    t = 1.0e+300 + x;
    return x - (t - (1.0e+300 + x));
  } else {
    k = 0;
  }
  hfx = 0.5 * x;
  hxs = x * hfx;
  r1 = 1.0 + hxs * (EXPM1_Q1 + hxs * (EXPM1_Q2 + hxs * (EXPM1_Q3 + hxs * (EXPM1_Q4 + hxs * EXPM1_Q5))));
  t = 3.0 - r1 * hfx;
  e = hxs * ((r1 - t) / (6.0 - x * t));
  if (k == 0) return x - (x * e - hxs);
  twopk = from_words(0x3FF00000u + ((uint32_t)k << 20), 0);
  e = (x * (e - c) - c);
  e -= hxs;
  if (k == -1) return 0.5 * (x - e) - 0.5;
  if (k == 1) {
    if (x < -0.25) return -2.0 * (e - (x + 0.5));
    return 1.0 + 2.0 * (x - e);
  }
  if (k <= -2 || k > 56) {
    y = 1.0 - (e - x);
    if (k == 1024) y = y * 2.0 * 8.98846567431158e+307;
    else y = y * twopk;
    return y - 1.0;
  }
  if (k < 20) {
    t = from_words(0x3FF00000u - (0x200000u >> k), 0); /* 1 - 2^-k */
    y = t - (e - x);
    y = y * twopk;
  } else {
    t = from_words((uint32_t)(0x3FF - k) << 20, 0);     /* 2^-k */
    y = x - (e + t);
    y += 1.0;
    y = y * twopk;
  }
  return y;
}

static double fdlibm_tanh(double x) {
  double t, z;
  const uint32_t jx = high_word(x);
  const uint32_t ix = jx & 0x7FFFFFFFu;
  if (ix >= 0x7FF00000u) {                     /* inf or NaN */
    if ((jx & 0x80000000u) == 0) return 1.0 / x + 1.0;
    return 1.0 / x - 1.0;
  }
  if (ix < 0x40360000u) {                      /* |x| < 22 */
    if (ix < 0x3E300000u) {                    /* |x| < 2^-28 */
      if (1.0e300 + x > 1.0) return x;
    }
    if (ix >= 0x3FF00000u) {                   /* |x| >= 1 */
      t = fdlibm_expm1(2.0 * fabs(x));
      z = 1.0 - 2.0 / (t + 2.0);
    } else {
      t = fdlibm_expm1(-2.0 * fabs(x));
      z = -t / (t + 2.0);
    }
  } else {
    z = 1.0 - 1.0e-300;
  }
  return (jx & 0x80000000u) == 0 ? z : -z;
}

#ifdef RNN_X86
/* Eight lanes of fdlibm_tanh for 2^-28 <= |x| < 22 (the caller sends other lanes to the scalar code): expm1 of
 * a = ±2|x| with every branch evaluated and the lane's own branch selected, operation for operation as above. */
__attribute__((target("avx512f")))
static __m512d tanhd8_avx512(__m512d x) {
  const __m512d one = _mm512_set1_pd(1.0), two = _mm512_set1_pd(2.0), half = _mm512_set1_pd(0.5);
  const __m512i absmask = _mm512_set1_epi64(0x7FFFFFFFFFFFFFFFLL);
  const __m512d ax = _mm512_castsi512_pd(_mm512_and_si512(_mm512_castpd_si512(x), absmask));
  const __m512i ix = _mm512_srli_epi64(_mm512_castpd_si512(ax), 32);
  /* |x| >= 1: t = expm1(2|x|), z = 1 - 2/(t+2); else t = expm1(-2|x|), z = -t/(t+2) */
  const __mmask8 big = _mm512_cmpge_epu64_mask(ix, _mm512_set1_epi64(0x3FF00000));
  const __m512d a = _mm512_mask_blend_pd(big, _mm512_mul_pd(_mm512_set1_pd(-2.0), ax), _mm512_mul_pd(two, ax));
  /* expm1(a): here a > 0 exactly when big, and 2^-27 <= |a| < 44 */
  const __m512i hxa = _mm512_srli_epi64(_mm512_and_si512(_mm512_castpd_si512(a), absmask), 32);
  const __mmask8 reduce = _mm512_cmpgt_epu64_mask(hxa, _mm512_set1_epi64(0x3FD62E42));   /* |a| > 0.5 ln2 */
  const __mmask8 near = _mm512_cmplt_epu64_mask(hxa, _mm512_set1_epi64(0x3FF0A2B2));     /* |a| < 1.5 ln2 */
  const __mmask8 pos = big;
  const __m512d ln2hi = _mm512_set1_pd(EXPM1_LN2_HI), ln2lo = _mm512_set1_pd(EXPM1_LN2_LO);
  /* k = ±1 branch */
  const __m512d hi1 = _mm512_mask_blend_pd(pos, _mm512_add_pd(a, ln2hi), _mm512_sub_pd(a, ln2hi));
  const __m512d lo1 = _mm512_mask_blend_pd(pos, _mm512_set1_pd(-EXPM1_LN2_LO), ln2lo);
  const __m512i k1 = _mm512_mask_blend_epi64(pos, _mm512_set1_epi64(-1), _mm512_set1_epi64(1));
  /* general branch: k = (int)(invln2·a ± 0.5), truncated toward zero */
  const __m512d kf = _mm512_add_pd(_mm512_mul_pd(_mm512_set1_pd(EXPM1_INVLN2), a),
                                   _mm512_mask_blend_pd(pos, _mm512_set1_pd(-0.5), half));
  const __m256i k32 = _mm512_cvttpd_epi32(kf);
  const __m512d tk = _mm512_cvtepi32_pd(k32);
  const __m512i kg = _mm512_cvtepi32_epi64(k32);
  const __m512d hig = _mm512_sub_pd(a, _mm512_mul_pd(tk, ln2hi));
  const __m512d lo_g = _mm512_mul_pd(tk, ln2lo);
  const __m512d hi = _mm512_mask_blend_pd(near, hig, hi1);
  const __m512d lo = _mm512_mask_blend_pd(near, lo_g, lo1);
  const __m512i kr = _mm512_mask_blend_epi64(near, kg, k1);
  const __m512d xr_ = _mm512_sub_pd(hi, lo);
  const __m512d cr = _mm512_sub_pd(_mm512_sub_pd(hi, xr_), lo);
  /* not reduced: k = 0, the argument as it is, c = 0 */
  const __m512d xr = _mm512_mask_blend_pd(reduce, a, xr_);
  const __m512d c = _mm512_mask_blend_pd(reduce, _mm512_setzero_pd(), cr);
  const __m512i k = _mm512_mask_blend_epi64(reduce, _mm512_setzero_si512(), kr);
  const __m512d hfx = _mm512_mul_pd(half, xr);
  const __m512d hxs = _mm512_mul_pd(xr, hfx);
  __m512d r1 = _mm512_add_pd(_mm512_set1_pd(EXPM1_Q4), _mm512_mul_pd(hxs, _mm512_set1_pd(EXPM1_Q5)));
  r1 = _mm512_add_pd(_mm512_set1_pd(EXPM1_Q3), _mm512_mul_pd(hxs, r1));
  r1 = _mm512_add_pd(_mm512_set1_pd(EXPM1_Q2), _mm512_mul_pd(hxs, r1));
  r1 = _mm512_add_pd(_mm512_set1_pd(EXPM1_Q1), _mm512_mul_pd(hxs, r1));
  r1 = _mm512_add_pd(one, _mm512_mul_pd(hxs, r1));
  const __m512d t3 = _mm512_sub_pd(_mm512_set1_pd(3.0), _mm512_mul_pd(r1, hfx));
  __m512d e = _mm512_mul_pd(hxs, _mm512_div_pd(_mm512_sub_pd(r1, t3), _mm512_sub_pd(_mm512_set1_pd(6.0), _mm512_mul_pd(xr, t3))));
  /* k == 0 */
  const __m512d r0 = _mm512_sub_pd(xr, _mm512_sub_pd(_mm512_mul_pd(xr, e), hxs));
  /* k != 0 */
  const __m512d twopk = _mm512_castsi512_pd(_mm512_slli_epi64(_mm512_add_epi64(k, _mm512_set1_epi64(0x3FF)), 52));
  e = _mm512_sub_pd(_mm512_mul_pd(xr, _mm512_sub_pd(e, c)), c);
  e = _mm512_sub_pd(e, hxs);
  const __m512d rm1 = _mm512_sub_pd(_mm512_mul_pd(half, _mm512_sub_pd(xr, e)), half);
  const __m512d rp1a = _mm512_mul_pd(_mm512_set1_pd(-2.0), _mm512_sub_pd(e, _mm512_add_pd(xr, half)));
  const __m512d rp1b = _mm512_add_pd(one, _mm512_mul_pd(two, _mm512_sub_pd(xr, e)));
  const __m512d rfar = _mm512_sub_pd(_mm512_mul_pd(_mm512_sub_pd(one, _mm512_sub_pd(e, xr)), twopk), one);
  /* 2 <= k < 20: t = 1 - 2^-k (high word 0x3FF00000 - (0x200000 >> k)) */
  const __m512i tlo_bits = _mm512_slli_epi64(
      _mm512_sub_epi64(_mm512_set1_epi64(0x3FF00000), _mm512_srlv_epi64(_mm512_set1_epi64(0x200000), k)), 32);
  const __m512d rlt20 = _mm512_mul_pd(_mm512_sub_pd(_mm512_castsi512_pd(tlo_bits), _mm512_sub_pd(e, xr)), twopk);
  /* 20 <= k <= 56: t = 2^-k (high word (0x3FF - k) << 20) */
  const __m512i tge_bits = _mm512_slli_epi64(_mm512_sub_epi64(_mm512_set1_epi64(0x3FF), k), 52);
  __m512d yge = _mm512_sub_pd(xr, _mm512_add_pd(e, _mm512_castsi512_pd(tge_bits)));
  yge = _mm512_add_pd(yge, one);
  const __m512d rge20 = _mm512_mul_pd(yge, twopk);
  /* select by k */
  const __mmask8 k0 = _mm512_cmpeq_epi64_mask(k, _mm512_setzero_si512());
  const __mmask8 km1 = _mm512_cmpeq_epi64_mask(k, _mm512_set1_epi64(-1));
  const __mmask8 kp1 = _mm512_cmpeq_epi64_mask(k, _mm512_set1_epi64(1));
  const __mmask8 far = _mm512_cmple_epi64_mask(k, _mm512_set1_epi64(-2)) | _mm512_cmpgt_epi64_mask(k, _mm512_set1_epi64(56));
  const __mmask8 lt20 = _mm512_cmplt_epi64_mask(k, _mm512_set1_epi64(20));
  __m512d t = rge20;
  t = _mm512_mask_blend_pd(lt20, t, rlt20);
  t = _mm512_mask_blend_pd(far, t, rfar);
  t = _mm512_mask_blend_pd(kp1, t, _mm512_mask_blend_pd(_mm512_cmp_pd_mask(xr, _mm512_set1_pd(-0.25), _CMP_LT_OQ), rp1b, rp1a));
  t = _mm512_mask_blend_pd(km1, t, rm1);
  t = _mm512_mask_blend_pd(k0, t, r0);
  /* tanh */
  const __m512d tp2 = _mm512_add_pd(t, two);
  const __m512d zbig = _mm512_sub_pd(one, _mm512_div_pd(two, tp2));
  const __m512d negt = _mm512_castsi512_pd(_mm512_xor_si512(_mm512_castpd_si512(t), _mm512_set1_epi64((long long)0x8000000000000000ULL)));
  const __m512d zsmall = _mm512_div_pd(negt, tp2);
  const __m512d z = _mm512_mask_blend_pd(big, zsmall, zbig);
  /* sign of x back: (jx >= 0) ? z : -z */
  const __m512i sign = _mm512_andnot_si512(absmask, _mm512_castpd_si512(x));
  return _mm512_castsi512_pd(_mm512_xor_si512(_mm512_castpd_si512(z), sign));
}

__attribute__((target("avx512f")))
static void tanh_f64_avx512(double* p, int n) {
  int i = 0;
  for (; i + 7 < n; i += 8) {
    const __m512d x = _mm512_loadu_pd(p + i);
    const __m512i ix = _mm512_srli_epi64(_mm512_and_si512(_mm512_castpd_si512(x), _mm512_set1_epi64(0x7FFFFFFFFFFFFFFFLL)), 32);
    const __mmask8 common = _mm512_cmpge_epu64_mask(ix, _mm512_set1_epi64(0x3E300000)) &
                            _mm512_cmplt_epu64_mask(ix, _mm512_set1_epi64(0x40360000));
    const __m512d y = tanhd8_avx512(x);
    if (common == 0xFF) {
      _mm512_storeu_pd(p + i, y);
    } else {
      double tmp[8];
      _mm512_storeu_pd(tmp, y);
      for (int l = 0; l < 8; l++) p[i + l] = (common >> l) & 1 ? tmp[l] : fdlibm_tanh(p[i + l]);
    }
  }
  for (; i < n; i++) p[i] = fdlibm_tanh(p[i]);
}
#endif

static napi_value js_tanh_f64(napi_env env, napi_callback_info info) {
  ARGS(2)
  int32_t p = i32_arg(env, argv[0]), n = i32_arg(env, argv[1]);
  if (n < 0 || !in_bounds(d, p, (int64_t)n * 8)) return int_result(env, -1);
  double* x = (double*)(d->base + p);
#ifdef RNN_X86
  if (d->isa == ISA_AVX512) {
    tanh_f64_avx512(x, n);
    return int_result(env, 0);
  }
#endif
  for (int i = 0; i < n; i++) x[i] = fdlibm_tanh(x[i]);
  return int_result(env, 0);
}

/* init(view: Uint8Array over the WebAssembly memory) → "avx512" | "avx2" | "" (no vector unit we use). Call again
 * after the memory grows. */
static napi_value js_init(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  env_data* d = data_of(env);
  if (!d) {
    d = (env_data*)calloc(1, sizeof(env_data));
    napi_set_instance_data(env, d, free_data, NULL);
  }
  napi_typedarray_type type;
  size_t length = 0, offset = 0;
  void* data = NULL;
  napi_value buf;
  if (argc < 1 || napi_get_typedarray_info(env, argv[0], &type, &length, &data, &buf, &offset) != napi_ok ||
      type != napi_uint8_array) {
    napi_throw_type_error(env, NULL, "init(view): a Uint8Array over the WebAssembly memory");
    return NULL;
  }
  d->base = (uint8_t*)data - offset;
  d->bytes = length + offset;
  d->isa = ISA_NONE;
#ifdef RNN_X86
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl")) d->isa = ISA_AVX512;
  else if (__builtin_cpu_supports("avx2")) d->isa = ISA_AVX2;
#endif
  napi_value out;
  napi_create_string_utf8(env, d->isa == ISA_AVX512 ? "avx512" : d->isa == ISA_AVX2 ? "avx2" : "", NAPI_AUTO_LENGTH, &out);
  return out;
}

static napi_value js_matvec_f64(napi_env env, napi_callback_info info) {
  ARGS(6)
  int32_t pa = i32_arg(env, argv[0]), rows = i32_arg(env, argv[1]), cols = i32_arg(env, argv[2]);
  int32_t px = i32_arg(env, argv[3]), py = i32_arg(env, argv[4]), accum = i32_arg(env, argv[5]);
  if (rows < 0 || cols < 0 || !in_bounds(d, pa, (int64_t)rows * cols * 8) || !in_bounds(d, px, (int64_t)cols * 8) ||
      !in_bounds(d, py, (int64_t)rows * 8))
    return int_result(env, -1);
  const double* A = (const double*)(d->base + pa);
  const double* x = (const double*)(d->base + px);
  double* y = (double*)(d->base + py);
#ifdef RNN_X86
  if (d->isa == ISA_AVX512) matvec_f64_avx512(A, rows, cols, x, y, accum);
  else matvec_f64_avx2(A, rows, cols, x, y, accum);
#endif
  return int_result(env, 0);
}

static napi_value js_matvec_f32(napi_env env, napi_callback_info info) {
  ARGS(6)
  int32_t pa = i32_arg(env, argv[0]), rows = i32_arg(env, argv[1]), cols = i32_arg(env, argv[2]);
  int32_t px = i32_arg(env, argv[3]), py = i32_arg(env, argv[4]), accum = i32_arg(env, argv[5]);
  if (rows < 0 || cols < 0 || !in_bounds(d, pa, (int64_t)rows * cols * 4) || !in_bounds(d, px, (int64_t)cols * 4) ||
      !in_bounds(d, py, (int64_t)rows * 4))
    return int_result(env, -1);
  const float* A = (const float*)(d->base + pa);
  const float* x = (const float*)(d->base + px);
  float* y = (float*)(d->base + py);
#ifdef RNN_X86
  if (d->isa == ISA_AVX512) matvec_f32_avx512(A, rows, cols, x, y, accum);
  else matvec_f32_avx2(A, rows, cols, x, y, accum);
#endif
  return int_result(env, 0);
}

static napi_value js_tanh_f32(napi_env env, napi_callback_info info) {
  ARGS(2)
  int32_t p = i32_arg(env, argv[0]), n = i32_arg(env, argv[1]);
  if (n < 0 || !in_bounds(d, p, (int64_t)n * 4)) return int_result(env, -1);
  float* a = (float*)(d->base + p);
#ifdef RNN_X86
  if (d->isa == ISA_AVX512) tanh_f32_avx512(a, n);
  else tanh_f32_avx2(a, n);
#else
  for (int i = 0; i < n; i++) a[i] = tanh1_c(a[i]);
#endif
  return int_result(env, 0);
}

static napi_value js_gemm_tn_block_f64(napi_env env, napi_callback_info info) {
  ARGS(7)
  int32_t oa = i32_arg(env, argv[0]), ob = i32_arg(env, argv[1]), tb = i32_arg(env, argv[2]);
  int32_t ma = i32_arg(env, argv[3]), nb = i32_arg(env, argv[4]), oc = i32_arg(env, argv[5]), sym = i32_arg(env, argv[6]);
  if (tb < 0 || ma < 0 || nb < 0 || !in_bounds(d, oa, (int64_t)ma * tb * 32) || !in_bounds(d, ob, (int64_t)nb * tb * 32) ||
      !in_bounds(d, oc, (int64_t)ma * nb * 128))
    return int_result(env, -1);
#ifdef RNN_X86
  gemm_tn_block(d->isa, (const double*)(d->base + oa), (const double*)(d->base + ob), tb, ma, nb,
                (double*)(d->base + oc), sym);
#endif
  return int_result(env, 0);
}

static napi_value js_cholesky_f64(napi_env env, napi_callback_info info) {
  ARGS(2)
  int32_t oa = i32_arg(env, argv[0]), n = i32_arg(env, argv[1]);
  if (n < 0 || !in_bounds(d, oa, (int64_t)n * n * 8)) return int_result(env, -1);
  return int_result(env, cholesky(d->isa, (double*)(d->base + oa), n));
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  napi_property_descriptor props[] = {
    {"init", NULL, js_init, NULL, NULL, NULL, napi_default, NULL},
    {"matvec_f64", NULL, js_matvec_f64, NULL, NULL, NULL, napi_default, NULL},
    {"matvec_f32", NULL, js_matvec_f32, NULL, NULL, NULL, napi_default, NULL},
    {"tanh_f32", NULL, js_tanh_f32, NULL, NULL, NULL, napi_default, NULL},
    {"gemm_tn_block_f64", NULL, js_gemm_tn_block_f64, NULL, NULL, NULL, napi_default, NULL},
    {"cholesky_f64", NULL, js_cholesky_f64, NULL, NULL, NULL, napi_default, NULL},
    {"tanh_f64", NULL, js_tanh_f64, NULL, NULL, NULL, napi_default, NULL},
    {"lif_step_f64", NULL, js_lif_step_f64, NULL, NULL, NULL, napi_default, NULL},
    {"add_rows_f64", NULL, js_add_rows_f64, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}
