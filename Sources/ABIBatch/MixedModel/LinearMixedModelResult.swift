/// A fitted linear mixed model with one grouping factor (see `LinearMixedModel`).
public struct LinearMixedModelResult: Sendable, Equatable {
    /// How the variance parameters were estimated.
    public enum Criterion: String, Sendable, Equatable {
        /// Restricted maximum likelihood (lme4's default, `REML = TRUE`).
        case reml = "REML"
        /// Maximum likelihood (`REML = FALSE`).
        case maximumLikelihood = "ML"
    }

    /// The denominator degrees of freedom of the fixed-effect t tests.
    public enum DegreesOfFreedomMethod: String, Sendable, Equatable {
        /// Satterthwaite (lmerTest's default).
        case satterthwaite = "Satterthwaite"
        /// Kenward-Roger (pbkrtest): adjusted covariance and df; REML fits only.
        case kenwardRoger = "Kenward-Roger"
    }

    /// One fixed-effect coefficient with its t test (Satterthwaite or Kenward-Roger df).
    public struct FixedEffect: Sendable, Equatable {
        public var term: String
        public var estimate: Double
        public var standardError: Double
        /// Denominator degrees of freedom (Satterthwaite or Kenward-Roger).
        public var degreesOfFreedom: Double
        public var tStatistic: Double
        public var pValue: Double
        /// estimate -/+ t(level, df) * standardError.
        public var lowerConfidenceLimit: Double
        public var upperConfidenceLimit: Double
    }

    /// The standard deviation of one random effect (or of the residual, `effect == "Residual"`).
    public struct VarianceComponent: Sendable, Equatable {
        /// The grouping column, or "Residual".
        public var group: String
        /// `(Intercept)`, a slope column, or "" for the residual.
        public var effect: String
        public var variance: Double
        public var standardDeviation: Double
    }

    /// The correlation of two random effects of the same group (correlated terms only).
    public struct EffectCorrelation: Sendable, Equatable {
        public var group: String
        public var first: String
        public var second: String
        public var correlation: Double
    }

    /// A joint F test of the coefficients of one term (lmerTest `anova(type = 3)` with
    /// Satterthwaite denominator df, for a term not contained in a higher-order term).
    public struct TermTest: Sendable, Equatable {
        public var term: String
        public var numeratorDegreesOfFreedom: Int
        public var denominatorDegreesOfFreedom: Double
        public var fStatistic: Double
        public var pValue: Double
    }

    /// Typed diagnostics.
    public enum Note: Sendable, Equatable {
        /// A variance parameter on its bound (lme4's `isSingular`, tolerance 1e-4 on the diagonal
        /// of T): a random-effect variance of zero or a correlation of +-1. The fit is valid but
        /// the random-effects structure is too rich for the data.
        case singularFit
        /// The optimiser stopped at its evaluation limit.
        case optimizerDidNotConverge(evaluations: Int)
        /// lme4's gradient check: max |H^-1 g| over the parameters not at a bound above 0.002.
        case gradientCheckFailed(maximumScaledGradient: Double)
        /// The Hessian of the deviance over the free parameters is not positive definite.
        case hessianNotPositiveDefinite
        /// The Hessian of the (theta, sigma) deviance is not positive definite: Satterthwaite df
        /// may be unreliable (lmerTest warns the same way).
        case varianceParameterCovarianceNotPositiveDefinite
        /// The Kenward-Roger computation failed (a singular information matrix or V block); no
        /// standard errors or df are given.
        case kenwardRogerFailed
        /// Input rows left out because a variable the model uses is missing.
        case droppedRows(count: Int)

        /// A sentence for people.
        public var message: String {
            switch self {
            case .singularFit:
                return "boundary (singular) fit: a random-effect variance is zero or a correlation is +-1 (theta on its bound)"
            case .optimizerDidNotConverge(let evaluations):
                return "the optimiser did not converge in \(evaluations) evaluations"
            case .gradientCheckFailed(let value):
                return "convergence check: scaled gradient \(value) exceeds 0.002 (as lme4 checks)"
            case .hessianNotPositiveDefinite:
                return "the Hessian of the deviance is not positive definite at the optimum"
            case .varianceParameterCovarianceNotPositiveDefinite:
                return "the Hessian of the deviance in (theta, sigma) is not positive definite; Satterthwaite df may be unreliable"
            case .kenwardRogerFailed:
                return "the Kenward-Roger adjustment could not be computed (singular information matrix)"
            case .droppedRows(let count):
                return "\(count) row\(count == 1 ? "" : "s") with a missing value dropped"
            }
        }
    }

    /// The conditional modes of the random effects (BLUPs, lme4's `ranef`), one row per group.
    public struct ConditionalModes: Sendable, Equatable {
        public var groupLabels: [String]
        public var effectNames: [String]
        /// `values[g][k]`: effect k of group g.
        public var values: [[Double]]
    }

    /// The formula as given.
    public var formula: String
    public var criterion: Criterion
    /// How the fixed-effect df (and, for Kenward-Roger, standard errors) were computed. Term F
    /// tests always use Satterthwaite's df.
    public var degreesOfFreedomMethod: DegreesOfFreedomMethod
    /// The optimiser and its tolerances, for the record.
    public var method: String
    public var fixedEffects: [FixedEffect]
    /// Random-effect components in effect order, then the residual.
    public var varianceComponents: [VarianceComponent]
    public var correlations: [EffectCorrelation]
    public var residualStandardDeviation: Double
    /// The log-likelihood (the REML log-likelihood for a REML fit, as lme4's `logLik`).
    public var logLikelihood: Double
    /// -2 log-likelihood: the REML criterion for REML, the deviance for ML.
    public var objective: Double
    public var aic: Double
    public var bic: Double
    public var observationCount: Int
    public var groupCount: Int
    public var droppedRowCount: Int
    public var missingByVariable: [MissingValueCount]
    /// The relative covariance factor's free elements at the optimum (lme4's `getME(m, "theta")`).
    public var theta: [Double]
    /// Number of parameters: fixed effects, theta and sigma.
    public var parameterCount: Int
    public var evaluations: Int
    public var singular: Bool
    public var notes: [Note]
    /// Covariance of the fixed effects (row-major p x p).
    public var fixedEffectCovariance: [Double]
    public var termTests: [TermTest]
    public var conditionalModes: ConditionalModes
    /// A nested term's outer groups' conditional modes (`site` of `site/subject`); nil otherwise.
    /// ``conditionalModes`` then holds the inner groups, labelled `subject:site` as lme4 labels them.
    public var outerConditionalModes: ConditionalModes? = nil
    /// Confidence level of the intervals.
    public var level: Double
}
