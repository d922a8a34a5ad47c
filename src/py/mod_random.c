/*
 * mod_random.c -- the random module: CPython's Mersenne Twister, exactly.
 *
 * What this file owns
 * -------------------
 * py_module_random and its type random.Random: the generator (MT19937,
 * Matsumoto and Nishimura's), seeding, state, and every method of
 * CPython 3.11's Lib/random.py, so that a seeded program prints the
 * numbers CPython prints.  CPython splits this in two (the C generator
 * _random.Random and the Python class random.Random on top); here one C
 * type does both, and the module's functions are the methods of a hidden
 * instance, `_inst`, bound to it, as in Lib/random.py.
 *
 * What must match CPython bit for bit
 * -----------------------------------
 *  - Seeding: an int seeds with its absolute value cut into 32-bit words,
 *    least significant first (init_by_array); a str, bytes or bytearray
 *    (version 2) with int.from_bytes(b + sha512(b).digest(), 'big'), so
 *    this file has its own SHA-512; None with 624 words from the system's
 *    entropy; any other accepted object (a float) with hash(x) as an
 *    unsigned 64-bit int.
 *  - random(): two outputs, a = y1 >> 5 and b = y2 >> 6, give
 *    (a * 2**26 + b) / 2**53.
 *  - getrandbits(k): 32-bit outputs fill the int from its least
 *    significant word up; the last (most significant) word keeps the top
 *    k mod 32 bits of its output.
 *  - _randbelow(n): k = n.bit_length(), getrandbits(k) until < n.  Every
 *    integer method (randrange, randint, choice, shuffle, sample) goes
 *    through it; choices() and the distributions through random().
 *  - The distributions repeat Lib/random.py's arithmetic in the same
 *    order on doubles (gauss caches its second value in gauss_next);
 *    uniform and triangular use the object protocol, since their
 *    arguments may be ints whose differences must be exact.
 *
 * SystemRandom is a subtype whose random(), getrandbits() and randbytes()
 * read the system's entropy (getrandom(2)); the shared methods reach them
 * as they reach a subclass's overrides.
 *
 * Subclasses: a Python subclass that overrides random(), getrandbits(),
 * seed() or _randbelow() gets them called, as Lib/random.py's
 * __init_subclass__ arranges (the first of _randbelow, getrandbits,
 * random defined along the mro picks how integers are drawn).
 *
 * Invariants
 * ----------
 * MR1. 0 <= index <= MT_N; index == MT_N means the next output first
 *      regenerates the whole state.
 * MR2. gauss_next is NULL (None) or the cached second normal deviate; any
 *      reseed or setstate resets it.
 */
#include "py/py.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

/* ==========================================================================
 * SHA-512 (FIPS 180-4), for seeding with str and bytes
 * ========================================================================== */

/* The first 64 bits of the fractional parts of the cube roots of the
 * first 80 primes. */
static const uint64_t sha512_k[80] = {
    0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL,
    0xe9b5dba58189dbbcULL, 0x3956c25bf348b538ULL, 0x59f111f1b605d019ULL,
    0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL, 0xd807aa98a3030242ULL,
    0x12835b0145706fbeULL, 0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL,
    0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL,
    0xc19bf174cf692694ULL, 0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL,
    0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL, 0x2de92c6f592b0275ULL,
    0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL,
    0x983e5152ee66dfabULL, 0xa831c66d2db43210ULL, 0xb00327c898fb213fULL,
    0xbf597fc7beef0ee4ULL, 0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL,
    0x06ca6351e003826fULL, 0x142929670a0e6e70ULL, 0x27b70a8546d22ffcULL,
    0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL, 0x53380d139d95b3dfULL,
    0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL,
    0x92722c851482353bULL, 0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL,
    0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL, 0xd192e819d6ef5218ULL,
    0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL,
    0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL, 0x2748774cdf8eeb99ULL,
    0x34b0bcb5e19b48a8ULL, 0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL,
    0x5b9cca4f7763e373ULL, 0x682e6ff3d6b2b8a3ULL, 0x748f82ee5defb2fcULL,
    0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
    0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL,
    0xc67178f2e372532bULL, 0xca273eceea26619cULL, 0xd186b8c721c0c207ULL,
    0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL, 0x06f067aa72176fbaULL,
    0x0a637dc5a2c898a6ULL, 0x113f9804bef90daeULL, 0x1b710b35131c471bULL,
    0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL,
    0x431d67c49c100d4cULL, 0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL,
    0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL,
};

#define ROTR64(x, n) (((x) >> (n)) | ((x) << (64 - (n))))

static void
sha512_block(uint64_t h[8], const unsigned char *p)
{
    uint64_t w[80];
    for (int i = 0; i < 16; i++) {
        uint64_t v = 0;
        for (int j = 0; j < 8; j++)
            v = v << 8 | p[i * 8 + j];
        w[i] = v;
    }
    for (int i = 16; i < 80; i++) {
        uint64_t s0 = ROTR64(w[i - 15], 1) ^ ROTR64(w[i - 15], 8)
                      ^ (w[i - 15] >> 7);
        uint64_t s1 = ROTR64(w[i - 2], 19) ^ ROTR64(w[i - 2], 61)
                      ^ (w[i - 2] >> 6);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint64_t a = h[0], b = h[1], c = h[2], d = h[3];
    uint64_t e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 80; i++) {
        uint64_t s1 = ROTR64(e, 14) ^ ROTR64(e, 18) ^ ROTR64(e, 41);
        uint64_t ch = (e & f) ^ (~e & g);
        uint64_t t1 = hh + s1 + ch + sha512_k[i] + w[i];
        uint64_t s0 = ROTR64(a, 28) ^ ROTR64(a, 34) ^ ROTR64(a, 39);
        uint64_t maj = (a & b) ^ (a & c) ^ (b & c);
        uint64_t t2 = s0 + maj;
        hh = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d;
    h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

/* out[0..64) = SHA-512(data[0..n)). */
static void
sha512(const unsigned char *data, size_t n, unsigned char out[64])
{
    /* The first 64 bits of the fractional parts of the square roots of
     * the first 8 primes. */
    uint64_t h[8] = {
        0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL,
        0xa54ff53a5f1d36f1ULL, 0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL,
        0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
    };
    size_t i = 0;
    for (; i + 128 <= n; i += 128)
        sha512_block(h, data + i);
    /* The tail, a 1 bit, zeros, and the length in bits (128 bits). */
    unsigned char last[256];
    size_t rest = n - i;
    memset(last, 0, sizeof last);
    memcpy(last, data + i, rest);
    last[rest] = 0x80;
    size_t blocks = rest + 1 + 16 <= 128 ? 1 : 2;
    uint64_t bits = (uint64_t)n << 3;
    unsigned char *len = last + blocks * 128 - 8;
    for (int j = 0; j < 8; j++)
        len[j] = (unsigned char)(bits >> (56 - 8 * j));
    last[blocks * 128 - 9] = (unsigned char)((uint64_t)n >> 61);
    for (size_t b = 0; b < blocks; b++)
        sha512_block(h, last + b * 128);
    for (int j = 0; j < 8; j++)
        for (int k = 0; k < 8; k++)
            out[j * 8 + k] = (unsigned char)(h[j] >> (56 - 8 * k));
}

/* ==========================================================================
 * The generator
 * ========================================================================== */

#define MT_N 624
#define MT_M 397
#define MT_MATRIX_A 0x9908b0dfU
#define MT_UPPER 0x80000000U
#define MT_LOWER 0x7fffffffU

typedef struct py_random {
    OH_OBJECT_HEAD;
    int index;                          /* MR1 */
    uint32_t state[MT_N];
    oh_object *gauss_next;              /* MR2 */
} py_random;

#define RND(o) ((py_random *)(void *)(o))

static py_static_type py_random_static;
#define RANDOM_TYPE (&py_random_static.t)

/* The next 32-bit output (MR1: regenerate when used up). */
static uint32_t
genrand_u32(py_random *r)
{
    uint32_t *mt = r->state;
    uint32_t y;
    OH_ASSERT(r->index >= 0 && r->index <= MT_N);      /* MR1 */
    if (r->index >= MT_N) {
        int k;
        for (k = 0; k < MT_N - MT_M; k++) {
            y = (mt[k] & MT_UPPER) | (mt[k + 1] & MT_LOWER);
            mt[k] = mt[k + MT_M] ^ (y >> 1) ^ ((y & 1U) ? MT_MATRIX_A : 0U);
        }
        for (; k < MT_N - 1; k++) {
            y = (mt[k] & MT_UPPER) | (mt[k + 1] & MT_LOWER);
            mt[k] = mt[k + MT_M - MT_N] ^ (y >> 1)
                    ^ ((y & 1U) ? MT_MATRIX_A : 0U);
        }
        y = (mt[MT_N - 1] & MT_UPPER) | (mt[0] & MT_LOWER);
        mt[MT_N - 1] = mt[MT_M - 1] ^ (y >> 1)
                       ^ ((y & 1U) ? MT_MATRIX_A : 0U);
        r->index = 0;
    }
    y = mt[r->index++];
    /* Tempering. */
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680U;
    y ^= (y << 15) & 0xefc60000U;
    y ^= y >> 18;
    return y;
}

/* A double in [0, 1) with 53 random bits. */
static double
genrand_double(py_random *r)
{
    uint32_t a = genrand_u32(r) >> 5, b = genrand_u32(r) >> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

static void
init_genrand(py_random *r, uint32_t s)
{
    uint32_t *mt = r->state;
    mt[0] = s;
    for (int i = 1; i < MT_N; i++)
        mt[i] = 1812433253U * (mt[i - 1] ^ (mt[i - 1] >> 30)) + (uint32_t)i;
    r->index = MT_N;
}

static void
init_by_array(py_random *r, const uint32_t *key, size_t len)
{
    uint32_t *mt = r->state;
    init_genrand(r, 19650218U);
    size_t i = 1, j = 0;
    for (size_t k = MT_N > len ? MT_N : len; k > 0; k--) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525U))
                + key[j] + (uint32_t)j;
        i++;
        j++;
        if (i >= MT_N) {
            mt[0] = mt[MT_N - 1];
            i = 1;
        }
        if (j >= len)
            j = 0;
    }
    for (size_t k = MT_N - 1; k > 0; k--) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941U))
                - (uint32_t)i;
        i++;
        if (i >= MT_N) {
            mt[0] = mt[MT_N - 1];
            i = 1;
        }
    }
    mt[0] = 0x80000000U;
}

/* Seed from the system's entropy, or failing that the clocks and pid. */
static void
seed_from_system(py_random *r)
{
    uint32_t key[MT_N];
    size_t got = 0;
    while (got < sizeof key) {
        ssize_t n = getrandom((char *)key + got, sizeof key - got,
                              GRND_NONBLOCK);
        if (n <= 0) {
            if (n < 0 && errno == EINTR)
                continue;
            break;
        }
        got += (size_t)n;
    }
    if (got == sizeof key) {
        init_by_array(r, key, MT_N);
        return;
    }
    struct timespec rt, mono;
    clock_gettime(CLOCK_REALTIME, &rt);
    clock_gettime(CLOCK_MONOTONIC, &mono);
    uint64_t now = (uint64_t)rt.tv_sec * 1000000000u + (uint64_t)rt.tv_nsec;
    uint64_t mn = (uint64_t)mono.tv_sec * 1000000000u
                  + (uint64_t)mono.tv_nsec;
    uint32_t k5[5] = {(uint32_t)now, (uint32_t)(now >> 32),
                      (uint32_t)getpid(), (uint32_t)mn,
                      (uint32_t)(mn >> 32)};
    init_by_array(r, k5, 5);
}

/* Seed with a non-negative int n: its 32-bit words, least significant
 * first.  0 or -1. */
static int
seed_from_int(py_random *r, oh_object *n)
{
    int64_t bits = oh_int_bit_length(n);
    if (bits < 0)
        return -1;
    size_t words = bits == 0 ? 1 : (size_t)(bits - 1) / 32 + 1;
    oh_object *b = oh_int_to_bytes(n, words * 4, 1, 0);
    if (b == NULL)
        return -1;
    const unsigned char *p = oh_bytes_data(b);
    uint32_t small[8];
    uint32_t *key = words <= 8 ? small : oh_malloc(words * sizeof *key);
    if (key == NULL) {
        oh_decref(b);
        py_err_no_memory();
        return -1;
    }
    for (size_t i = 0; i < words; i++)
        key[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8
                 | (uint32_t)p[4 * i + 2] << 16
                 | (uint32_t)p[4 * i + 3] << 24;
    init_by_array(r, key, words);
    if (key != small)
        oh_free(key);
    oh_decref(b);
    return 0;
}

/* getrandbits(k) as an int object (k >= 0). */
static oh_object *
genrand_bits(py_random *r, int64_t k)
{
    if (k == 0)
        return oh_int_from_i64(0);
    if (k <= 32)
        return oh_int_from_i64(genrand_u32(r) >> (32 - k));
    if (k <= 64) {
        uint64_t lo = genrand_u32(r);
        uint64_t hi = genrand_u32(r) >> (64 - k);
        return oh_int_from_u64(lo | hi << 32);
    }
    size_t words = (size_t)(k - 1) / 32 + 1;
    unsigned char *buf = oh_malloc(words * 4);
    if (buf == NULL)
        return py_err_no_memory();
    for (size_t i = 0; i < words; i++, k -= 32) {
        uint32_t w = genrand_u32(r);
        if (k < 32)
            w >>= 32 - k;
        buf[4 * i] = (unsigned char)w;
        buf[4 * i + 1] = (unsigned char)(w >> 8);
        buf[4 * i + 2] = (unsigned char)(w >> 16);
        buf[4 * i + 3] = (unsigned char)(w >> 24);
    }
    oh_object *res = oh_int_from_bytes(buf, words * 4, 1, 0);
    oh_free(buf);
    return res;
}

/* ==========================================================================
 * Reaching a subclass's overrides
 * ========================================================================== */

/* Is type(self)'s attribute `name` Random's own (not overridden)? */
static bool
own_method(oh_object *self, const char *name)
{
    py_type *t = PY_TYPE(self);
    if (t == RANDOM_TYPE)
        return true;
    oh_object *key = py_static_str(name);
    if (key == NULL) {
        py_err_clear();
        return true;
    }
    return py_type_lookup(t, key) == py_type_lookup(RANDOM_TYPE, key);
}

/* self.random() as a double. */
static int
draw_double(oh_object *self, double *out)
{
    if (own_method(self, "random")) {
        *out = genrand_double(RND(self));
        return 0;
    }
    oh_object *v = py_call_method(self, py_static_str("random"), NULL, 0);
    if (v == NULL)
        return -1;
    int r = 0;
    if (v->type == &oh_float_type)
        oh_float_as_double(v, out);
    else {
        oh_object *f = py_number_float(v);
        r = f ? oh_float_as_double(f, out) : -1;
        oh_xdecref(f);
    }
    oh_decref(v);
    return r;
}

/* How a subclass draws integers below n (Lib/random.py's
 * __init_subclass__): the first class along the mro that defines
 * _randbelow, getrandbits or random decides. */
typedef enum { BELOW_OWN, BELOW_CALL, BELOW_GETRANDBITS, BELOW_RANDOM }
    below_how;

static below_how
below_strategy(oh_object *self)
{
    py_type *t = PY_TYPE(self);
    if (t == RANDOM_TYPE)
        return BELOW_OWN;
    oh_object *mro = t->mro;
    for (int64_t i = 0; i < OHI_TUPLE_SIZE(mro); i++) {
        py_type *c = (py_type *)(void *)OHI_TUPLE(mro)->items[i];
        if (c == RANDOM_TYPE)
            return BELOW_OWN;
        oh_object *d = c->dict;
        if (d == NULL)
            continue;
        if (oh_dict_contains(d, py_static_str("_randbelow")) > 0)
            return BELOW_CALL;
        if (oh_dict_contains(d, py_static_str("getrandbits")) > 0)
            return BELOW_GETRANDBITS;
        if (oh_dict_contains(d, py_static_str("random")) > 0)
            return BELOW_RANDOM;
    }
    return BELOW_OWN;
}

/* A random int in [0, n), n > 0 an int. */
static oh_object *
randbelow(oh_object *self, oh_object *n)
{
    below_how how = below_strategy(self);
    if (how == BELOW_CALL)
        return py_call_method(self, py_static_str("_randbelow"), &n, 1);
    int64_t k = oh_int_bit_length(n);
    if (k < 0)
        return NULL;
    if (how == BELOW_OWN) {
        int64_t nv;
        py_random *r = RND(self);
        if (k <= 63 && oh_int_as_i64(n, &nv) == 0) {
            /* The same draws as getrandbits(k), without objects. */
            uint64_t v;
            do {
                if (k <= 32)
                    v = genrand_u32(r) >> (32 - k);
                else {
                    uint64_t lo = genrand_u32(r);
                    v = lo | (uint64_t)(genrand_u32(r) >> (64 - k)) << 32;
                }
            } while (v >= (uint64_t)nv);
            return oh_int_from_u64(v);
        }
        for (;;) {
            oh_object *v = genrand_bits(r, k);
            if (v == NULL)
                return NULL;
            int c = 0;
            oh_int_compare(v, n, &c);
            if (c < 0)
                return v;
            oh_decref(v);
        }
    }
    if (how == BELOW_GETRANDBITS) {
        oh_object *ko = oh_int_from_i64(k);
        if (ko == NULL)
            return NULL;
        for (;;) {
            oh_object *v = py_call_method(self, py_static_str("getrandbits"),
                                          &ko, 1);
            if (v == NULL)
                break;
            int c = py_compare_bool(v, n, PY_CMP_LT);
            if (c != 0) {
                oh_decref(ko);
                if (c < 0) {
                    oh_decref(v);
                    return NULL;
                }
                return v;
            }
            oh_decref(v);
        }
        oh_decref(ko);
        return NULL;
    }
    /* Only random(): floor(r * 2**53) % n, rejecting the biased top. */
    double maxsize = 9007199254740992.0, nd;
    if (oh_int_as_double(n, &nd) < 0)
        return NULL;
    double x;
    if (nd >= maxsize) {
        if (draw_double(self, &x) < 0)
            return NULL;
        return oh_int_from_double(floor(x * nd));
    }
    uint64_t nn = (uint64_t)nd;
    uint64_t rem = (uint64_t)maxsize % nn;
    double limit = (maxsize - (double)rem) / maxsize;
    do {
        if (draw_double(self, &x) < 0)
            return NULL;
    } while (x >= limit);
    return oh_int_from_u64((uint64_t)floor(x * maxsize) % nn);
}

/* randbelow for a C count. */
static int
randbelow_i64(oh_object *self, int64_t n, int64_t *out)
{
    if (PY_TYPE(self) == RANDOM_TYPE) {
        int k = 0;
        while (k < 63 && ((int64_t)1 << k) <= n)
            k++;
        py_random *r = RND(self);
        uint64_t v;
        do {
            if (k <= 32)
                v = genrand_u32(r) >> (32 - k);
            else {
                uint64_t lo = genrand_u32(r);
                v = lo | (uint64_t)(genrand_u32(r) >> (64 - k)) << 32;
            }
        } while (v >= (uint64_t)n);
        *out = (int64_t)v;
        return 0;
    }
    oh_object *no = oh_int_from_i64(n);
    oh_object *v = no ? randbelow(self, no) : NULL;
    oh_xdecref(no);
    if (v == NULL)
        return -1;
    int r = oh_int_as_i64(v, out);
    oh_decref(v);
    return r;
}

/* ==========================================================================
 * Helpers: numbers
 * ========================================================================== */

static oh_object *
none(void)
{
    oh_incref(OH_NONE);
    return OH_NONE;
}

static int
to_double(oh_object *o, double *out)
{
    if (o->type == &oh_float_type)
        return oh_float_as_double(o, out);
    if (OHI_ANYINT_CHECK(o))
        return oh_int_as_double(o, out);
    oh_object *f = py_number_float(o);
    if (f == NULL)
        return -1;
    int r = oh_float_as_double(f, out);
    oh_decref(f);
    return r;
}

/* Python's float division: ZeroDivisionError for 0. */
static int
float_div(double a, double b, double *out)
{
    if (b == 0.0) {
        py_err_set_string(PY_EXC(ZeroDivisionError),
                          "float division by zero");
        return -1;
    }
    *out = a / b;
    return 0;
}

/* Python's float %: the result takes the divisor's sign. */
static double
fmod_py(double a, double b)
{
    double m = fmod(a, b);
    if (m != 0.0) {
        if ((b < 0) != (m < 0))
            m += b;
    }
    else
        m = copysign(0.0, b);
    return m;
}

/* Python's float ** for positive finite operands, and math's errors for
 * the rest (the distributions only reach those with bad arguments). */
static int
fpow(double a, double b, double *out)
{
    if (a == 0.0 && b < 0.0) {
        py_err_set_string(PY_EXC(ZeroDivisionError), "0.0 cannot be raised "
                          "to a negative power");
        return -1;
    }
    errno = 0;
    double r = pow(a, b);
    if (isinf(r) && isfinite(a) && isfinite(b)) {
        py_err_set_string(PY_EXC(OverflowError), "(34, 'Numerical result "
                          "out of range')");
        return -1;
    }
    *out = r;
    return 0;
}

static int
mlog(double x, double *out)
{
    if (x <= 0.0 || isnan(x)) {
        if (isnan(x)) {
            *out = x;
            return 0;
        }
        py_err_set_string(PY_EXC(ValueError), "math domain error");
        return -1;
    }
    *out = log(x);
    return 0;
}

/* The index of a randrange argument (Lib/random.py: operator.index, or an
 * integral float with a deprecation).  `what` words the ValueError. */
static oh_object *
range_arg(oh_object *o, const char *what)
{
    if (OHI_ANYINT_CHECK(o)) {
        oh_incref(o);
        return o;
    }
    oh_object *i = py_index(o);
    if (i != NULL || !py_err_matches(PY_EXC(TypeError)))
        return i;
    py_err_clear();
    i = py_number_int(o);
    if (i == NULL)
        return NULL;
    int eq = py_compare_bool(i, o, PY_CMP_EQ);
    if (eq <= 0) {
        oh_decref(i);
        if (eq == 0)
            py_err_format(PY_EXC(ValueError), "%s", what);
        return NULL;
    }
    return i;
}

/* ==========================================================================
 * Random: creation, seeding, state
 * ========================================================================== */

static int
random_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(RND(o)->gauss_next);
    return 0;
}

static void
random_clear(oh_object *o)
{
    OH_CLEAR(RND(o)->gauss_next);
}

static void
random_dealloc(oh_object *o)
{
    OH_CLEAR(RND(o)->gauss_next);
    ohi_object_free(o);
}

/* Random.seed(a=None, version=2) for any a, after Lib/random.py. */
static int
do_seed(oh_object *self, oh_object *a, oh_object *version)
{
    py_random *r = RND(self);
    int64_t ver = 2;
    if (version != NULL && py_index_i64(version, &ver) < 0)
        return -1;
    OH_CLEAR(r->gauss_next);                            /* MR2 */
    if (a == NULL || a == OH_NONE) {
        seed_from_system(r);
        return 0;
    }
    bool is_str = OHI_TYPE_KIND(a->type) == OHI_KIND_STR;
    bool is_bytes = OHI_TYPE_KIND(a->type) == OHI_KIND_BYTES;
    bool is_bytearray = py_is_instance(a, PY_T(bytearray));
    if (ver == 1 && (is_str || is_bytes)) {
        /* The old string hash: over the code points (bytes decoded as
         * latin-1: one code point per byte). */
        int64_t n = is_str ? oh_str_length(a) : oh_bytes_size(a);
        const unsigned char *bp = is_bytes ? oh_bytes_data(a) : NULL;
        uint64_t x = 0;
        for (int64_t i = 0; i < n; i++) {
            uint64_t c = bp ? bp[i] : py_str_char_at(a, i);
            if (i == 0)
                x = c << 7;
            x = (1000003ULL * x) ^ c;
        }
        x ^= (uint64_t)n;
        oh_object *v = oh_int_from_u64(x);
        int rc = v ? seed_from_int(r, v) : -1;
        oh_xdecref(v);
        return rc;
    }
    if (ver == 2 && (is_str || is_bytes || is_bytearray)) {
        const unsigned char *data;
        size_t n;
        if (is_str) {
            data = (const unsigned char *)oh_str_utf8(a, &n);
        }
        else if (py_buffer_view(a, &data, &n) < 0)
            return -1;
        unsigned char *buf = oh_malloc(n + 64);
        if (buf == NULL) {
            py_err_no_memory();
            return -1;
        }
        memcpy(buf, data, n);
        sha512(data, n, buf + n);
        oh_object *v = oh_int_from_bytes(buf, n + 64, 0, 0);
        oh_free(buf);
        int rc = v ? seed_from_int(r, v) : -1;
        oh_xdecref(v);
        return rc;
    }
    if (OHI_ANYINT_CHECK(a)) {
        oh_object *v = oh_int_abs(a);
        int rc = v ? seed_from_int(r, v) : -1;
        oh_xdecref(v);
        return rc;
    }
    if (!(is_str || is_bytes || is_bytearray
          || OHI_TYPE_KIND(a->type) == OHI_KIND_FLOAT)) {
        py_err_set_string(PY_EXC(TypeError), "The only supported seed "
                          "types are: None,\nint, float, str, bytes, and "
                          "bytearray.");
        return -1;
    }
    oh_hash_t h = py_hash(a);
    if (h == -1 && py_err_occurred())
        return -1;
    oh_object *v = oh_int_from_u64((uint64_t)h);
    int rc = v ? seed_from_int(r, v) : -1;
    oh_xdecref(v);
    return rc;
}

static oh_object *
random_m_seed(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    static const char *const kw[] = {"a", "version", NULL};
    static const py_argspec spec = {"seed", kw, 0, 2, 0};
    oh_object *a[2];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    if (do_seed(self, a[0], a[1]) < 0)
        return NULL;
    return none();
}

static oh_object *
random_new(py_type *type, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    if (type == RANDOM_TYPE && py_no_kwargs("Random", kwnames) < 0)
        return NULL;
    if (nargs > 1)
        return py_err_set_string(PY_EXC(TypeError),
                                 "Random() requires 0 or 1 argument");
    oh_object *o = py_alloc_instance(type, 0);
    if (o != NULL)
        RND(o)->index = MT_N;           /* MR1; seeded by __init__ */
    return o;
}

/* __init__(x=None): self.seed(x), which a subclass may override. */
static int
random_init(oh_object *self, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    if (PY_TYPE(self) == RANDOM_TYPE
        && py_no_kwargs("Random", kwnames) < 0)
        return -1;
    if (nargs > 1) {
        py_err_set_string(PY_EXC(TypeError),
                          "Random() requires 0 or 1 argument");
        return -1;
    }
    oh_object *x = nargs ? args[0] : OH_NONE;
    if (own_method(self, "seed"))
        return do_seed(self, x, NULL);
    oh_object *r = py_call_method(self, py_static_str("seed"), &x, 1);
    if (r == NULL)
        return -1;
    oh_decref(r);
    OH_CLEAR(RND(self)->gauss_next);
    return 0;
}

/* getstate(): (3, (624 words..., index), gauss_next) */
static oh_object *
random_m_getstate(oh_object *self, oh_object *const *args, size_t nargs,
                  oh_object *kwnames)
{
    if (py_check_args("getstate", nargs, kwnames, 0, 0) < 0)
        return NULL;
    py_random *r = RND(self);
    oh_object *inner = ohi_tuple_alloc(MT_N + 1);
    if (inner == NULL)
        return NULL;
    for (int i = 0; i < MT_N; i++)
        OHI_TUPLE(inner)->items[i] = oh_int_from_i64(r->state[i]);
    OHI_TUPLE(inner)->items[MT_N] = oh_int_from_i64(r->index);
    for (int i = 0; i <= MT_N; i++)
        if (OHI_TUPLE(inner)->items[i] == NULL) {
            for (int j = 0; j <= MT_N; j++)
                if (OHI_TUPLE(inner)->items[j] == NULL)
                    OHI_TUPLE(inner)->items[j] = oh_int_from_i64(0);
            oh_decref(inner);
            return NULL;
        }
    oh_object *ver = oh_int_from_i64(3);
    oh_object *gn = r->gauss_next ? r->gauss_next : OH_NONE;
    oh_object *t = oh_tuple_pack(3, ver, inner, gn);
    oh_decref(inner);
    return t;
}

/* The generator's own state tuple (624 words and the index). */
static int
set_internal(py_random *r, oh_object *state, bool mod32)
{
    if (!oh_tuple_check(state)) {
        py_err_set_string(PY_EXC(TypeError), "state vector must be a "
                          "tuple");
        return -1;
    }
    if (OHI_TUPLE_SIZE(state) != MT_N + 1) {
        py_err_set_string(PY_EXC(ValueError), "state vector is the wrong "
                          "size");
        return -1;
    }
    uint32_t ns[MT_N];
    for (int i = 0; i < MT_N; i++) {
        oh_object *e = OHI_TUPLE(state)->items[i];
        if (!OHI_ANYINT_CHECK(e)) {
            py_err_format(PY_EXC(TypeError), "'%T' object cannot be "
                          "interpreted as an integer", e);
            return -1;
        }
        oh_object *m = NULL;
        if (mod32) {
            oh_object *two32 = oh_int_from_i64((int64_t)1 << 32);
            m = two32 ? oh_int_mod(e, two32) : NULL;
            oh_xdecref(two32);
            if (m == NULL)
                return -1;
            e = m;
        }
        int s = 0;
        oh_int_sign(e, &s);
        int64_t v;
        if (s < 0) {
            oh_xdecref(m);
            py_err_set_string(PY_EXC(OverflowError), "can't convert "
                              "negative value to unsigned int");
            return -1;
        }
        if (oh_int_as_i64(e, &v) < 0 || v > (int64_t)UINT32_MAX) {
            oh_xdecref(m);
            py_err_clear();
            py_err_set_string(PY_EXC(OverflowError), "Python int too large "
                              "to convert to C unsigned long");
            return -1;
        }
        oh_xdecref(m);
        ns[i] = (uint32_t)v;
    }
    int64_t index;
    if (py_index_i64(OHI_TUPLE(state)->items[MT_N], &index) < 0)
        return -1;
    if (index < 0 || index > MT_N) {
        py_err_set_string(PY_EXC(ValueError), "invalid state");
        return -1;
    }
    r->index = (int)index;
    memcpy(r->state, ns, sizeof ns);
    return 0;
}

static oh_object *
random_m_setstate(oh_object *self, oh_object *const *args, size_t nargs,
                  oh_object *kwnames)
{
    if (py_check_args("setstate", nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_object *state = args[0];
    oh_object *zero = oh_int_from_i64(0);
    oh_object *version = py_getitem(state, zero);
    if (version == NULL)
        return NULL;
    int64_t v = 0;
    int is_int = OHI_ANYINT_CHECK(version)
                 && oh_int_as_i64(version, &v) == 0;
    if (!is_int)
        py_err_clear();
    if (!is_int || (v != 3 && v != 2)) {
        py_err_format(PY_EXC(ValueError), "state with version %R passed to "
                      "Random.setstate() of version 3", version);
        oh_decref(version);
        return NULL;
    }
    oh_decref(version);
    oh_object *t = py_sequence_tuple(state);
    if (t == NULL)
        return NULL;
    if (OHI_TUPLE_SIZE(t) != 3) {
        py_err_format(PY_EXC(ValueError), "too many values to unpack "
                      "(expected 3)");
        oh_decref(t);
        return NULL;
    }
    py_random *r = RND(self);
    if (set_internal(r, OHI_TUPLE(t)->items[1], v == 2) < 0) {
        oh_decref(t);
        return NULL;
    }
    oh_object *gn = OHI_TUPLE(t)->items[2];
    OH_CLEAR(r->gauss_next);
    if (gn != OH_NONE) {
        oh_incref(gn);
        r->gauss_next = gn;
    }
    oh_decref(t);
    return none();
}

static oh_object *
random_get_gauss_next(oh_object *self)
{
    oh_object *g = RND(self)->gauss_next ? RND(self)->gauss_next : OH_NONE;
    oh_incref(g);
    return g;
}

static int
random_set_gauss_next(oh_object *self, oh_object *value)
{
    OH_CLEAR(RND(self)->gauss_next);
    if (value != NULL && value != OH_NONE) {
        oh_incref(value);
        RND(self)->gauss_next = value;
    }
    return 0;
}

/* ==========================================================================
 * Random: the basic draws
 * ========================================================================== */

static oh_object *
random_m_random(oh_object *self, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    if (OH_UNLIKELY(nargs != 0 || kwnames != NULL)
        && py_check_args("random", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return oh_float_from_double(genrand_double(RND(self)));
}

static oh_object *
random_m_getrandbits(oh_object *self, oh_object *const *args, size_t nargs,
                     oh_object *kwnames)
{
    if (py_check_args("getrandbits", nargs, kwnames, 1, 1) < 0)
        return NULL;
    int64_t k;
    if (py_index_i64(args[0], &k) < 0)
        return NULL;
    if (k < 0)
        return py_err_set_string(PY_EXC(ValueError), "number of bits must "
                                 "be non-negative");
    if (k > INT32_MAX)
        return py_err_set_string(PY_EXC(OverflowError), "Python int too "
                                 "large to convert to C int");
    return genrand_bits(RND(self), k);
}

static oh_object *
random_m_randbelow(oh_object *self, oh_object *const *args, size_t nargs,
                   oh_object *kwnames)
{
    if (py_check_args("_randbelow", nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_object *n = py_index(args[0]);
    if (n == NULL)
        return NULL;
    int64_t k = oh_int_bit_length(n);
    oh_object *r = NULL;
    if (k >= 0) {
        /* The method itself is always getrandbits' way. */
        for (;;) {
            oh_object *v = genrand_bits(RND(self), k);
            if (v == NULL)
                break;
            int c = 0;
            oh_int_compare(v, n, &c);
            if (c < 0) {
                r = v;
                break;
            }
            oh_decref(v);
        }
    }
    oh_decref(n);
    return r;
}

static oh_object *
random_m_randbytes(oh_object *self, oh_object *const *args, size_t nargs,
                   oh_object *kwnames)
{
    if (py_check_args("randbytes", nargs, kwnames, 1, 1) < 0)
        return NULL;
    int64_t n;
    if (py_index_i64(args[0], &n) < 0)
        return NULL;
    if (n < 0)
        return py_err_set_string(PY_EXC(ValueError), "negative argument "
                                 "not allowed");
    oh_object *bits = genrand_bits(RND(self), n * 8);
    if (bits == NULL)
        return NULL;
    oh_object *b = oh_int_to_bytes(bits, (size_t)n, 1, 0);
    oh_decref(bits);
    return b;
}

/* randrange(start, stop=None, step=1) */
static oh_object *
random_m_randrange(oh_object *self, oh_object *const *args, size_t nargs,
                   oh_object *kwnames)
{
    static const char *const kw[] = {"start", "stop", "step", NULL};
    static const py_argspec spec = {"randrange", kw, 1, 3, 0};
    oh_object *a[3];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    oh_object *istart = range_arg(a[0], "non-integer arg 1 for "
                                        "randrange()");
    if (istart == NULL)
        return NULL;
    oh_object *res = NULL, *istop = NULL, *istep = NULL, *width = NULL;
    if (a[1] == NULL || a[1] == OH_NONE) {
        if (a[2] != NULL && !(OHI_INT_CHECK(a[2]) && a[2]->type
                              == &oh_int_type && OHI_INT_VALUE(a[2]) == 1)) {
            py_err_set_string(PY_EXC(TypeError), "Missing a non-None stop "
                              "argument");
            goto done;
        }
        int s = 0;
        oh_int_sign(istart, &s);
        if (s > 0)
            res = randbelow(self, istart);
        else
            py_err_set_string(PY_EXC(ValueError), "empty range for "
                              "randrange()");
        goto done;
    }
    istop = range_arg(a[1], "non-integer stop for randrange()");
    if (istop == NULL)
        goto done;
    width = oh_int_sub(istop, istart);
    if (width == NULL)
        goto done;
    if (a[2] == NULL) {
        istep = oh_int_from_i64(1);
    }
    else if ((istep = range_arg(a[2], "non-integer step for "
                                      "randrange()")) == NULL)
        goto done;
    int64_t step1;
    if (oh_int_as_i64(istep, &step1) == 0 && step1 == 1) {
        int s = 0;
        oh_int_sign(width, &s);
        if (s > 0) {
            oh_object *k = randbelow(self, width);
            res = k ? oh_int_add(istart, k) : NULL;
            oh_xdecref(k);
        }
        else
            py_err_format(PY_EXC(ValueError), "empty range for randrange() "
                          "(%S, %S, %S)", istart, istop, width);
        goto done;
    }
    py_err_clear();
    int ss = 0;
    oh_int_sign(istep, &ss);
    if (ss == 0) {
        py_err_set_string(PY_EXC(ValueError), "zero step for randrange()");
        goto done;
    }
    /* n = (width + step -+ 1) // step */
    oh_object *adj = oh_int_from_i64(ss > 0 ? -1 : 1);
    oh_object *t1 = oh_int_add(width, istep);
    oh_object *t2 = t1 ? oh_int_add(t1, adj) : NULL;
    oh_object *n = t2 ? oh_int_floordiv(t2, istep) : NULL;
    oh_xdecref(t1);
    oh_xdecref(t2);
    oh_decref(adj);
    if (n == NULL)
        goto done;
    int ns = 0;
    oh_int_sign(n, &ns);
    if (ns <= 0) {
        oh_decref(n);
        py_err_set_string(PY_EXC(ValueError), "empty range for "
                          "randrange()");
        goto done;
    }
    oh_object *k = randbelow(self, n);
    oh_decref(n);
    oh_object *off = k ? oh_int_mul(istep, k) : NULL;
    res = off ? oh_int_add(istart, off) : NULL;
    oh_xdecref(k);
    oh_xdecref(off);
done:
    oh_decref(istart);
    oh_xdecref(istop);
    oh_xdecref(istep);
    oh_xdecref(width);
    return res;
}

static oh_object *
random_m_randint(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    static const char *const kw[] = {"a", "b", NULL};
    static const py_argspec spec = {"randint", kw, 2, 2, 0};
    oh_object *a[2];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    /* Fast path: two small ints, the common case. */
    if (PY_TYPE(self) == RANDOM_TYPE && OHI_INT_CHECK(a[0])
        && OHI_INT_CHECK(a[1]) && a[0]->type == &oh_int_type
        && a[1]->type == &oh_int_type) {
        int64_t lo = OHI_INT_VALUE(a[0]), hi = OHI_INT_VALUE(a[1]);
        if (hi >= lo && hi - lo < INT64_MAX && lo > INT64_MIN / 2
            && hi < INT64_MAX / 2) {
            int64_t k;
            if (randbelow_i64(self, hi - lo + 1, &k) < 0)
                return NULL;
            return oh_int_from_i64(lo + k);
        }
    }
    oh_object *one = oh_int_from_i64(1);
    oh_object *b1 = py_binary_op(a[1], one, PY_OP_ADD);
    if (b1 == NULL)
        return NULL;
    oh_object *call[2] = {a[0], b1};
    oh_object *r = random_m_randrange(self, call, 2, NULL);
    oh_decref(b1);
    return r;
}

/* choice(seq) */
static oh_object *
random_m_choice(oh_object *self, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    if (py_check_args("choice", nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_object *seq = args[0];
    int64_t n = py_len(seq);
    if (n < 0)
        return NULL;
    if (n == 0)
        return py_err_set_string(PY_EXC(IndexError), "Cannot choose from "
                                 "an empty sequence");
    int64_t i;
    if (randbelow_i64(self, n, &i) < 0)
        return NULL;
    if (seq->type == &oh_list_type) {
        oh_object *o = OHI_LIST(seq)->items[i];
        oh_incref(o);
        return o;
    }
    if (seq->type == &oh_tuple_type) {
        oh_object *o = OHI_TUPLE(seq)->items[i];
        oh_incref(o);
        return o;
    }
    oh_object *io = oh_int_from_i64(i);
    if (io == NULL)
        return NULL;
    oh_object *r = py_getitem(seq, io);
    oh_decref(io);
    return r;
}

/* shuffle(x): Fisher-Yates from the end, as Lib/random.py. */
static oh_object *
random_m_shuffle(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    if (py_check_args("shuffle", nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_object *x = args[0];
    int64_t n = py_len(x);
    if (n < 0)
        return NULL;
    for (int64_t i = n - 1; i >= 1; i--) {
        int64_t j;
        if (randbelow_i64(self, i + 1, &j) < 0)
            return NULL;
        if (x->type == &oh_list_type && OHI_LIST(x)->size == n) {
            oh_object **it = OHI_LIST(x)->items;
            oh_object *t = it[i];
            it[i] = it[j];
            it[j] = t;
            continue;
        }
        oh_object *io = oh_int_from_i64(i), *jo = oh_int_from_i64(j);
        oh_object *xi = io ? py_getitem(x, io) : NULL;
        oh_object *xj = (xi && jo) ? py_getitem(x, jo) : NULL;
        int rc = (xj && py_setitem(x, io, xj) == 0
                  && py_setitem(x, jo, xi) == 0) ? 0 : -1;
        oh_xdecref(xi);
        oh_xdecref(xj);
        oh_xdecref(io);
        oh_xdecref(jo);
        if (rc < 0)
            return NULL;
    }
    return none();
}

/* bisect.bisect_right(a, x, lo, hi) over a list. */
static int64_t
bisect_right(oh_object *a, oh_object *x, int64_t lo, int64_t hi)
{
    while (lo < hi) {
        int64_t mid = (lo + hi) / 2;
        int c = py_compare_bool(x, OHI_LIST(a)->items[mid], PY_CMP_LT);
        if (c < 0)
            return -1;
        if (c)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* list(itertools.accumulate(iterable)) */
static oh_object *
accumulate_list(oh_object *iterable)
{
    oh_object *it = py_iter(iterable);
    if (it == NULL)
        return NULL;
    oh_object *out = oh_list_new();
    oh_object *total = NULL, *item;
    while (out != NULL && (item = py_iter_next(it)) != NULL) {
        if (total == NULL)
            total = item;
        else {
            oh_object *t = py_binary_op(total, item, PY_OP_ADD);
            oh_decref(item);
            oh_decref(total);
            total = t;
            if (t == NULL)
                break;
        }
        if (oh_list_append(out, total) < 0)
            break;
    }
    oh_xdecref(total);
    oh_decref(it);
    if (py_err_occurred()) {
        oh_xdecref(out);
        return NULL;
    }
    return out;
}

static oh_object *random_m_sample(oh_object *self, oh_object *const *args,
                                  size_t nargs, oh_object *kwnames);

/* sample(population, k, *, counts=None) with counts: a sample of
 * range(total), mapped back through the cumulative counts. */
static oh_object *
sample_counts(oh_object *self, oh_object *population, int64_t n,
              oh_object *k, oh_object *counts)
{
    oh_object *cum = accumulate_list(counts);
    if (cum == NULL)
        return NULL;
    oh_object *res = NULL, *rng = NULL, *sel = NULL;
    if (OHI_LIST(cum)->size != n) {
        py_err_set_string(PY_EXC(ValueError), "The number of counts does "
                          "not match the population");
        goto done;
    }
    oh_object *total = oh_list_pop(cum, -1);
    if (total == NULL) {
        py_err_clear();
        py_err_set_string(PY_EXC(IndexError), "pop from empty list");
        goto done;
    }
    if (!OHI_ANYINT_CHECK(total)) {
        oh_decref(total);
        py_err_set_string(PY_EXC(TypeError), "Counts must be integers");
        goto done;
    }
    int s = 0;
    oh_int_sign(total, &s);
    if (s <= 0) {
        oh_decref(total);
        py_err_set_string(PY_EXC(ValueError), "Total of counts must be "
                          "greater than zero");
        goto done;
    }
    rng = py_call1(&PY_T(range)->ob_base, total);
    oh_decref(total);
    if (rng == NULL)
        goto done;
    oh_object *sargs[2] = {rng, k};
    sel = random_m_sample(self, sargs, 2, NULL);
    if (sel == NULL)
        goto done;
    res = oh_list_new();
    for (int64_t i = 0; res && i < OHI_LIST(sel)->size; i++) {
        int64_t j = bisect_right(cum, OHI_LIST(sel)->items[i], 0,
                                 OHI_LIST(cum)->size);
        oh_object *jo = j >= 0 ? oh_int_from_i64(j) : NULL;
        oh_object *item = jo ? py_getitem(population, jo) : NULL;
        oh_xdecref(jo);
        if (item == NULL || oh_list_append(res, item) < 0) {
            oh_xdecref(item);
            OH_CLEAR(res);
            break;
        }
        oh_decref(item);
    }
done:
    oh_decref(cum);
    oh_xdecref(rng);
    oh_xdecref(sel);
    return res;
}

static oh_object *
random_m_sample(oh_object *self, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    static const char *const kw[] = {"population", "k", "counts", NULL};
    static const py_argspec spec = {"sample", kw, 2, 2, 0};
    oh_object *a[3];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    oh_object *pop = a[0];
    unsigned kind = OHI_TYPE_KIND(pop->type);
    py_type *pt = PY_TYPE(pop);
    if (kind == OHI_KIND_DICT || kind == OHI_KIND_SET
        || kind == OHI_KIND_FROZENSET || pt->mp_subscript == NULL
        || pt->mp_length == NULL)
        return py_err_set_string(PY_EXC(TypeError), "Population must be a "
                                 "sequence.  For dicts or sets, use "
                                 "sorted(d).");
    int64_t n = py_len(pop);
    if (n < 0)
        return NULL;
    if (a[2] != NULL && a[2] != OH_NONE)
        return sample_counts(self, pop, n, a[1], a[2]);
    int64_t k;
    if (py_index_i64(a[1], &k) < 0)
        return NULL;
    if (k < 0 || k > n)
        return py_err_set_string(PY_EXC(ValueError), "Sample larger than "
                                 "population or is negative");
    oh_object *result = oh_list_new();
    if (result == NULL)
        return NULL;
    /* Lib/random.py's choice between a pool (small populations) and a
     * set of chosen indices (large ones): the same draws either way. */
    int64_t setsize = 21;
    if (k > 5)
        setsize += (int64_t)pow(4.0, ceil(log((double)(k * 3))
                                          / log(4.0)));
    if (n <= setsize) {
        oh_object *pool = py_sequence_list(pop);
        if (pool == NULL)
            goto fail;
        for (int64_t i = 0; i < k; i++) {
            int64_t j;
            if (randbelow_i64(self, n - i, &j) < 0) {
                oh_decref(pool);
                goto fail;
            }
            oh_object **p = OHI_LIST(pool)->items;
            if (oh_list_append(result, p[j]) < 0) {
                oh_decref(pool);
                goto fail;
            }
            /* Move the last unselected item into the hole. */
            oh_object *t = p[j];
            p[j] = p[n - i - 1];
            p[n - i - 1] = t;
        }
        oh_decref(pool);
        return result;
    }
    oh_object *selected = oh_set_new();
    if (selected == NULL)
        goto fail;
    for (int64_t i = 0; i < k; i++) {
        int64_t j;
        oh_object *jo = NULL;
        for (;;) {
            if (randbelow_i64(self, n, &j) < 0)
                goto fail_set;
            jo = oh_int_from_i64(j);
            if (jo == NULL)
                goto fail_set;
            int in = oh_set_contains(selected, jo);
            if (in == 0)
                break;
            oh_decref(jo);
            if (in < 0)
                goto fail_set;
        }
        oh_object *item = NULL;
        if (oh_set_add(selected, jo) == 0)
            item = py_getitem(pop, jo);
        oh_decref(jo);
        if (item == NULL || oh_list_append(result, item) < 0) {
            oh_xdecref(item);
            goto fail_set;
        }
        oh_decref(item);
    }
    oh_decref(selected);
    return result;
fail_set:
    oh_decref(selected);
fail:
    oh_decref(result);
    return NULL;
}

/* choices(population, weights=None, *, cum_weights=None, k=1) */
static oh_object *
random_m_choices(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    static const char *const kw[] = {"population", "weights", "cum_weights",
                                     "k", NULL};
    static const py_argspec spec = {"choices", kw, 1, 2, 0};
    oh_object *a[4];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    oh_object *pop = a[0];
    oh_object *weights = a[1] == OH_NONE ? NULL : a[1];
    oh_object *cum = a[2] == OH_NONE ? NULL : a[2];
    int64_t n = py_len(pop);
    if (n < 0)
        return NULL;
    int64_t k = 1;
    if (a[3] != NULL && py_index_i64(a[3], &k) < 0)
        return NULL;
    oh_object *result = oh_list_new();
    if (result == NULL)
        return NULL;
    oh_object *cumw = NULL;
    if (cum == NULL) {
        if (weights == NULL) {
            double nf = (double)n;
            for (int64_t i = 0; i < k; i++) {
                double x;
                if (draw_double(self, &x) < 0)
                    goto fail;
                oh_object *io = oh_int_from_double(floor(x * nf));
                oh_object *item = io ? py_getitem(pop, io) : NULL;
                oh_xdecref(io);
                if (item == NULL || oh_list_append(result, item) < 0) {
                    oh_xdecref(item);
                    goto fail;
                }
                oh_decref(item);
            }
            return result;
        }
        cumw = accumulate_list(weights);
        if (cumw == NULL) {
            if (py_err_matches(PY_EXC(TypeError))
                && OHI_ANYINT_CHECK(weights)) {
                py_err_clear();
                py_err_format(PY_EXC(TypeError), "The number of choices "
                              "must be a keyword argument: k=%S", weights);
            }
            goto fail;
        }
    }
    else if (weights != NULL) {
        py_err_set_string(PY_EXC(TypeError), "Cannot specify both weights "
                          "and cumulative weights");
        goto fail;
    }
    else if ((cumw = py_sequence_list(cum)) == NULL)
        goto fail;
    if (OHI_LIST(cumw)->size != n) {
        py_err_set_string(PY_EXC(ValueError), "The number of weights does "
                          "not match the population");
        goto fail;
    }
    oh_object *zero = oh_float_from_double(0.0);
    oh_object *tot = (zero && n > 0)
                     ? py_binary_op(OHI_LIST(cumw)->items[n - 1], zero,
                                    PY_OP_ADD)
                     : NULL;
    oh_xdecref(zero);
    if (tot == NULL) {
        if (n == 0 && !py_err_occurred())
            py_err_set_string(PY_EXC(IndexError), "list index out of "
                              "range");
        goto fail;
    }
    double total;
    int rc = to_double(tot, &total);
    oh_decref(tot);
    if (rc < 0)
        goto fail;
    if (total <= 0.0) {
        py_err_set_string(PY_EXC(ValueError), "Total of weights must be "
                          "greater than zero");
        goto fail;
    }
    if (!isfinite(total)) {
        py_err_set_string(PY_EXC(ValueError), "Total of weights must be "
                          "finite");
        goto fail;
    }
    for (int64_t i = 0; i < k; i++) {
        double x;
        if (draw_double(self, &x) < 0)
            goto fail;
        oh_object *xo = oh_float_from_double(x * total);
        int64_t j = xo ? bisect_right(cumw, xo, 0, n - 1) : -1;
        oh_xdecref(xo);
        oh_object *jo = j >= 0 ? oh_int_from_i64(j) : NULL;
        oh_object *item = jo ? py_getitem(pop, jo) : NULL;
        oh_xdecref(jo);
        if (item == NULL || oh_list_append(result, item) < 0) {
            oh_xdecref(item);
            goto fail;
        }
        oh_decref(item);
    }
    oh_decref(cumw);
    return result;
fail:
    oh_xdecref(cumw);
    oh_decref(result);
    return NULL;
}

/* ==========================================================================
 * Random: distributions
 * ========================================================================== */

static oh_object *
random_m_uniform(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    static const char *const kw[] = {"a", "b", NULL};
    static const py_argspec spec = {"uniform", kw, 2, 2, 0};
    oh_object *a[2];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    double x;
    if (draw_double(self, &x) < 0)
        return NULL;
    /* a + (b - a) * random(), with Python's arithmetic. */
    oh_object *r = oh_float_from_double(x);
    oh_object *d = r ? py_binary_op(a[1], a[0], PY_OP_SUB) : NULL;
    oh_object *m = d ? py_binary_op(d, r, PY_OP_MULT) : NULL;
    oh_object *s = m ? py_binary_op(a[0], m, PY_OP_ADD) : NULL;
    oh_xdecref(r);
    oh_xdecref(d);
    oh_xdecref(m);
    return s;
}

/* triangular(low=0.0, high=1.0, mode=None) */
static oh_object *
random_m_triangular(oh_object *self, oh_object *const *args, size_t nargs,
                    oh_object *kwnames)
{
    static const char *const kw[] = {"low", "high", "mode", NULL};
    static const py_argspec spec = {"triangular", kw, 0, 3, 0};
    oh_object *a[3];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    oh_object *low = a[0], *high = a[1];
    oh_object *dlow = NULL, *dhigh = NULL;
    if (low == NULL)
        low = dlow = oh_float_from_double(0.0);
    if (high == NULL)
        high = dhigh = oh_float_from_double(1.0);
    oh_object *res = NULL, *c = NULL, *u = NULL, *hl = NULL;
    double ud;
    if (low == NULL || high == NULL || draw_double(self, &ud) < 0)
        goto done;
    u = oh_float_from_double(ud);
    if (u == NULL)
        goto done;
    if (a[2] == NULL || a[2] == OH_NONE)
        c = oh_float_from_double(0.5);
    else {
        oh_object *num = py_binary_op(a[2], low, PY_OP_SUB);
        oh_object *den = num ? py_binary_op(high, low, PY_OP_SUB) : NULL;
        c = den ? py_binary_op(num, den, PY_OP_DIV) : NULL;
        oh_xdecref(num);
        oh_xdecref(den);
        if (c == NULL) {
            if (py_err_matches(PY_EXC(ZeroDivisionError))) {
                py_err_clear();
                oh_incref(low);
                res = low;
            }
            goto done;
        }
    }
    int gt = py_compare_bool(u, c, PY_CMP_GT);
    if (gt < 0)
        goto done;
    if (gt) {
        oh_object *one = oh_float_from_double(1.0);
        oh_object *u2 = one ? py_binary_op(one, u, PY_OP_SUB) : NULL;
        oh_object *c2 = u2 ? py_binary_op(one, c, PY_OP_SUB) : NULL;
        oh_xdecref(one);
        oh_decref(u);
        oh_decref(c);
        u = u2;
        c = c2;
        if (c == NULL)
            goto done;
        oh_object *t = low;
        low = high;
        high = t;
    }
    oh_object *uc = py_binary_op(u, c, PY_OP_MULT);
    double ucd;
    int rc = uc ? to_double(uc, &ucd) : -1;
    oh_xdecref(uc);
    if (rc < 0)
        goto done;
    if (ucd < 0.0) {
        py_err_set_string(PY_EXC(ValueError), "math domain error");
        goto done;
    }
    oh_object *sq = oh_float_from_double(sqrt(ucd));
    hl = sq ? py_binary_op(high, low, PY_OP_SUB) : NULL;
    oh_object *m = hl ? py_binary_op(hl, sq, PY_OP_MULT) : NULL;
    res = m ? py_binary_op(low, m, PY_OP_ADD) : NULL;
    oh_xdecref(sq);
    oh_xdecref(m);
done:
    oh_xdecref(u);
    oh_xdecref(c);
    oh_xdecref(hl);
    oh_xdecref(dlow);
    oh_xdecref(dhigh);
    return res;
}

/* Two optional float arguments with defaults. */
static int
float_params(const py_argspec *spec, oh_object *const *args, size_t nargs,
             oh_object *kwnames, double *x, double *y)
{
    oh_object *a[2];
    if (py_bind_args(spec, args, nargs, kwnames, a) < 0)
        return -1;
    if (a[0] != NULL && to_double(a[0], x) < 0)
        return -1;
    if (a[1] != NULL && to_double(a[1], y) < 0)
        return -1;
    return 0;
}

#define NV_MAGICCONST 1.7155277699214135    /* 4 * exp(-0.5) / sqrt(2.0) */
#define SG_MAGICCONST 2.504077396776274     /* 1.0 + log(4.5) */
#define LOG4 1.3862943611198906             /* log(4.0) */
#define TWOPI 6.283185307179586

static int
normal_draw(oh_object *self, double mu, double sigma, double *out)
{
    double z;
    for (;;) {
        double u1, u2;
        if (draw_double(self, &u1) < 0 || draw_double(self, &u2) < 0)
            return -1;
        u2 = 1.0 - u2;
        z = NV_MAGICCONST * (u1 - 0.5) / u2;
        double zz = z * z / 4.0;
        if (zz <= -log(u2))
            break;
    }
    *out = mu + z * sigma;
    return 0;
}

static oh_object *
random_m_normalvariate(oh_object *self, oh_object *const *args, size_t nargs,
                       oh_object *kwnames)
{
    static const char *const kw[] = {"mu", "sigma", NULL};
    static const py_argspec spec = {"normalvariate", kw, 0, 2, 0};
    double mu = 0.0, sigma = 1.0, r;
    if (float_params(&spec, args, nargs, kwnames, &mu, &sigma) < 0
        || normal_draw(self, mu, sigma, &r) < 0)
        return NULL;
    return oh_float_from_double(r);
}

static oh_object *
random_m_gauss(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    static const char *const kw[] = {"mu", "sigma", NULL};
    static const py_argspec spec = {"gauss", kw, 0, 2, 0};
    double mu = 0.0, sigma = 1.0;
    if (float_params(&spec, args, nargs, kwnames, &mu, &sigma) < 0)
        return NULL;
    py_random *r = RND(self);
    double z;
    oh_object *cached = r->gauss_next;
    r->gauss_next = NULL;
    if (cached != NULL) {
        int rc = to_double(cached, &z);
        oh_decref(cached);
        if (rc < 0)
            return NULL;
    }
    else {
        double u1, u2;
        if (draw_double(self, &u1) < 0 || draw_double(self, &u2) < 0)
            return NULL;
        double x2pi = u1 * TWOPI;
        double g2rad = sqrt(-2.0 * log(1.0 - u2));
        z = cos(x2pi) * g2rad;
        r->gauss_next = oh_float_from_double(sin(x2pi) * g2rad);
        if (r->gauss_next == NULL)
            return NULL;
    }
    return oh_float_from_double(mu + z * sigma);
}

static oh_object *
random_m_lognormvariate(oh_object *self, oh_object *const *args,
                        size_t nargs, oh_object *kwnames)
{
    static const char *const kw[] = {"mu", "sigma", NULL};
    static const py_argspec spec = {"lognormvariate", kw, 2, 2, 0};
    double mu = 0.0, sigma = 1.0, r;
    if (float_params(&spec, args, nargs, kwnames, &mu, &sigma) < 0
        || normal_draw(self, mu, sigma, &r) < 0)
        return NULL;
    double e = exp(r);
    if (isinf(e))
        return py_err_set_string(PY_EXC(OverflowError), "math range error");
    return oh_float_from_double(e);
}

static oh_object *
random_m_expovariate(oh_object *self, oh_object *const *args, size_t nargs,
                     oh_object *kwnames)
{
    static const char *const kw[] = {"lambd", NULL};
    static const py_argspec spec = {"expovariate", kw, 1, 1, 0};
    oh_object *a[1];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    double lambd, u, r;
    if (to_double(a[0], &lambd) < 0 || draw_double(self, &u) < 0)
        return NULL;
    if (float_div(-log(1.0 - u), lambd, &r) < 0)
        return NULL;
    return oh_float_from_double(r);
}

static oh_object *
random_m_vonmisesvariate(oh_object *self, oh_object *const *args,
                         size_t nargs, oh_object *kwnames)
{
    static const char *const kw[] = {"mu", "kappa", NULL};
    static const py_argspec spec = {"vonmisesvariate", kw, 2, 2, 0};
    double mu = 0.0, kappa = 0.0, u1, u2, u3, z;
    if (float_params(&spec, args, nargs, kwnames, &mu, &kappa) < 0)
        return NULL;
    if (kappa <= 1e-6) {
        if (draw_double(self, &u1) < 0)
            return NULL;
        return oh_float_from_double(TWOPI * u1);
    }
    double s = 0.5 / kappa;
    double r = s + sqrt(1.0 + s * s);
    for (;;) {
        if (draw_double(self, &u1) < 0)
            return NULL;
        z = cos(M_PI * u1);
        double d = z / (r + z);
        if (draw_double(self, &u2) < 0)
            return NULL;
        if (u2 < 1.0 - d * d || u2 <= (1.0 - d) * exp(d))
            break;
    }
    double q = 1.0 / r;
    double f = (q + z) / (1.0 + q * z);
    if (draw_double(self, &u3) < 0)
        return NULL;
    if (f < -1.0 || f > 1.0)
        return py_err_set_string(PY_EXC(ValueError), "math domain error");
    double theta = u3 > 0.5 ? fmod_py(mu + acos(f), TWOPI)
                            : fmod_py(mu - acos(f), TWOPI);
    return oh_float_from_double(theta);
}

static int
gamma_draw(oh_object *self, double alpha, double beta, double *out)
{
    if (alpha <= 0.0 || beta <= 0.0) {
        py_err_set_string(PY_EXC(ValueError), "gammavariate: alpha and beta "
                          "must be > 0.0");
        return -1;
    }
    if (alpha > 1.0) {
        /* Cheng's rejection method (GB). */
        double ainv = sqrt(2.0 * alpha - 1.0);
        double bbb = alpha - LOG4;
        double ccc = alpha + ainv;
        for (;;) {
            double u1, u2;
            if (draw_double(self, &u1) < 0)
                return -1;
            if (!(1e-7 < u1 && u1 < 0.9999999))
                continue;
            if (draw_double(self, &u2) < 0)
                return -1;
            u2 = 1.0 - u2;
            double v = log(u1 / (1.0 - u1)) / ainv;
            double x = alpha * exp(v);
            double z = u1 * u1 * u2;
            double r = bbb + ccc * v - x;
            double lz;
            if (r + SG_MAGICCONST - 4.5 * z >= 0.0) {
                *out = x * beta;
                return 0;
            }
            if (mlog(z, &lz) < 0)
                return -1;
            if (r >= lz) {
                *out = x * beta;
                return 0;
            }
        }
    }
    if (alpha == 1.0) {
        double u;
        if (draw_double(self, &u) < 0)
            return -1;
        *out = -log(1.0 - u) * beta;
        return 0;
    }
    /* alpha < 1: Ahrens and Dieter's GS. */
    double x;
    for (;;) {
        double u, u1;
        if (draw_double(self, &u) < 0)
            return -1;
        double b = (M_E + alpha) / M_E;
        double p = b * u;
        if (p <= 1.0) {
            if (fpow(p, 1.0 / alpha, &x) < 0)
                return -1;
        }
        else {
            double lg;
            if (mlog((b - p) / alpha, &lg) < 0)
                return -1;
            x = -lg;
        }
        if (draw_double(self, &u1) < 0)
            return -1;
        if (p > 1.0) {
            double xp;
            if (fpow(x, alpha - 1.0, &xp) < 0)
                return -1;
            if (u1 <= xp)
                break;
        }
        else if (u1 <= exp(-x))
            break;
    }
    *out = x * beta;
    return 0;
}

static oh_object *
random_m_gammavariate(oh_object *self, oh_object *const *args, size_t nargs,
                      oh_object *kwnames)
{
    static const char *const kw[] = {"alpha", "beta", NULL};
    static const py_argspec spec = {"gammavariate", kw, 2, 2, 0};
    double alpha = 0.0, beta = 0.0, r;
    if (float_params(&spec, args, nargs, kwnames, &alpha, &beta) < 0
        || gamma_draw(self, alpha, beta, &r) < 0)
        return NULL;
    return oh_float_from_double(r);
}

static oh_object *
random_m_betavariate(oh_object *self, oh_object *const *args, size_t nargs,
                     oh_object *kwnames)
{
    static const char *const kw[] = {"alpha", "beta", NULL};
    static const py_argspec spec = {"betavariate", kw, 2, 2, 0};
    double alpha = 0.0, beta = 0.0, y, y2;
    if (float_params(&spec, args, nargs, kwnames, &alpha, &beta) < 0
        || gamma_draw(self, alpha, 1.0, &y) < 0)
        return NULL;
    if (y == 0.0)
        return oh_float_from_double(0.0);
    if (gamma_draw(self, beta, 1.0, &y2) < 0)
        return NULL;
    return oh_float_from_double(y / (y + y2));
}

static oh_object *
random_m_paretovariate(oh_object *self, oh_object *const *args, size_t nargs,
                       oh_object *kwnames)
{
    static const char *const kw[] = {"alpha", NULL};
    static const py_argspec spec = {"paretovariate", kw, 1, 1, 0};
    oh_object *a[1];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    double alpha, u, e, r;
    if (to_double(a[0], &alpha) < 0 || draw_double(self, &u) < 0)
        return NULL;
    u = 1.0 - u;
    if (float_div(-1.0, alpha, &e) < 0 || fpow(u, e, &r) < 0)
        return NULL;
    return oh_float_from_double(r);
}

static oh_object *
random_m_weibullvariate(oh_object *self, oh_object *const *args,
                        size_t nargs, oh_object *kwnames)
{
    static const char *const kw[] = {"alpha", "beta", NULL};
    static const py_argspec spec = {"weibullvariate", kw, 2, 2, 0};
    double alpha = 0.0, beta = 0.0, u, e, p;
    if (float_params(&spec, args, nargs, kwnames, &alpha, &beta) < 0
        || draw_double(self, &u) < 0)
        return NULL;
    u = 1.0 - u;
    if (float_div(1.0, beta, &e) < 0 || fpow(-log(u), e, &p) < 0)
        return NULL;
    return oh_float_from_double(alpha * p);
}

/* ==========================================================================
 * The type and the module
 * ========================================================================== */

static const py_method_def random_methods[] = {
    {"seed", random_m_seed, 0, "Initialize internal state from a seed."},
    {"random", random_m_random, 0,
     "random() -> x in the interval [0, 1)."},
    {"getrandbits", random_m_getrandbits, 0,
     "getrandbits(k) -> x.  Generates an int with k random bits."},
    {"getstate", random_m_getstate, 0,
     "Return internal state; can be passed to setstate() later."},
    {"setstate", random_m_setstate, 0,
     "Restore internal state from object returned by getstate()."},
    {"_randbelow", random_m_randbelow, 0,
     "Return a random int in the range [0,n).  Defined for n > 0."},
    {"randbytes", random_m_randbytes, 0, "Generate n random bytes."},
    {"randrange", random_m_randrange, 0,
     "Choose a random item from range(stop) or range(start, stop[, "
     "step])."},
    {"randint", random_m_randint, 0,
     "Return random integer in range [a, b], including both end points."},
    {"choice", random_m_choice, 0,
     "Choose a random element from a non-empty sequence."},
    {"shuffle", random_m_shuffle, 0,
     "Shuffle list x in place, and return None."},
    {"sample", random_m_sample, 0,
     "Chooses k unique random elements from a population sequence."},
    {"choices", random_m_choices, 0, "Return a k sized list of population "
     "elements chosen with replacement."},
    {"uniform", random_m_uniform, 0, "Get a random number in the range "
     "[a, b) or [a, b] depending on rounding."},
    {"triangular", random_m_triangular, 0, "Triangular distribution."},
    {"normalvariate", random_m_normalvariate, 0, "Normal distribution."},
    {"gauss", random_m_gauss, 0, "Gaussian distribution."},
    {"lognormvariate", random_m_lognormvariate, 0,
     "Log normal distribution."},
    {"expovariate", random_m_expovariate, 0, "Exponential distribution."},
    {"vonmisesvariate", random_m_vonmisesvariate, 0,
     "Circular data distribution."},
    {"gammavariate", random_m_gammavariate, 0, "Gamma distribution.  Not "
     "the gamma function!"},
    {"betavariate", random_m_betavariate, 0, "Beta distribution."},
    {"paretovariate", random_m_paretovariate, 0, "Pareto distribution.  "
     "alpha is the shape parameter."},
    {"weibullvariate", random_m_weibullvariate, 0,
     "Weibull distribution."},
    {NULL, NULL, 0, NULL}
};

static const py_getset_def random_getsets[] = {
    {"gauss_next", random_get_gauss_next, random_set_gauss_next, NULL},
    {NULL, NULL, NULL, NULL}
};

static py_static_type py_random_static = {.t = {
    PY_TYPE_INIT("random.Random", py_random, OH_TYPE_CONTAINER),
    .ot.dealloc = random_dealloc,
    .ot.traverse = random_traverse,
    .ot.clear = random_clear,
    .tpflags = PY_TPFLAGS_BASETYPE,
    .methods = random_methods,
    .getsets = random_getsets,
    .doc = "Random number generator base class used by bound module "
           "functions.",
    .tp_new = random_new,
    .tp_init = random_init,
}};

/* ==========================================================================
 * SystemRandom: the same methods over the system's entropy
 * ========================================================================== */

/* n bytes from getrandom(2).  0, or -1 with OSError. */
static int
system_bytes(unsigned char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(buf + got, n - got, 0);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            py_err_format(PY_EXC(OSError), "[Errno %d] %s", errno,
                          strerror(errno));
            return -1;
        }
        got += (size_t)r;
    }
    return 0;
}

/* random(): 53 bits of a 7-byte big-endian draw, as Lib/random.py. */
static oh_object *
sysrandom_m_random(oh_object *self, oh_object *const *args, size_t nargs,
                   oh_object *kwnames)
{
    if (py_check_args("random", nargs, kwnames, 0, 0) < 0)
        return NULL;
    unsigned char b[7];
    if (system_bytes(b, sizeof b) < 0)
        return NULL;
    uint64_t v = 0;
    for (int i = 0; i < 7; i++)
        v = v << 8 | b[i];
    return oh_float_from_double((double)(v >> 3) * (1.0 / 9007199254740992.0));
}

/* getrandbits(k): the top k bits of ceil(k / 8) big-endian bytes. */
static oh_object *
sysrandom_m_getrandbits(oh_object *self, oh_object *const *args,
                        size_t nargs, oh_object *kwnames)
{
    if (py_check_args("getrandbits", nargs, kwnames, 1, 1) < 0)
        return NULL;
    int64_t k;
    if (py_index_i64(args[0], &k) < 0)
        return NULL;
    if (k < 0)
        return py_err_set_string(PY_EXC(ValueError), "number of bits must "
                                 "be non-negative");
    size_t n = (size_t)(k + 7) / 8;
    unsigned char *buf = oh_malloc(n ? n : 1);
    if (buf == NULL)
        return py_err_no_memory();
    oh_object *r = NULL;
    if (system_bytes(buf, n) == 0) {
        oh_object *x = oh_int_from_bytes(buf, n, 0, 0);
        oh_object *sh = oh_int_from_i64((int64_t)n * 8 - k);
        r = (x && sh) ? oh_int_rshift(x, sh) : NULL;
        oh_xdecref(x);
        oh_xdecref(sh);
    }
    oh_free(buf);
    return r;
}

static oh_object *
sysrandom_m_randbytes(oh_object *self, oh_object *const *args, size_t nargs,
                      oh_object *kwnames)
{
    if (py_check_args("randbytes", nargs, kwnames, 1, 1) < 0)
        return NULL;
    int64_t n;
    if (py_index_i64(args[0], &n) < 0)
        return NULL;
    if (n < 0)
        return py_err_set_string(PY_EXC(ValueError), "negative argument "
                                 "not allowed");
    unsigned char *buf = oh_malloc(n ? (size_t)n : 1);
    if (buf == NULL)
        return py_err_no_memory();
    oh_object *r = system_bytes(buf, (size_t)n) == 0
                   ? oh_bytes_from(buf, (size_t)n) : NULL;
    oh_free(buf);
    return r;
}

static oh_object *
sysrandom_m_seed(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    return none();
}

static oh_object *
sysrandom_m_nostate(oh_object *self, oh_object *const *args, size_t nargs,
                    oh_object *kwnames)
{
    return py_err_set_string(PY_EXC(NotImplementedError), "System entropy "
                             "source does not have state.");
}

static const py_method_def sysrandom_methods[] = {
    {"random", sysrandom_m_random, 0,
     "Get the next random number in the range 0.0 <= X < 1.0."},
    {"getrandbits", sysrandom_m_getrandbits, 0,
     "getrandbits(k) -> x.  Generates an int with k random bits."},
    {"randbytes", sysrandom_m_randbytes, 0, "Generate n random bytes."},
    {"seed", sysrandom_m_seed, 0, "Stub method.  Not used for a system "
     "random number generator."},
    {"getstate", sysrandom_m_nostate, 0, "Method should not be called for "
     "a system random number generator."},
    {"setstate", sysrandom_m_nostate, 0, "Method should not be called for "
     "a system random number generator."},
    {NULL, NULL, 0, NULL}
};

static py_static_type py_sysrandom_static = {.t = {
    PY_TYPE_INIT("random.SystemRandom", py_random, OH_TYPE_CONTAINER),
    .ot.dealloc = random_dealloc,
    .ot.traverse = random_traverse,
    .ot.clear = random_clear,
    .base = RANDOM_TYPE,
    .tpflags = PY_TPFLAGS_BASETYPE,
    .methods = sysrandom_methods,
    .doc = "Alternate random number generator using sources provided by "
           "the operating system.",
}};

/* The module's functions: the methods of _inst, bound. */
static const char *const bound_names[] = {
    "seed", "random", "uniform", "triangular", "randint", "choice",
    "randrange", "sample", "shuffle", "choices", "normalvariate",
    "lognormvariate", "expovariate", "vonmisesvariate", "gammavariate",
    "gauss", "betavariate", "paretovariate", "weibullvariate", "getstate",
    "setstate", "getrandbits", "randbytes", NULL
};

static int
random_exec(oh_object *m)
{
    if (py_type_ready(RANDOM_TYPE) < 0)
        return -1;
    oh_incref(&RANDOM_TYPE->ob_base);
    if (py_module_add(m, "Random", &RANDOM_TYPE->ob_base) < 0)
        return -1;
    py_type *sys_t = &py_sysrandom_static.t;
    if (py_type_ready(sys_t) < 0)
        return -1;
    oh_incref(&sys_t->ob_base);
    if (py_module_add(m, "SystemRandom", &sys_t->ob_base) < 0)
        return -1;
    oh_object *inst = py_call0(&RANDOM_TYPE->ob_base);
    if (inst == NULL)
        return -1;
    oh_object *modname = ((py_module *)(void *)m)->name;
    for (const char *const *n = bound_names; *n != NULL; n++) {
        const py_method_def *def = random_methods;
        while (def->name != NULL && strcmp(def->name, *n) != 0)
            def++;
        if (py_module_add(m, *n, py_cfunction_new(def, inst, modname)) < 0) {
            oh_decref(inst);
            return -1;
        }
    }
    return py_module_add(m, "_inst", inst);
}

const py_module_def py_module_random = {
    .name = "random",
    .doc = "Random variable generators.",
    .methods = NULL,
    .exec = random_exec,
};
