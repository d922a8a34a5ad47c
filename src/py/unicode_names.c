/*
 * unicode_names.c -- Unicode character names, as CPython 3.11 knows them.
 *
 * What this file owns
 * -------------------
 * The names of Unicode 14.0.0 and the lookups both ways: name -> code
 * point for "\N{...}" in string literals (parser.c) and for
 * unicodedata.lookup, code point -> name for unicodedata.name
 * (mod_unicodedata.c).  A name is found as CPython's _getcode finds it:
 *
 *   1. "HANGUL SYLLABLE " (these capitals exactly) + the jamo short names
 *      of a syllable (capitals, each the longest that matches): the
 *      syllable; nothing else starting so is a name.
 *   2. "CJK UNIFIED IDEOGRAPH-" (capitals) + 4 or 5 hex digits (0-9, A-F
 *      only; "04E00" is 4E00) inside un_cjk_ranges; nothing else
 *      starting so is a name.
 *   3. Any other name, alias or named sequence, its ASCII letters in any
 *      case ("\N{latin small letter a}").  Named sequences count only for
 *      py_unicode_lookup_sequence (unicodedata.lookup); "\N{...}" refuses
 *      them, as CPython does.
 *
 * The data: unicode_names.h, written by tools/gen_unicode_names.py from
 * CPython 3.11's own unicodedata (its docstring says how each table is
 * built and checked).  About 261 KB in the binary, CPython 3.11's name
 * tables about 844 KB (docs/PYTHON.md, "Unicode names", has both).
 *
 *   stored names (32,647 code points, then 470 aliases, 461 sequences)
 *
 *   entry e --un_phrase_block[e / 32]--> un_phrases: front-coded entries
 *       header (shared words << 4 | new words), then each new word:
 *       [c < 192] -> un_common[c]   or   [c >= 192][lo] -> lexicon index
 *   word k --un_lex_block[k / 16]--> un_lexicon: front-coded words
 *       shared chars, chars..., last char | 0x80
 *
 *   code point -> entry: un_runs (first, entry, count), binary search
 *   name -> entry: un_sorted (entries by name), binary search
 *   entry -> code point: un_runs again (entries are in code point
 *       order), un_alias_cp for aliases, un_seq_* for sequences
 *
 *   algorithmic, never stored: Hangul syllables (un_jamo_*), CJK unified
 *   ideographs (un_cjk_ranges), and the "PREFIX-XXXX" families whose hex
 *   digits are the code point (un_families: CJK COMPATIBILITY
 *   IDEOGRAPH-, KHITAN SMALL SCRIPT CHARACTER-, NUSHU CHARACTER-).  The
 *   families are stored names in CPython, so here they match in any case
 *   and with exactly the digits name() gives ("F900", not "0F900").
 *
 * Words: a name is split at spaces and before each hyphen ("O-E" is "O"
 * "-E"; "MGO -UM" is "MGO" " -UM", the word keeping its space), and joined
 * with a space except before a word that starts with a hyphen or a space.
 *
 * Invariants
 * ----------
 * UN1. Entries 0 .. UN_NNAMES-1 are the stored names in code point
 *      order; UN_NNAMES + i is alias i, UN_NNAMES + UN_NALIASES + i
 *      named sequence i.  un_runs lists the stored names' code points as
 *      runs, increasing in both first and entry, covering entries
 *      0 .. UN_NNAMES-1 without gaps.
 * UN2. The first entry of each phrase block and the first word of each
 *      lexicon block share nothing with the one before, so decoding
 *      starts at a block's offset; an entry shares at most as many words
 *      as the one before it has, and has at most UN_WORDS_MAX words.
 * UN3. un_sorted orders the entries by their names' bytes (all capitals,
 *      digits, space, hyphen), and no two entries have the same name.
 * UN4. No stored name starts with "HANGUL SYLLABLE " or "CJK UNIFIED
 *      IDEOGRAPH-", and no name is longer than UN_NAME_MAX: steps 1 and
 *      2 may answer alone, and longer input is no name.
 * UN5. Every table is read-only and the functions keep no state: safe
 *      from any thread, and nothing to set up or tear down.
 * The generator checks UN1-UN4 and runs a model of this file over every
 * code point, name, alias and sequence before writing the tables.
 *
 * Tunables
 * --------
 * UN_PHRASE_BLOCK (32) and UN_LEX_BLOCK (16): a longer block saves
 * offsets and front-coding restarts but walks further per decode.  At
 * 32/16 a lookup of a stored name costs about 2.5 us and its name 0.4
 * us on an idle machine; phrase blocks of 16 cost 7 KB more for lookups
 * about 30% faster, blocks of 64 save 3.5 KB and are 60% slower
 * (docs/PYTHON.md, "Unicode names", has the measurements).
 */
#include "py/py.h"

#include <stdio.h>
#include <string.h>

#include "py/unicode_names.h"

_Static_assert(UN_NAME_MAX <= PY_UNICODE_NAME_MAX,
               "py.h's PY_UNICODE_NAME_MAX holds every name");
_Static_assert(UN_SEQ_MAX <= PY_UNICODE_SEQ_MAX,
               "py.h's PY_UNICODE_SEQ_MAX holds every named sequence");
_Static_assert(UN_NENTRIES == UN_NNAMES + UN_NALIASES + UN_NSEQUENCES,
               "UN1: the entries are the names, aliases and sequences");
_Static_assert(UN_NENTRIES <= 65536, "entries fit un_sorted's 16 bits");
_Static_assert(UN_WORDS_MAX <= 15, "a phrase header counts 15 words");

#define HANGUL_FIRST 0xAC00u
#define HANGUL_NV 21u
#define HANGUL_NT 28u
#define HANGUL_COUNT (19u * HANGUL_NV * HANGUL_NT)
#define NELEM(a) (sizeof (a) / sizeof (a)[0])

static const char hangul_prefix[] = "HANGUL SYLLABLE ";
static const char cjk_prefix[] = "CJK UNIFIED IDEOGRAPH-";

/* ==========================================================================
 * Decoding the stored names
 * ========================================================================== */

/* Word k of the lexicon into out (no NUL); its length.  Walks from the
 * start of k's block (UN2). */
static size_t
word_text(unsigned k, char out[UN_WORD_MAX])
{
    const unsigned char *p = un_lexicon + un_lex_block[k / UN_LEX_BLOCK];
    size_t len = 0;
    for (unsigned i = k % UN_LEX_BLOCK + 1; i > 0; i--) {
        len = *p++;                     /* characters kept */
        unsigned c;
        do {
            c = *p++;
            OH_ASSERT(len < UN_WORD_MAX);
            out[len++] = (char)(c & 0x7f);
        } while (!(c & 0x80));
    }
    return len;
}

/* Entry e's words (lexicon indices) into w; their count.  Walks from the
 * start of e's block (UN2), each entry's header keeping that many words
 * of the entry before. */
static unsigned
entry_words(uint32_t e, uint16_t w[UN_WORDS_MAX])
{
    OH_ASSERT(e < UN_NENTRIES);
    const unsigned char *p = un_phrases
                             + un_phrase_block[e / UN_PHRASE_BLOCK];
    unsigned n = 0;
    for (uint32_t i = e % UN_PHRASE_BLOCK + 1; i > 0; i--) {
        unsigned head = *p++;
        OH_ASSERT((head >> 4) <= n);    /* UN2 (n is 0 at a block's start) */
        n = head >> 4;
        for (unsigned k = head & 15; k > 0; k--) {
            unsigned c = *p++;
            OH_ASSERT(n < UN_WORDS_MAX);
            if (c < UN_NCOMMON)
                w[n++] = un_common[c];
            else
                w[n++] = (uint16_t)(((c - UN_NCOMMON) << 8) | *p++);
        }
    }
    return n;
}

/* Entry e's name into out (no NUL); its length. */
static size_t
entry_name(uint32_t e, char out[UN_NAME_MAX])
{
    uint16_t w[UN_WORDS_MAX];
    unsigned n = entry_words(e, w);
    size_t len = 0;
    for (unsigned i = 0; i < n; i++) {
        char word[UN_WORD_MAX];
        size_t wl = word_text(w[i], word);
        if (i > 0 && word[0] != '-' && word[0] != ' ')
            out[len++] = ' ';
        OH_ASSERT(len + wl <= UN_NAME_MAX);
        memcpy(out + len, word, wl);
        len += wl;
    }
    return len;
}

/* The run holding code point c, or NULL. */
static const un_run *
run_of_cp(uint32_t c)
{
    size_t lo = 0, hi = NELEM(un_runs);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c < un_runs[mid].first)
            hi = mid;
        else if (c - un_runs[mid].first >= un_runs[mid].count)
            lo = mid + 1;
        else
            return &un_runs[mid];
    }
    return NULL;
}

/* The code point of stored name e (e < UN_NNAMES; UN1). */
static uint32_t
cp_of_entry(uint32_t e)
{
    size_t lo = 0, hi = NELEM(un_runs);
    OH_ASSERT(e < UN_NNAMES);
    while (hi - lo > 1) {
        /* un_runs[lo].entry <= e, and e < un_runs[hi].entry if hi is a
         * run. */
        size_t mid = lo + (hi - lo) / 2;
        if (un_runs[mid].entry <= e)
            lo = mid;
        else
            hi = mid;
    }
    OH_ASSERT(e - un_runs[lo].entry < un_runs[lo].count);
    return un_runs[lo].first + (e - un_runs[lo].entry);
}

/* Compare entry e's name with up[0..len) as memcmp would: word by word,
 * so that most comparisons end in the first word without decoding the
 * rest. */
static int
compare_entry(uint32_t e, const char *up, size_t len)
{
    uint16_t w[UN_WORDS_MAX];
    unsigned n = entry_words(e, w);
    size_t pos = 0;                     /* up[0..pos) matched */
    for (unsigned i = 0; i < n; i++) {
        char word[UN_WORD_MAX + 1];
        const char *s = word + 1;
        size_t wl = word_text(w[i], word + 1);
        if (i > 0 && word[1] != '-' && word[1] != ' ') {
            word[0] = ' ';
            s = word;
            wl++;
        }
        size_t m = wl < len - pos ? wl : len - pos;
        int c = memcmp(s, up + pos, m);
        if (c != 0)
            return c;
        if (m < wl)
            return 1;                   /* up is a proper prefix */
        pos += wl;
    }
    return pos < len ? -1 : 0;
}

/* The entry named up[0..len) (capitals already), or -1: a binary search
 * over un_sorted (UN3). */
static long
find_entry(const char *up, size_t len)
{
    size_t lo = 0, hi = UN_NENTRIES;
    while (lo < hi) {
        /* Entries un_sorted[0..lo) sort before up, [hi..) after it. */
        size_t mid = lo + (hi - lo) / 2;
        int c = compare_entry(un_sorted[mid], up, len);
        if (c == 0)
            return un_sorted[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* ==========================================================================
 * Algorithmic names
 * ========================================================================== */

static bool
in_cjk_ranges(uint32_t c)
{
    for (size_t i = 0; i < NELEM(un_cjk_ranges); i += 2) {
        if (c >= un_cjk_ranges[i] && c <= un_cjk_ranges[i + 1])
            return true;
    }
    return false;
}

/* The family (un_families) whose range holds c, or -1. */
static int
family_of(uint32_t c)
{
    for (size_t i = 0; i < NELEM(un_family_ranges); i++) {
        if (c >= un_family_ranges[i].first && c <= un_family_ranges[i].last)
            return (int)un_family_ranges[i].family;
    }
    return -1;
}

/* The longest of the n jamo names tab[] that s[0..len) starts with
 * (CPython's find_syllable): *which gets its index and the match its
 * length; -1 when none does (the empty name matches with length 0). */
static long
find_jamo(const char *s, size_t len, const char *const *tab, int n,
          int *which)
{
    long best = -1;
    for (int i = 0; i < n; i++) {
        size_t l = strlen(tab[i]);
        if ((long)l > best && l <= len && memcmp(s, tab[i], l) == 0) {
            best = (long)l;
            *which = i;
        }
    }
    return best;
}

/* Step 1: "HANGUL SYLLABLE " already matched; the rest is s[0..len). */
static int
lookup_hangul(const char *s, size_t len, uint32_t *cp)
{
    int l = 0, v = 0, t = 0;
    long n = find_jamo(s, len, un_jamo_lead, (int)NELEM(un_jamo_lead), &l);
    if (n < 0)
        return 0;
    s += n;
    len -= (size_t)n;
    n = find_jamo(s, len, un_jamo_vowel, (int)NELEM(un_jamo_vowel), &v);
    if (n < 0)
        return 0;
    s += n;
    len -= (size_t)n;
    n = find_jamo(s, len, un_jamo_trail, (int)NELEM(un_jamo_trail), &t);
    if (n < 0 || (size_t)n != len)
        return 0;
    *cp = HANGUL_FIRST + ((uint32_t)l * HANGUL_NV + (uint32_t)v)
                         * HANGUL_NT + (uint32_t)t;
    return 1;
}

/* Step 2: "CJK UNIFIED IDEOGRAPH-" already matched. */
static int
lookup_cjk(const char *s, size_t len, uint32_t *cp)
{
    uint32_t v = 0;
    if (len != 4 && len != 5)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9')
            v = v * 16 + (uint32_t)(c - '0');
        else if (c >= 'A' && c <= 'F')
            v = v * 16 + (uint32_t)(c - 'A' + 10);
        else
            return 0;
    }
    if (!in_cjk_ranges(v))
        return 0;
    *cp = v;
    return 1;
}

/* Step 3's families: up[0..len) in capitals. */
static int
lookup_family(const char *up, size_t len, uint32_t *cp)
{
    for (size_t f = 0; f < NELEM(un_families); f++) {
        size_t pl = strlen(un_families[f]);
        if (len != pl + 4 && len != pl + 5)
            continue;
        if (memcmp(up, un_families[f], pl) != 0)
            continue;
        uint32_t v = 0;
        for (size_t i = pl; i < len; i++) {
            char c = up[i];
            if (c >= '0' && c <= '9')
                v = v * 16 + (uint32_t)(c - '0');
            else if (c >= 'A' && c <= 'F')
                v = v * 16 + (uint32_t)(c - 'A' + 10);
            else
                return 0;
        }
        /* Exactly name()'s digits: four below 0x10000, else five. */
        if ((len - pl == 5) != (v >= 0x10000) || family_of(v) != (int)f)
            return 0;
        *cp = v;
        return 1;
    }
    return 0;
}

/* ==========================================================================
 * The interface (py.h)
 * ========================================================================== */

/* Steps 1-3 for name[0..len): the entry (>= 0), or -1 with *cp set by an
 * algorithmic name, or -2 for no name. */
static long
lookup(const char *name, size_t len, uint32_t *cp)
{
    size_t hl = sizeof hangul_prefix - 1, cl = sizeof cjk_prefix - 1;
    if (len > UN_NAME_MAX)
        return -2;                      /* UN4 */
    if (len >= hl && memcmp(name, hangul_prefix, hl) == 0)
        return lookup_hangul(name + hl, len - hl, cp) ? -1 : -2;
    if (len >= cl && memcmp(name, cjk_prefix, cl) == 0)
        return lookup_cjk(name + cl, len - cl, cp) ? -1 : -2;
    char up[UN_NAME_MAX];
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        up[i] = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
    }
    if (lookup_family(up, len, cp))
        return -1;
    long e = find_entry(up, len);
    return e >= 0 ? e : -2;
}

int
py_unicode_lookup(const char *name, size_t len, uint32_t *cp)
{
    long e = lookup(name, len, cp);
    if (e == -1)
        return 1;
    if (e < 0 || e >= UN_NNAMES + UN_NALIASES)
        return 0;                       /* none, or a named sequence */
    *cp = e < UN_NNAMES ? cp_of_entry((uint32_t)e)
                        : un_alias_cp[e - UN_NNAMES];
    return 1;
}

int
py_unicode_lookup_sequence(const char *name, size_t len,
                           uint32_t out[PY_UNICODE_SEQ_MAX])
{
    uint32_t cp;
    long e = lookup(name, len, &cp);
    if (e < UN_NNAMES + UN_NALIASES)
        return 0;
    size_t s = (size_t)e - UN_NNAMES - UN_NALIASES;
    int n = 0;
    for (unsigned i = un_seq_start[s]; i < un_seq_start[s + 1]; i++)
        out[n++] = un_seq_cps[i];
    OH_ASSERT(n >= 2 && n <= UN_SEQ_MAX);
    return n;
}

int
py_unicode_name(uint32_t cp, char *buf, size_t size)
{
    char name[UN_NAME_MAX + 1];
    size_t len = 0;
    int f;
    const un_run *r;
    if (cp >= HANGUL_FIRST && cp < HANGUL_FIRST + HANGUL_COUNT) {
        uint32_t s = cp - HANGUL_FIRST;
        len = (size_t)snprintf(name, sizeof name, "%s%s%s%s", hangul_prefix,
                               un_jamo_lead[s / (HANGUL_NV * HANGUL_NT)],
                               un_jamo_vowel[s / HANGUL_NT % HANGUL_NV],
                               un_jamo_trail[s % HANGUL_NT]);
    }
    else if (in_cjk_ranges(cp))
        len = (size_t)snprintf(name, sizeof name, "%s%X", cjk_prefix,
                               (unsigned)cp);
    else if ((f = family_of(cp)) >= 0)
        len = (size_t)snprintf(name, sizeof name, "%s%04X",
                               un_families[f], (unsigned)cp);
    else if ((r = run_of_cp(cp)) != NULL)
        len = entry_name(r->entry + (cp - r->first), name);
    OH_ASSERT(len <= UN_NAME_MAX);
    if (size > 0) {
        size_t n = len < size - 1 ? len : size - 1;
        memcpy(buf, name, n);
        buf[n] = '\0';
    }
    return (int)len;
}
