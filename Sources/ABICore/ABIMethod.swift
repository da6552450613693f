/// Which pressures form the ABI. Every report states the method's `code`.
public enum ABIMethod: String, Sendable, Equatable, StableCoded {
    /// Higher of DP and PT of the leg over the higher brachial pressure (AHA/ACC 2016
    /// Gerhard-Herman; ACC/AHA 2024 Gornik; Aboyans 2012 AHA statement). The default.
    case standard = "standard"
    /// Lower of DP and PT over the higher brachial pressure: more sensitive (getABI, Diehm:
    /// 34.5% vs 18.0% PAD prevalence on the same readings). A noncompressible artery is left
    /// out when the other artery has a pressure (its pressure is the lower one).
    case lowerAnkle = "lower-ankle"
    /// Posterior tibial only, over the higher brachial pressure.
    case posteriorTibialOnly = "pt-only"
    /// Dorsalis pedis only, over the higher brachial pressure.
    case dorsalisPedisOnly = "dp-only"
    /// Higher ankle over the mean of both arms, or the higher arm when the arms differ by
    /// >= 10 mmHg (getABI, Diehm).
    case meanArms = "mean-arms"
    /// NHANES 1999-2004 LEXABPI: mean of the repeated PT readings over the mean of the repeated
    /// readings of one arm: the right arm, or the left when the right has no pressure.
    case nhanes = "nhanes"
}
