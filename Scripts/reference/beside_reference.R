#!/usr/bin/env Rscript
# Reference values for correlation tests (cor.test), repeated-measures correlation (rmcorr's
# definition), Fisher's exact test (fisher.test), tableone's standardised mean differences and the
# one-sample t interval of cohort slopes. Writes Tests/ABIStatisticsTests/Resources/beside_r.json.
# Run from the repository root: Rscript Scripts/reference/beside_reference.R
# Needs: jsonlite, psych, MASS (R recommended). tableone and rmcorr are not required: their
# formulas are reproduced below from their sources (cited at each function).
suppressPackageStartupMessages({ library(jsonlite); library(psych); library(MASS) })
set.seed(20261205)

num <- function(x) ifelse(is.na(x), NA, x)

# --- Correlation: R cor.test (Pearson: t test and Fisher z interval; Spearman: t approximation) ---
correlation_case <- function(x, y) {
  p <- cor.test(x, y, method = "pearson")
  s <- suppressWarnings(cor.test(x, y, method = "spearman", exact = FALSE))
  ci <- if (is.null(p$conf.int)) c(NA, NA) else as.numeric(p$conf.int)
  list(x = x, y = y, n = length(x),
       pearson = list(r = unname(p$estimate), t = unname(p$statistic), df = unname(p$parameter), p = p$p.value,
                      ci_lower = num(ci[1]), ci_upper = num(ci[2])),
       spearman = list(r = unname(s$estimate), p = s$p.value))
}
cases <- list()
for (n in c(4, 5, 7, 12, 40)) {
  x <- round(rnorm(n, 1.0, 0.15), 2)               # ABI-like, with ties after rounding
  y <- round(0.6 * x + rnorm(n, 0, 0.08), 2)
  cases[[length(cases) + 1]] <- correlation_case(x, y)
}
cases[[length(cases) + 1]] <- correlation_case(c(1, 2, 3, 4, 5, 6), c(6, 5, 5, 3, 2, 1))   # strong negative, ties
cases[[length(cases) + 1]] <- correlation_case(c(0.9, 1.1, 1.0, 1.2, 0.8, 1.0, 1.3, 0.7), c(50, 49, 52, 48, 51, 50, 47, 53))

# --- Repeated-measures correlation, exactly as rmcorr::rmcorr computes it (lmarusich/rmcorr R/rmcorr.R):
# lm(Measure2 ~ Participant + Measure1) with sum contrasts, type III SS by drop1, r = sign(b) sqrt(SSx / (SSx + SSres)),
# p from drop1's F test, CI psych::r.con(r, df.residual).
rmcorr_case <- function(subject, x, y) {
  d <- na.omit(data.frame(subject = factor(subject), x = x, y = y))
  op <- options(contrasts = c("contr.sum", "contr.poly")); on.exit(options(op))
  fit <- lm(y ~ subject + x, data = d)
  df <- fit$df.residual
  t3 <- drop1(fit, ~., test = "F")
  ssx <- t3$`Sum of Sq`[3]; ssres <- t3$RSS[1]
  r <- as.numeric(sign(coef(fit)["x"]) * sqrt(ssx / (ssx + ssres)))
  ci <- if (df > 3) psych::r.con(r, df, p = 0.95) else c(NA, NA)
  list(subject = as.character(subject), x = num(x), y = num(y), r = r, df = df, p = t3$`Pr(>F)`[3],
       ci_lower = num(ci[1]), ci_upper = num(ci[2]), subjects = nlevels(droplevels(d$subject)))
}
rm_cases <- list()
for (k in c(3, 6, 15)) {
  subject <- rep(sprintf("s%02d", 1:k), times = sample(2:5, k, replace = TRUE))
  level <- rnorm(k, 1.0, 0.2)[as.integer(factor(subject))]
  x <- round(level + rnorm(length(subject), 0, 0.1), 2)
  y <- round(20 * level + 8 * (x - level) + rnorm(length(subject), 0, 1), 1)
  if (k == 6) { x[2] <- NA; y[7] <- NA }
  rm_cases[[length(rm_cases) + 1]] <- rmcorr_case(subject, x, y)
}
# Two legs per patient at three visits, one patient with a single complete row.
subject <- rep(c("p1", "p2", "p3", "p4", "p5"), each = 6)
x <- round(c(0.9, 0.92, 0.95, 1.0, 1.02, 1.05, 0.7, 0.75, 0.72, 0.8, 0.78, 0.85, 1.1, 1.08, 1.12, 1.15, 1.1, 1.2,
             0.6, 0.62, 0.66, 0.7, 0.65, 0.72, 1.0, NA, NA, NA, NA, NA), 2)
y <- c(30, 31, 33, 34, 35, 37, 20, 22, 21, 24, 23, 26, 40, 39, 42, 43, 41, 45, 15, 16, 18, 19, 17, 20, 33, 30, 31, 32, 33, 34)
rm_cases[[length(rm_cases) + 1]] <- rmcorr_case(subject, x, y)

# --- Fisher's exact test: R fisher.test (2 x 2: hypergeometric branch; r x c: FEXACT network algorithm) ---
fisher_tables <- list(
  matrix(c(3, 1, 1, 3), 2, byrow = TRUE),
  matrix(c(2, 7, 8, 2), 2, byrow = TRUE),
  matrix(c(1, 2, 5, 4, 3, 0), 2, byrow = TRUE),
  matrix(c(2, 0, 3, 1, 4, 1, 0, 2, 5), 3, byrow = TRUE),
  matrix(c(1, 3, 0, 2, 4, 1, 2, 0), 2, byrow = TRUE),
  matrix(c(3, 1, 0, 2, 1, 4, 2, 0, 0, 2, 5, 1), 3, byrow = TRUE),
  matrix(c(5, 2, 1, 3, 2, 6, 2, 1, 1, 2, 7, 3, 0, 1, 2, 6), 4, byrow = TRUE),
  matrix(c(10, 3, 2, 4, 12, 5, 1, 2, 9), 3, byrow = TRUE),
  matrix(c(1, 1, 1, 1, 1, 1, 1, 1, 1), 3, byrow = TRUE),
  matrix(c(0, 5, 5, 0, 5, 0), 3, byrow = TRUE)
)
fisher <- lapply(fisher_tables, function(m) list(table = lapply(seq_len(nrow(m)), function(i) m[i, ]),
                                                 p = fisher.test(m)$p.value))

# --- Standardised mean differences as tableone computes them (kaz-yos/tableone R/smdModules.R) ---
# Continuous (StdDiff): |m_i - m_j| / sqrt((v_i + v_j) / 2), pairs i < j, NA removed.
smd_continuous <- function(groups) {
  m <- sapply(groups, mean, na.rm = TRUE); v <- sapply(groups, var, na.rm = TRUE)
  pairs <- c(); for (i in seq_along(groups)) for (j in seq_along(groups)) if (i < j)
    pairs <- c(pairs, abs(m[i] - m[j]) / sqrt((v[i] + v[j]) / 2))
  list(groups = lapply(groups, num), pairs = I(unname(pairs)), mean = mean(pairs))
}
# Categorical (StdDiffMulti): proportions per group without the first level, S = (S_i + S_j) / 2,
# SMD = sqrt(T' ginv(S) T).
smd_categorical <- function(counts) {
  props <- prop.table(counts, margin = 1)
  if (ncol(props) > 1) props <- props[, -1, drop = FALSE]
  mv <- function(p) { cv <- -outer(p, p); diag(cv) <- p * (1 - p); cv }
  pairs <- c(); k <- nrow(counts)
  for (i in 1:k) for (j in 1:k) if (i < j) {
    t <- props[i, ] - props[j, ]; s <- (mv(props[i, ]) + mv(props[j, ])) / 2
    pairs <- c(pairs, sqrt(drop(t(t) %*% MASS::ginv(s) %*% t)))
  }
  list(counts = lapply(seq_len(nrow(counts)), function(i) counts[i, ]), pairs = I(pairs), mean = mean(pairs))
}
smdc <- list(
  smd_continuous(list(round(rnorm(12, 1.0, 0.12), 2), round(rnorm(9, 0.9, 0.15), 2))),
  smd_continuous(list(c(61, 70, NA, 55, 64), c(58, 66, 72, 49), c(80, 75, 77, 71, 69, NA))),
  smd_continuous(list(c(1, 2), c(2, 3), c(5, 9), c(4, 4.5)))
)
smdk <- list(
  smd_categorical(matrix(c(12, 8, 5, 15), 2, byrow = TRUE)),
  smd_categorical(matrix(c(10, 5, 3, 4, 9, 6), 2, byrow = TRUE)),
  smd_categorical(matrix(c(10, 5, 3, 4, 9, 6, 7, 7, 1), 3, byrow = TRUE)),
  smd_categorical(matrix(c(6, 0, 4, 5, 0, 7), 2, byrow = TRUE)),     # a level absent in both: singular S
  smd_categorical(matrix(c(9, 1, 0, 0, 10, 0), 2, byrow = TRUE))
)

# --- Cohort slope summary: one-sample t interval, R t.test ---
slopes <- list(c(-0.02, 0.01, -0.05, 0.0, -0.03), round(rnorm(25, -0.01, 0.04), 4), c(0.1, 0.3))
slope_cases <- lapply(slopes, function(s) { t <- t.test(s)
  list(slopes = s, mean = unname(t$estimate), sd = sd(s), ci_lower = t$conf.int[1], ci_upper = t$conf.int[2]) })

out <- list(generated_by = "Scripts/reference/beside_reference.R",
            versions = list(R = R.version.string, psych = as.character(packageVersion("psych")),
                            MASS = as.character(packageVersion("MASS")), jsonlite = as.character(packageVersion("jsonlite"))),
            correlation = cases, rmcorr = rm_cases, fisher = fisher, smd_continuous = smdc, smd_categorical = smdk,
            slopes = slope_cases)
# JSON at round-trip precision (jsonlite stops at 15 significant digits): numbers as %.17g,
# vectors of length 1 as scalars unless wrapped in I(), NA as null.
to_json <- function(x, indent = "") {
  inner <- paste0(indent, "  ")
  if (is.list(x)) {
    items <- vapply(x, to_json, "", indent = inner)
    if (!is.null(names(x))) {
      return(paste0("{\n", paste0(inner, '"', names(x), '": ', items, collapse = ",\n"), "\n", indent, "}"))
    }
    return(paste0("[\n", paste0(inner, items, collapse = ",\n"), "\n", indent, "]"))
  }
  cells <- if (is.character(x)) paste0('"', x, '"') else ifelse(is.na(x), "null", sprintf("%.17g", as.numeric(x)))
  if (length(x) == 1 && !inherits(x, "AsIs")) cells else paste0("[", paste(cells, collapse = ", "), "]")
}
json <- to_json(out)
stopifnot(isTRUE(all.equal(fromJSON(json, simplifyVector = FALSE)$fisher[[3]]$p, out$fisher[[3]]$p, tolerance = 0)))
writeLines(json, "Tests/ABIStatisticsTests/Resources/beside_r.json")
