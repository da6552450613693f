// Byte classes of 64 bytes at once for the CSV record parser (ABIIO's CSVRecordParser): SSE2
// compares and movemask, four 16-byte lanes (SSE2 is part of every x86-64 CPU); a portable loop
// elsewhere. `static inline` so that Swift inlines it into the parser's loop.
#ifndef ABIKIT_CBYTECLASSIFIER_H
#define ABIKIT_CBYTECLASSIFIER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Bit i of `marks` is set when byte i of the 64 at `bytes` is the delimiter, `"`, CR or LF; bit i
/// of `delimiters` when it is the delimiter.
typedef struct {
    uint64_t marks;
    uint64_t delimiters;
} abikit_byte_classes;

/// The classes of the 64 bytes at `bytes` (all 64 must be readable).
__attribute__((always_inline)) static inline abikit_byte_classes abikit_classify64(const uint8_t *bytes, uint8_t delimiter) {
    abikit_byte_classes result = {0, 0};
#if defined(__SSE2__)
    const __m128i d = _mm_set1_epi8((char)delimiter);
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i cr = _mm_set1_epi8('\r');
    const __m128i lf = _mm_set1_epi8('\n');
    for (int lane = 0; lane < 4; lane++) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(bytes + 16 * lane));
        const __m128i isDelimiter = _mm_cmpeq_epi8(v, d);
        const __m128i special = _mm_or_si128(_mm_or_si128(isDelimiter, _mm_cmpeq_epi8(v, quote)),
                                             _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf)));
        result.marks |= (uint64_t)(uint16_t)_mm_movemask_epi8(special) << (16 * lane);
        result.delimiters |= (uint64_t)(uint16_t)_mm_movemask_epi8(isDelimiter) << (16 * lane);
    }
#else
    for (int i = 0; i < 64; i++) {
        const uint8_t b = bytes[i];
        const uint64_t bit = (uint64_t)1 << i;
        if (b == delimiter) result.delimiters |= bit;
        if (b == delimiter || b == '"' || b == '\r' || b == '\n') result.marks |= bit;
    }
#endif
    return result;
}

/// The length of the all-ASCII prefix of the `count` bytes at `bytes`, in whole blocks of 64
/// (so at most `count`, possibly short of the first non-ASCII byte by up to 63): the caller checks
/// the rest. 0 where SSE2 is not available.
__attribute__((always_inline)) static inline size_t abikit_ascii_blocks(const uint8_t *bytes, size_t count) {
    size_t i = 0;
#if defined(__SSE2__)
    for (; i + 64 <= count; i += 64) {
        const __m128i a = _mm_or_si128(_mm_loadu_si128((const __m128i *)(bytes + i)),
                                       _mm_loadu_si128((const __m128i *)(bytes + i + 16)));
        const __m128i b = _mm_or_si128(_mm_loadu_si128((const __m128i *)(bytes + i + 32)),
                                       _mm_loadu_si128((const __m128i *)(bytes + i + 48)));
        if (_mm_movemask_epi8(_mm_or_si128(a, b)) != 0) break;
    }
#endif
    return i;
}

/// How many of the `count` bytes at `bytes` equal `byte`: 16 at a time (compare, subtract from
/// per-lane counters, summed every 255 rounds), where a memchr per occurrence costs a call per line.
__attribute__((always_inline)) static inline size_t abikit_count_byte(const uint8_t *bytes, size_t count, uint8_t byte) {
    size_t total = 0;
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i target = _mm_set1_epi8((char)byte);
    while (count - i >= 16) {
        const size_t stop = count - i > 16 * 255 ? i + 16 * 255 : count;
        __m128i lanes = _mm_setzero_si128();
        for (; i + 16 <= stop; i += 16) {
            lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(bytes + i)), target));
        }
        const __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());
        total += (size_t)_mm_cvtsi128_si64(sums) + (size_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums));
    }
#endif
    for (; i < count; i++) total += bytes[i] == byte;
    return total;
}

/// The last of the `count` bytes at `bytes` that equals `byte`, or NULL: 16 at a time from the end
/// (glibc's memrchr is a GNU extension Swift's Glibc module does not show).
__attribute__((always_inline)) static inline const uint8_t *abikit_last_byte(const uint8_t *bytes, size_t count, uint8_t byte) {
    size_t i = count;
#if defined(__SSE2__)
    const __m128i target = _mm_set1_epi8((char)byte);
    while (i >= 16) {
        const unsigned mask = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(bytes + i - 16)), target));
        if (mask != 0) return bytes + i - 16 + (31 - __builtin_clz(mask));
        i -= 16;
    }
#endif
    while (i > 0) {
        i--;
        if (bytes[i] == byte) return bytes + i;
    }
    return NULL;
}

/// A field's bounds in a chunk (the record parser's storage; laid out here so that the C record
/// scan and Swift share it): raw bytes `rawStart..<end` of the chunk, unescaped bytes `start..<end`
/// of the chunk, or of the parser's scratch when `inScratch`.
typedef struct {
    intptr_t rawStart;
    intptr_t start;
    intptr_t end;
    bool inScratch;
} abikit_field_bounds;

/// What `abikit_scan_plain_record` found: `lineBreak` is the offset of the line break (LF, CR or
/// CR LF) that ends the record, or -1 when the record is not plain (see there) and nothing else is
/// meaningful; the rest is packed in one word, read with the functions below. Two words, so that
/// it comes back in registers: returned through memory, its fields were stored one by one and read
/// back two at a time, a failed store forward on every record.
typedef struct {
    intptr_t lineBreak;
    /// Bits 0-30 the field count, 31-61 the fields past the limit, 62 a CR LF line break, 63 the
    /// prefix candidate.
    uint64_t packed;
} abikit_record_scan;

/// The most fields the packed result holds in each count; a record with more is not plain.
#define ABIKIT_SCAN_MAXIMUM_COUNT ((intptr_t)0x7FFFFFFF)

/// Fields split out, at most the request's `limit`.
static inline intptr_t abikit_scan_field_count(abikit_record_scan scan) {
    return (intptr_t)scan.packed & ABIKIT_SCAN_MAXIMUM_COUNT;
}
/// Fields after the first `limit`: counted, not split out.
static inline intptr_t abikit_scan_fields_past_limit(abikit_record_scan scan) {
    return (intptr_t)(scan.packed >> 31) & ABIKIT_SCAN_MAXIMUM_COUNT;
}
/// The offset after the line break.
static inline intptr_t abikit_scan_next(abikit_record_scan scan) {
    return scan.lineBreak + 1 + (intptr_t)((scan.packed >> 62) & 1);
}
/// Whether a stored field starts with tab, CR, `+`, `-`, `=`, `@` or byte 0 (a superset of the
/// fields that may need a formula prefix).
static inline bool abikit_scan_prefix_candidate(abikit_record_scan scan) { return (scan.packed >> 63) != 0; }

/// What `abikit_scan_plain_record` scans and where it stores fields, the same for every record of a
/// chunk. Passed by pointer: with the offset that is two register arguments, where eight had three
/// of them passed on the stack and read back with a wider load than their stores (a stalled store
/// forward on every record).
typedef struct {
    const uint8_t *base;
    intptr_t end;
    uint64_t wanted;
    intptr_t limit;
    abikit_field_bounds *fields;
    intptr_t capacity;
    uint8_t delimiter;
} abikit_scan_request;

/// Splits the record that starts at `offset` of `base[0..<end]` when it is plain: a line break (LF,
/// CR or CR LF) ends it within whole 64-byte blocks before `end`, and no `"` comes before it. Fields
/// are separated by `delimiter`; field i < `limit` has its bounds stored in `fields[i]` when bit i
/// of `wanted` is set (always for i >= 64), and fields after the first `limit` are only counted.
/// Anything else (a quote, no line break in the whole blocks, more stored fields than `capacity`)
/// returns `lineBreak` -1 with nothing promised about `fields`: the caller reads the record the
/// general way. With AVX2, BMI1 and POPCNT where the CPU has them (chosen once at load).
abikit_record_scan abikit_scan_plain_record(const abikit_scan_request *request, intptr_t offset);

/// `abikit_scan_plain_record` with the baseline classifier whatever the CPU has (for tests that
/// compare the two versions).
abikit_record_scan abikit_scan_plain_record_portable(const abikit_scan_request *request, intptr_t offset);

#endif
