// The plain-record scan of the CSV record parser (ABIIO's CSVRecordParser): a record without quotes,
// split in one pass over 64-byte blocks of byte classes. Compiled twice on x86-64, once for
// AVX2 + BMI1 + POPCNT and once for the baseline (SSE2), the first chosen at load when the CPU has
// them; elsewhere the portable classifier. Same results either way (tested in ABIIOTests against
// the general reader).
#include "CByteClassifier.h"

typedef struct {
    uint64_t delimiters;
    uint64_t lineBreaks;  // LF or CR
    uint64_t quotes;      // `"`: the record is not plain if one comes before its line break
    uint64_t triggers;    // tab, `+`, `-`, `=`, `@`: a field starting with one may need a formula prefix
} plain_classes;

// Stores the bounds of the fields ending at the set bits of `ends` (positions `block + bit`), from
// field `*count` on, as every field is wanted and the limit and capacity are known to be far enough.
static inline __attribute__((always_inline)) void store_every_field(uint64_t ends, intptr_t block, intptr_t *count,
                                                                     intptr_t *fieldStart, abikit_field_bounds *fields) {
    intptr_t n = *count, startAt = *fieldStart;
    while (ends != 0) {
        const intptr_t at = block + __builtin_ctzll(ends);
        fields[n] = (abikit_field_bounds){startAt, startAt, at, false};
        n++;
        startAt = at + 1;
        ends &= ends - 1;
    }
    *count = n;
    *fieldStart = startAt;
}

// The body, inlined into each compiled version below with that version's classifier. Field i is
// stored when bit i of `wanted` is set (every field from 64 on) and i < `limit`. A block whose
// fields are all wanted, all before the limit and all within `capacity` (the usual case) takes a
// loop without those tests.
#define SCAN_BODY(CLASSIFY)                                                                         \
    const uint8_t *const base = request->base;                                                      \
    const intptr_t end = request->end, limit = request->limit, capacity = request->capacity;        \
    const uint64_t wanted = request->wanted;                                                        \
    abikit_field_bounds *const fields = request->fields;                                            \
    const uint8_t delimiter = request->delimiter;                                                   \
    abikit_record_scan result = {-1, 0};                                                            \
    intptr_t count = 0, past = 0, fieldStart = offset;                                              \
    /* A field starts at the block's first byte: the record's first, or one after a delimiter. */  \
    uint64_t carry = 1;                                                                             \
    bool prefix = false;                                                                            \
    for (intptr_t block = offset; end - block >= 64; block += 64) {                                 \
        plain_classes classes = CLASSIFY(base + block, delimiter);                                  \
        uint64_t delimiters = classes.delimiters;                                                   \
        uint64_t stop = classes.quotes | classes.lineBreaks;                                        \
        uint64_t inRecord = ~(uint64_t)0;                                                           \
        intptr_t lineBreak = -1;                                                                    \
        if (stop != 0) {                                                                            \
            uint64_t first = stop & (0 - stop);                                                     \
            if ((first & classes.lineBreaks) == 0) return result;                                   \
            inRecord = first - 1;                                                                   \
            delimiters &= inRecord;                                                                 \
            lineBreak = block + __builtin_ctzll(stop);                                              \
        }                                                                                           \
        /* Field starts: after each delimiter, and the block's first byte when one starts there. */ \
        const uint64_t starts = ((delimiters << 1) | carry) & inRecord;                             \
        if (classes.triggers & starts) prefix = true;                                               \
        carry = delimiters >> 63;                                                                   \
        const intptr_t ends = __builtin_popcountll(delimiters);                                     \
        const intptr_t stored = count + ends + 1;                                                   \
        const bool everyWanted = count >= 64 ? true                                                 \
            : (~wanted >> count) == 0 || (count + ends < 64 &&                                      \
              ((~wanted >> count) & (((uint64_t)2 << ends) - 1)) == 0);                             \
        if (everyWanted && stored <= limit && stored <= capacity) {                                 \
            store_every_field(delimiters, block, &count, &fieldStart, fields);                      \
        } else {                                                                                    \
            while (delimiters != 0) {                                                               \
                if (count >= limit) {                                                               \
                    past += __builtin_popcountll(delimiters);                                       \
                    break;                                                                          \
                }                                                                                   \
                /* Unwanted fields up to the next wanted one (or the limit) are passed over. */     \
                intptr_t next = count;                                                              \
                if (count < 64) {                                                                   \
                    const uint64_t ahead = wanted >> count;                                         \
                    next = ahead == 0 ? 64 : count + __builtin_ctzll(ahead);                        \
                }                                                                                   \
                intptr_t skip = (next < limit ? next : limit) - count;                              \
                if (skip > 0) {                                                                     \
                    const intptr_t available = __builtin_popcountll(delimiters);                    \
                    if (skip >= available) {                                                        \
                        count += available;                                                         \
                        fieldStart = block + 64 - __builtin_clzll(delimiters);                      \
                        delimiters = 0;                                                             \
                        break;                                                                      \
                    }                                                                               \
                    count += skip;                                                                  \
                    while (--skip > 0) delimiters &= delimiters - 1;                                \
                    fieldStart = block + __builtin_ctzll(delimiters) + 1;                           \
                    delimiters &= delimiters - 1;                                                   \
                    continue;                                                                       \
                }                                                                                   \
                intptr_t at = block + __builtin_ctzll(delimiters);                                  \
                if (count >= capacity) return result;                                               \
                fields[count] = (abikit_field_bounds){fieldStart, fieldStart, at, false};           \
                count++;                                                                            \
                fieldStart = at + 1;                                                                \
                delimiters &= delimiters - 1;                                                       \
            }                                                                                       \
        }                                                                                           \
        if (lineBreak >= 0) {                                                                       \
            if (count >= limit) {                                                                   \
                past++;                                                                             \
            } else {                                                                                \
                if (count >= 64 || ((wanted >> count) & 1)) {                                       \
                    if (count >= capacity) return result;                                           \
                    fields[count] = (abikit_field_bounds){fieldStart, fieldStart, lineBreak, false}; \
                }                                                                                   \
                count++;                                                                            \
            }                                                                                       \
            if (count > ABIKIT_SCAN_MAXIMUM_COUNT || past > ABIKIT_SCAN_MAXIMUM_COUNT) return result;   \
            /* CR LF is one line break; a lone CR or LF is one too, as the parser's loop reads. */  \
            const uint64_t crLF = base[lineBreak] == '\r' && lineBreak + 1 < end                    \
                && base[lineBreak + 1] == '\n';                                                     \
            result.lineBreak = lineBreak;                                                           \
            result.packed = (uint64_t)count | (uint64_t)past << 31 | crLF << 62                     \
                | (uint64_t)prefix << 63;                                                           \
            return result;                                                                          \
        }                                                                                           \
    }                                                                                               \
    return result;

// The four masks as plain integers in registers, computed here: without this, the compiler once
// deferred a mask to where it was used and rebuilt it byte by byte (a hundred more instructions per
// block than the movemasks).
#if defined(__GNUC__) || defined(__clang__)
#define PIN_MASKS(c) __asm__("" : "+r"((c).delimiters), "+r"((c).lineBreaks), "+r"((c).quotes), "+r"((c).triggers))
#else
#define PIN_MASKS(c) ((void)0)
#endif

static inline __attribute__((always_inline)) plain_classes classify_portable(const uint8_t *bytes, uint8_t delimiter) {
    plain_classes c = {0, 0, 0, 0};
#if defined(__SSE2__)
    const __m128i d = _mm_set1_epi8((char)delimiter);
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i cr = _mm_set1_epi8('\r');
    const __m128i lf = _mm_set1_epi8('\n');
    for (int lane = 0; lane < 4; lane++) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(bytes + 16 * lane));
        c.delimiters |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, d)) << (16 * lane);
        c.lineBreaks |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)))
                        << (16 * lane);
        c.quotes |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)) << (16 * lane);
        const __m128i triggers = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')), _mm_cmpeq_epi8(v, _mm_set1_epi8('+'))),
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('-')), _mm_cmpeq_epi8(v, _mm_set1_epi8('='))),
                         _mm_cmpeq_epi8(v, _mm_set1_epi8('@'))));
        c.triggers |= (uint64_t)(uint16_t)_mm_movemask_epi8(triggers) << (16 * lane);
    }
#else
    for (int i = 0; i < 64; i++) {
        const uint8_t b = bytes[i];
        const uint64_t bit = (uint64_t)1 << i;
        if (b == delimiter) c.delimiters |= bit;
        if (b == '\n' || b == '\r') c.lineBreaks |= bit;
        if (b == '"') c.quotes |= bit;
        if (b == '\t' || b == '+' || b == '-' || b == '=' || b == '@') c.triggers |= bit;
    }
#endif
    PIN_MASKS(c);
    return c;
}

static abikit_record_scan scan_portable(const abikit_scan_request *request, intptr_t offset) {
    SCAN_BODY(classify_portable)
}

abikit_record_scan abikit_scan_plain_record_portable(const abikit_scan_request *request, intptr_t offset) {
    return scan_portable(request, offset);
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define AVX2_TARGET __attribute__((target("avx2,bmi,popcnt")))

static inline __attribute__((always_inline)) AVX2_TARGET plain_classes classify_avx2(const uint8_t *bytes, uint8_t delimiter) {
    const __m256i d = _mm256_set1_epi8((char)delimiter);
    const __m256i quote = _mm256_set1_epi8('"');
    const __m256i cr = _mm256_set1_epi8('\r');
    const __m256i lf = _mm256_set1_epi8('\n');
    const __m256i low = _mm256_loadu_si256((const __m256i *)bytes);
    const __m256i high = _mm256_loadu_si256((const __m256i *)(bytes + 32));
    plain_classes c;
    c.delimiters = (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(low, d))
        | (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(high, d)) << 32;
    c.lineBreaks = (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_or_si256(_mm256_cmpeq_epi8(low, lf), _mm256_cmpeq_epi8(low, cr)))
        | (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_or_si256(_mm256_cmpeq_epi8(high, lf), _mm256_cmpeq_epi8(high, cr))) << 32;
    c.quotes = (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(low, quote))
        | (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(high, quote)) << 32;
    const __m256i tab = _mm256_set1_epi8('\t'), plus = _mm256_set1_epi8('+'), minus = _mm256_set1_epi8('-');
    const __m256i equals = _mm256_set1_epi8('='), at = _mm256_set1_epi8('@');
    const __m256i lowTriggers = _mm256_or_si256(
        _mm256_or_si256(_mm256_cmpeq_epi8(low, tab), _mm256_cmpeq_epi8(low, plus)),
        _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(low, minus), _mm256_cmpeq_epi8(low, equals)), _mm256_cmpeq_epi8(low, at)));
    const __m256i highTriggers = _mm256_or_si256(
        _mm256_or_si256(_mm256_cmpeq_epi8(high, tab), _mm256_cmpeq_epi8(high, plus)),
        _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(high, minus), _mm256_cmpeq_epi8(high, equals)), _mm256_cmpeq_epi8(high, at)));
    c.triggers = (uint64_t)(uint32_t)_mm256_movemask_epi8(lowTriggers) | (uint64_t)(uint32_t)_mm256_movemask_epi8(highTriggers) << 32;
    PIN_MASKS(c);
    return c;
}

static AVX2_TARGET abikit_record_scan scan_avx2(const abikit_scan_request *request, intptr_t offset) {
    SCAN_BODY(classify_avx2)
}

typedef abikit_record_scan (*scan_function)(const abikit_scan_request *, intptr_t);
static scan_function chosen_scan = scan_portable;

// Chosen once when the library loads, before any thread can call the scan.
__attribute__((constructor)) static void choose_scan(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("popcnt")) {
        chosen_scan = scan_avx2;
    }
}

abikit_record_scan abikit_scan_plain_record(const abikit_scan_request *request, intptr_t offset) {
    return chosen_scan(request, offset);
}
#else
abikit_record_scan abikit_scan_plain_record(const abikit_scan_request *request, intptr_t offset) {
    return scan_portable(request, offset);
}
#endif
