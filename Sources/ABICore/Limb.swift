/// A leg (or the arm on that side where context says so).
public enum Limb: UInt8, Sendable, Equatable, Hashable, CaseIterable {
    case left
    case right

    /// Stable code: `left` or `right`.
    public var code: String { self == .left ? "left" : "right" }
}
