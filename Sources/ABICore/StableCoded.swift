/// An option or result whose raw value is its stable code: the text command lines accept and
/// reports print. The code never changes once released.
public protocol StableCoded: RawRepresentable, CaseIterable where RawValue == String {}

extension StableCoded {
    /// Stable code for command lines and reports.
    @inlinable
    public var code: String { rawValue }

    /// The case with this code (exact, case-sensitive), or nil.
    @inlinable
    public init?(code: String) { self.init(rawValue: code) }
}
