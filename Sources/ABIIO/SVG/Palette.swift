/// The Okabe-Ito colour-blind-safe palette (Okabe & Ito 2008, "Color Universal Design";
/// recommended by Wong 2011, Nature Methods 8:441), as `#RRGGBB`.
public enum Palette {
    public static let black = "#000000"
    public static let orange = "#E69F00"
    public static let skyBlue = "#56B4E9"
    public static let bluishGreen = "#009E73"
    public static let yellow = "#F0E442"
    public static let blue = "#0072B2"
    public static let vermillion = "#D55E00"
    public static let reddishPurple = "#CC79A7"
    /// Axis, grid and neutral greys (not data colours).
    public static let axis = "#333333"
    public static let grid = "#DDDDDD"
    public static let neutral = "#999999"

    /// Colours for data series in order: the strongest contrasts on white first, yellow last.
    public static let series = [blue, orange, bluishGreen, vermillion, reddishPurple, skyBlue, black, yellow]

    /// The colour of series `index` (cycling after 8 series; ``dash(forSeries:)`` then tells
    /// cycles apart).
    public static func colour(forSeries index: Int) -> String { series[index % series.count] }

    /// A dash pattern for series `index`: solid for the first 8, then dashed, dotted, ...
    public static func dash(forSeries index: Int) -> String? {
        switch (index / series.count) % 3 {
        case 0: return nil
        case 1: return "6 3"
        default: return "2 2"
        }
    }
}
