/// Canvas size and title shared by every figure.
public struct FigureOptions: Sendable, Equatable {
    /// Canvas width and height in pixels (SVG user units).
    public var width: Double
    public var height: Double
    /// The figure's title; nil for the figure's default title.
    public var title: String?

    public static let minimumSize = 200.0
    public static let maximumSize = 10_000.0

    public init(width: Double = 800, height: Double = 500, title: String? = nil) {
        self.width = width
        self.height = height
        self.title = title
    }
}

/// Something a figure's reader should know about its data, drawn under the figure, put in its
/// description and reported by `abikit plot` on standard error.
public enum FigureNote: Sendable, Equatable {
    /// Values that were NaN or infinite (or not numbers) in `column`, left out.
    case nonFiniteValuesOmitted(column: String, count: Int)
    /// Rows with a missing cell in `column`, left out.
    case missingValuesOmitted(column: String, count: Int)
    /// Only `shown` of `total` subjects are drawn as lines (a deterministic sample, `seed`); the
    /// means use every subject.
    case subjectsSampled(shown: Int, total: Int, seed: UInt64)
    /// Only `shown` of `total` points are drawn (a deterministic sample); the statistics use all.
    case pointsSampled(shown: Int, total: Int)
    /// Rows the scoring engine marked as errors (no ABI).
    case rowsWithScoringErrors(count: Int)
    /// `column` has values other than the two expected levels; those rows are left out.
    case unexpectedLevelsOmitted(column: String, count: Int)
    /// Patients categorised noncompressible have no patient ABI (the scorer leaves it blank: an
    /// ankle above the noncompressible limit makes it unreliable); they are not in the bars.
    case noncompressibleWithoutABI(count: Int)
    /// Group means were taken at times rounded to the nearest `unit` (dates: each subject's visits
    /// fall on its own days).
    case meansAtRoundedTimes(unit: String)
    /// There was nothing to draw.
    case noData

    /// The note as a sentence.
    public var text: String {
        switch self {
        case .nonFiniteValuesOmitted(let column, let count):
            return "\(count) value\(count == 1 ? "" : "s") of \(column) missing or not finite, left out"
        case .missingValuesOmitted(let column, let count):
            return "\(count) row\(count == 1 ? "" : "s") with \(column) missing, left out"
        case .subjectsSampled(let shown, let total, let seed):
            return "lines: \(shown) of \(total) subjects (deterministic sample, seed \(seed)); means and CIs from all"
        case .pointsSampled(let shown, let total):
            return "points: \(shown) of \(total) drawn (deterministic sample); statistics from all"
        case .rowsWithScoringErrors(let count):
            return "\(count) row\(count == 1 ? "" : "s") with scoring errors (no ABI)"
        case .unexpectedLevelsOmitted(let column, let count):
            return "\(count) row\(count == 1 ? "" : "s") of \(column) neither level, left out"
        case .noncompressibleWithoutABI(let count):
            return "\(count) noncompressible patient\(count == 1 ? " has" : "s have") no patient ABI (not in the bars)"
        case .meansAtRoundedTimes(let unit):
            return "means and CIs at times rounded to the nearest \(unit)"
        case .noData:
            return "no data to draw"
        }
    }
}

/// Deterministic pseudo-random numbers for sampling and jitter: SplitMix64 (Steele, Lea & Flood
/// 2014, "Fast splittable pseudorandom number generators", OOPSLA) over FNV-1a hashes of the keys,
/// so a sample depends on the data and the seed only, never on row order or thread count.
public enum FigureHash {
    /// SplitMix64's finaliser of `value`.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// FNV-1a 64 of `text`'s UTF-8 bytes, mixed with `seed`.
    public static func hash(_ text: String, seed: UInt64) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return mix(hash ^ mix(seed))
    }

    /// A number in [0, 1) from `key`.
    public static func unit(_ key: UInt64) -> Double { Double(mix(key) >> 11) / Double(1 << 53) }
}

extension Array where Element == FigureNote {
    var lines: [String] { map(\.text) }
}
