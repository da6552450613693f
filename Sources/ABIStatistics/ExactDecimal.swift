/// A decimal number read exactly from text as significand x 10^exponent (at most 18
/// significant digits), so that differences of decimal inputs can be formed without rounding.
struct ExactDecimal: Equatable {
    let significand: Int64
    let exponent: Int

    /// Parses [sign] digits [. digits] [e|E [sign] digits]; nil for anything else or more than
    /// 18 significant digits.
    init?(_ text: some StringProtocol) {
        var significand: Int64 = 0
        var exponent = 0
        var digits = 0
        var negative = false
        var seenDigit = false
        var seenPoint = false
        var utf8 = Array(text.utf8)[...]
        if let first = utf8.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            utf8 = utf8.dropFirst()
        }
        while let byte = utf8.first {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                seenDigit = true
                let digit = Int64(byte - UInt8(ascii: "0"))
                if significand != 0 || digit != 0 { digits += 1 }
                if digits > 18 { return nil }
                significand = significand * 10 + digit
                if seenPoint { exponent -= 1 }
            } else if byte == UInt8(ascii: ".") && !seenPoint {
                seenPoint = true
            } else {
                break
            }
            utf8 = utf8.dropFirst()
        }
        guard seenDigit else { return nil }
        if let marker = utf8.first, marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") {
            utf8 = utf8.dropFirst()
            var exponentNegative = false
            if let sign = utf8.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                exponentNegative = sign == UInt8(ascii: "-")
                utf8 = utf8.dropFirst()
            }
            var value = 0
            var any = false
            while let byte = utf8.first, byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                any = true
                value = min(value * 10 + Int(byte - UInt8(ascii: "0")), 100_000)
                utf8 = utf8.dropFirst()
            }
            guard any else { return nil }
            exponent += exponentNegative ? -value : value
        }
        guard utf8.isEmpty else { return nil }
        self.significand = negative ? -significand : significand
        self.exponent = exponent
    }

    /// self - other rounded once to the nearest double; nil when the exact difference does
    /// not fit in 63 bits or the scale exceeds 10^22 (then the division is no longer exact).
    func difference(from other: ExactDecimal) -> Double? {
        let common = min(exponent, other.exponent)
        guard let left = Self.scale(significand, by: exponent - common),
              let right = Self.scale(other.significand, by: other.exponent - common) else { return nil }
        let (difference, overflow) = left.subtractingReportingOverflow(right)
        guard !overflow, difference.magnitude < (1 << 53), common >= -22, common <= 22 else { return nil }
        // Both the integer and the power of ten are exact doubles, so one rounding happens here.
        let power = Self.powerOfTen(abs(common))
        return common < 0 ? Double(difference) / power : Double(difference) * power
    }

    private static func scale(_ value: Int64, by power: Int) -> Int64? {
        guard power >= 0, power <= 18 else { return nil }
        var result = value
        for _ in 0..<power {
            let (product, overflow) = result.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            result = product
        }
        return result
    }

    private static func powerOfTen(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<exponent { result *= 10 }
        return result
    }
}
