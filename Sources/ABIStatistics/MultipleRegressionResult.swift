import RealModule

/// The result of a multiple linear regression (ordinary least squares) fit.
///
/// Stores the ingredients (estimates, their covariance, sums of squares, degrees of freedom) and
/// derives the rest, as statsmodels' `RegressionResults` and R's `summary.lm` do. Inference
/// (t statistics, p-values, confidence intervals, F test) lives in
/// `MultipleRegressionResult+Inference.swift`.
///
/// Aliased (inestimable, linearly dependent) terms keep their place in every array with NaN
/// estimates and standard errors, and are named in `aliasedTerms` and in `notes` (R's `NA`
/// convention); they never count towards the rank or the degrees of freedom.
public struct MultipleRegressionResult: Sendable, Equatable {
    /// How the coefficient covariance matrix was estimated.
    public enum CovarianceType: Sendable, Equatable, Hashable {
        /// s^2 (X^T X)^-1.
        case classical
        /// White's heteroscedasticity-consistent estimator (White 1980, Econometrica 48:817).
        case hc0
        /// HC0 scaled by n / (n - k) (MacKinnon & White 1985, J. Econometrics 29:305).
        case hc1
        /// Squared residuals divided by 1 - h_ii (MacKinnon & White 1985).
        case hc2
        /// Squared residuals divided by (1 - h_ii)^2 (MacKinnon & White 1985).
        case hc3
        /// Cluster-robust (Cameron & Miller 2015, J. Human Resources 50:317) with statsmodels'
        /// default small-sample factor G/(G-1) * (n-1)/(n-k); t and F use G - 1 denominator
        /// degrees of freedom.
        case cluster

        /// Short name as statsmodels spells it (`nonrobust`, `HC0`...`HC3`, `cluster`).
        public var name: String {
            switch self {
            case .classical: "nonrobust"
            case .hc0: "HC0"
            case .hc1: "HC1"
            case .hc2: "HC2"
            case .hc3: "HC3"
            case .cluster: "cluster"
            }
        }
    }

    /// The formula, or a description of the design when fitted from a matrix.
    public let model: String
    /// How the fit was computed (algorithm and options), for reports.
    public let method: String
    /// Term (column) names of the design, in order.
    public let termNames: [String]
    /// Coefficient estimates; NaN for aliased terms.
    public let estimates: [Double]
    /// Covariance matrix of the estimates (rows of `covariance`), of the chosen `covarianceType`;
    /// rows and columns of aliased terms are NaN.
    public let covariance: [[Double]]
    /// The covariance estimator.
    public let covarianceType: CovarianceType
    /// Number of clusters when `covarianceType == .cluster`, else nil.
    public let clusterCount: Int?
    /// Whether the model has an intercept (R^2 centred, F excludes it).
    public let hasIntercept: Bool
    /// Rows used in the fit.
    public let observationCount: Int
    /// Rows dropped because a variable the model uses was missing (NaN or "").
    public let droppedRowCount: Int
    /// Numerical rank of the design (number of estimated coefficients).
    public let rank: Int
    /// Sum of squared residuals.
    public let residualSumOfSquares: Double
    /// Total sum of squares: about the mean with an intercept, about zero without (uncentred).
    public let totalSumOfSquares: Double
    /// 2-norm condition number of the design's estimable columns (statsmodels' `condition_number`).
    public let conditionNumber: Double
    /// Overall F statistic: explained over residual mean square for the classical covariance;
    /// with robust covariances the Wald statistic over all non-intercept terms divided by their
    /// number (statsmodels' convention). NaN when there is no term to test.
    public let fStatistic: Double
    /// Residuals y - X b of the rows used, in row order.
    public let residuals: [Double]
    /// Non-fatal findings: aliased terms, a large condition number, dropped rows.
    public let notes: [String]

    /// Creates a result (normally done by ABIBatch's regression procedures).
    public init(model: String, method: String, termNames: [String], estimates: [Double], covariance: [[Double]],
                covarianceType: CovarianceType, clusterCount: Int?, hasIntercept: Bool, observationCount: Int,
                droppedRowCount: Int, rank: Int, residualSumOfSquares: Double, totalSumOfSquares: Double,
                conditionNumber: Double, fStatistic: Double, residuals: [Double], notes: [String]) {
        precondition(termNames.count == estimates.count && covariance.count == estimates.count,
                     "one name, estimate and covariance row per term")
        self.model = model
        self.method = method
        self.termNames = termNames
        self.estimates = estimates
        self.covariance = covariance
        self.covarianceType = covarianceType
        self.clusterCount = clusterCount
        self.hasIntercept = hasIntercept
        self.observationCount = observationCount
        self.droppedRowCount = droppedRowCount
        self.rank = rank
        self.residualSumOfSquares = residualSumOfSquares
        self.totalSumOfSquares = totalSumOfSquares
        self.conditionNumber = conditionNumber
        self.fStatistic = fStatistic
        self.residuals = residuals
        self.notes = notes
    }

    /// Terms that could not be estimated (linearly dependent on others).
    public var aliasedTerms: [String] {
        zip(termNames, estimates).filter { $0.1.isNaN }.map(\.0)
    }

    /// Residual degrees of freedom, n - rank.
    public var residualDegreesOfFreedom: Int { observationCount - rank }

    /// Model degrees of freedom, rank minus one for the intercept.
    public var modelDegreesOfFreedom: Int { rank - (hasIntercept ? 1 : 0) }

    /// Denominator degrees of freedom for t and F: n - rank, or G - 1 for cluster-robust
    /// covariance (statsmodels' `df_resid_inference`).
    public var inferenceDegreesOfFreedom: Int {
        if covarianceType == .cluster, let clusterCount { return clusterCount - 1 }
        return residualDegreesOfFreedom
    }

    /// Standard errors (square roots of the covariance diagonal); NaN for aliased terms.
    public var standardErrors: [Double] {
        (0..<estimates.count).map { covariance[$0][$0].squareRoot() }
    }

    /// Coefficient of determination: 1 - RSS/TSS (uncentred without an intercept, like R and
    /// statsmodels). NaN when TSS is 0.
    public var rSquared: Double {
        totalSumOfSquares > 0 ? 1 - residualSumOfSquares / totalSumOfSquares : .nan
    }

    /// Adjusted R^2: 1 - (n - c)/(n - rank) (1 - R^2), c = 1 with an intercept, else 0.
    public var adjustedRSquared: Double {
        let constant = hasIntercept ? 1.0 : 0.0
        return 1 - (Double(observationCount) - constant) / Double(residualDegreesOfFreedom) * (1 - rSquared)
    }

    /// Residual standard error sqrt(RSS / (n - rank)); NaN with no residual degrees of freedom.
    public var residualStandardError: Double {
        residualDegreesOfFreedom > 0 ? (residualSumOfSquares / Double(residualDegreesOfFreedom)).squareRoot() : .nan
    }

    /// Gaussian log-likelihood at the estimates, -n/2 (log(2 pi RSS / n) + 1) (statsmodels' `llf`).
    /// Plus infinity for a perfect fit: RSS = 0, or no residual degrees of freedom (the model
    /// interpolates the data, and the computed RSS is rounding error whose logarithm would be noise).
    public var logLikelihood: Double {
        guard residualDegreesOfFreedom > 0 else { return .infinity }
        let n = Double(observationCount)
        return -n / 2 * (Double.log(2 * Double.pi * residualSumOfSquares / n) + 1)
    }

    /// Akaike information criterion -2 logL + 2 rank (statsmodels' OLS convention; the error
    /// variance is not counted).
    public var aic: Double { -2 * logLikelihood + 2 * Double(rank) }

    /// Bayesian information criterion -2 logL + log(n) rank.
    public var bic: Double { -2 * logLikelihood + Double.log(Double(observationCount)) * Double(rank) }
}

