#!/usr/bin/env Rscript
# Reference values for `abikit agree` (ABIStatistics/Agreement) from R.
#
# Writes Tests/ABIStatisticsTests/Resources/agree_r.json and the CLI fixture
# Fixtures/agree/methods.csv, Fixtures/agree/raters.csv (the data the CLI tests use).
# Packages (Debian): r-base-core, r-cran-psych, r-cran-proc, r-cran-jsonlite, r-cran-epir.
# Run from the repository root:  Rscript Scripts/reference/agree_reference.R
suppressPackageStartupMessages({ library(jsonlite); library(psych); library(pROC); library(epiR) })

out <- list(header = list(
  generated_by = "Scripts/reference/agree_reference.R",
  versions = list(R = paste(R.version$major, R.version$minor, sep = "."),
                  psych = as.character(packageVersion("psych")),
                  pROC = as.character(packageVersion("pROC")),
                  epiR = as.character(packageVersion("epiR")),
                  jsonlite = as.character(packageVersion("jsonlite")))))

# Bland-Altman: approximate (Bland & Altman 1999) and exact (Carkeet 2015, noncentral t) intervals.
ba <- function(a, b, level = 0.95) {
  d <- a - b; n <- length(d); m <- mean(d); s <- sd(d)
  z <- qnorm((1 + level) / 2); t <- qt((1 + level) / 2, n - 1)
  lo <- m - z * s; up <- m + z * s
  h <- t * s * sqrt(1 / n + z^2 / (2 * (n - 1)))
  kl <- qt((1 - level) / 2, n - 1, ncp = z * sqrt(n)) / sqrt(n)
  ku <- qt((1 + level) / 2, n - 1, ncp = z * sqrt(n)) / sqrt(n)
  mean_ab <- (a + b) / 2
  fit <- summary(lm(d ~ mean_ab))
  ci <- confint(lm(d ~ mean_ab), level = level)
  sw <- shapiro.test(d)
  list(n = n, bias = m, sd = s,
       bias_ci = c(m - t * s / sqrt(n), m + t * s / sqrt(n)),
       lower = lo, upper = up, lower_ci = c(lo - h, lo + h), upper_ci = c(up - h, up + h),
       upper_exact = c(m + kl * s, m + ku * s), lower_exact = c(m - ku * s, m - kl * s),
       slope = coef(fit)[2, 1], slope_se = coef(fit)[2, 2], slope_p = coef(fit)[2, 4],
       slope_ci = unname(ci[2, ]), intercept = coef(fit)[1, 1],
       shapiro_w = unname(sw$statistic), shapiro_p = sw$p.value)
}

# Bland & Altman 1986, Table 1: PEFR (l/min), Wright and mini Wright meters, first readings.
wright <- c(494, 395, 516, 434, 476, 557, 413, 442, 650, 433, 417, 656, 267, 478, 178, 423, 427)
mini   <- c(512, 430, 520, 428, 500, 600, 364, 380, 658, 445, 432, 626, 260, 477, 259, 350, 451)
out$pefr <- c(list(a = wright, b = mini), ba(wright, mini))

# A seeded ABI method-comparison set (two legs per subject; 2-decimal values as devices print).
set.seed(20261205)
subjects <- 40
id <- rep(sprintf("S%02d", 1:subjects), each = 2)
true <- rep(rnorm(subjects, 0.98, 0.2), each = 2) + rnorm(2 * subjects, 0, 0.06)
doppler <- round(true + rnorm(2 * subjects, 0, 0.04), 2)
osc <- round(true + 0.03 + 0.15 * (true - 1) + rnorm(2 * subjects, 0, 0.05), 2)
out$abi <- c(list(id = id, a = osc, b = doppler), ba(osc, doppler))
rel <- 100 * (osc - doppler) / ((osc + doppler) / 2)
r <- ba(rel, 0 * rel)
out$abi_relative <- list(bias = r$bias, sd = r$sd, bias_ci = r$bias_ci, lower = r$lower, upper = r$upper,
                         lower_ci = r$lower_ci, upper_ci = r$upper_ci, upper_exact = r$upper_exact,
                         lower_exact = r$lower_exact)

# Repeated measures (Bland & Altman 2007, section 5: true value varies), hand-coded from the paper.
d <- osc - doppler; g <- factor(id)
mi <- as.vector(table(g)); N <- length(d); ns <- nlevels(g)
fit <- anova(lm(d ~ g))
msb <- fit["g", "Mean Sq"]; msw <- fit["Residuals", "Mean Sq"]
div <- (N^2 - sum(mi^2)) / ((ns - 1) * N)
sb2 <- max(0, (msb - msw) / div)
out$repeated <- list(bias = mean(d), between = sb2, within = msw, sd = sqrt(sb2 + msw),
                     lower = mean(d) - qnorm(0.975) * sqrt(sb2 + msw),
                     upper = mean(d) + qnorm(0.975) * sqrt(sb2 + msw))

# Zou 2013 MOVER limits (true value varies within subjects), coded in base R from the paper's
# formulas (the same ones SimplyAgree::agree_nest implements, two-sided).
zou <- function(d, g, level = 0.95) {
  g <- factor(g); n <- nlevels(g); N <- length(d)
  m <- as.vector(table(g)); dm <- as.vector(tapply(d, g, mean))
  sw2 <- sum(tapply(d, g, function(v) sum((v - mean(v))^2))) / (N - n)
  sb2 <- var(dm); mh <- n / sum(1 / m); w <- 1 - 1 / mh
  v <- sb2 + w * sw2; z <- qnorm(0.975); zc <- qnorm((1 + level) / 2)
  lv <- v - sqrt((sb2 * (1 - (n - 1) / qchisq((1 + level) / 2, n - 1)))^2 + (w * sw2 * (1 - (N - n) / qchisq((1 + level) / 2, N - n)))^2)
  uv <- v + sqrt((sb2 * ((n - 1) / qchisq((1 - level) / 2, n - 1) - 1))^2 + (w * sw2 * ((N - n) / qchisq((1 - level) / 2, N - n) - 1))^2)
  outer <- sqrt(zc^2 * sb2 / n + z^2 * (sqrt(uv) - sqrt(v))^2)
  inner <- sqrt(zc^2 * sb2 / n + z^2 * (sqrt(v) - sqrt(lv))^2)
  lo <- mean(dm) - z * sqrt(v); up <- mean(dm) + z * sqrt(v)
  list(bias = mean(dm), sb2 = sb2, sw2 = sw2, sd = sqrt(v), lower = lo, upper = up,
       lower_ci = c(lo - outer, lo + inner), upper_ci = c(up - inner, up + outer))
}
out$zou <- zou(osc - doppler, id)
# Unbalanced: drop a few second legs so subjects have 1 or 2 pairs.
keep <- !(duplicated(id) & seq_along(id) %% 6 == 0)
out$zou_unbalanced <- c(list(keep = keep), zou((osc - doppler)[keep], id[keep]))

# Bland & Altman 2007 limits with MOVER intervals (Zou 2013's construction on the one-way ANOVA
# mean squares): sigma_d^2 = MSb / lambda + (1 - 1/lambda) MSw (MSw alone when MSb <= MSw), each
# mean square with its chi-square interval; bias = mean of all differences with variance
# (sigma_b^2 sum m^2 / N^2 + sigma_w^2 / N). Coded from the formulas with lm()/anova().
ba2007 <- function(d, g, level = 0.95) {
  g <- factor(g); mi <- as.vector(table(g)); N <- length(d); ns <- nlevels(g)
  tab <- anova(lm(d ~ g)); msb <- tab["g", "Mean Sq"]; msw <- tab["Residuals", "Mean Sq"]
  lambda <- (N^2 - sum(mi^2)) / ((ns - 1) * N)
  sb2 <- max(0, (msb - msw) / lambda); v <- sb2 + msw
  ci_ms <- function(ms, df) df * ms / qchisq(c((1 + level) / 2, (1 - level) / 2), df)
  if (msb > msw) {
    est <- c(msb / lambda, (1 - 1 / lambda) * msw)
    lim <- rbind(ci_ms(msb, ns - 1) / lambda, (1 - 1 / lambda) * ci_ms(msw, N - ns))
  } else {
    est <- msw; lim <- rbind(ci_ms(msw, N - ns))
  }
  lo_v <- v - sqrt(sum((est - apply(lim, 1, min))^2)); up_v <- v + sqrt(sum((apply(lim, 1, max) - est)^2))
  z <- qnorm(0.975); zc <- qnorm((1 + level) / 2)
  vb <- sb2 * sum(mi^2) / N^2 + msw / N
  outer <- sqrt(zc^2 * vb + z^2 * (sqrt(up_v) - sqrt(v))^2)
  inner <- sqrt(zc^2 * vb + z^2 * (sqrt(v) - sqrt(max(0, lo_v)))^2)
  lo <- mean(d) - z * sqrt(v); up <- mean(d) + z * sqrt(v)
  list(bias = mean(d), between = sb2, within = msw, sd = sqrt(v), lower = lo, upper = up,
       lower_ci = c(lo - outer, lo + inner), upper_ci = c(up - inner, up + outer))
}
out$ba2007_mover <- ba2007(osc - doppler, id)
out$ba2007_mover_unbalanced <- c(list(keep = keep), ba2007((osc - doppler)[keep], id[keep]))
# Between-subject variance truncated at 0 (MSb < MSw): subject means nearly equal, wide within.
trunc_d <- c(-0.10, 0.10, 0.12, -0.08, -0.11, 0.09, 0.01, 0.00, 0.03)
trunc_g <- c(1, 1, 2, 2, 3, 3, 3, 4, 4)
out$ba2007_mover_truncated <- c(list(subjects = trunc_g, differences = trunc_d), ba2007(trunc_d, trunc_g))
# The same at a 90% confidence level (limits still 95%).
out$ba2007_mover_level90 <- c(list(keep = keep), ba2007((osc - doppler)[keep], id[keep], level = 0.90))

# Lin's CCC, epiR::epi.ccc z-transform interval.
cc <- epi.ccc(osc, doppler, ci = "z-transform", conf.level = 0.95)
out$ccc <- list(estimate = cc$rho.c$est, lower = cc$rho.c$lower, upper = cc$rho.c$upper,
                bias_correction = cc$C.b)

# Diagnostic accuracy at ABI <= 0.90 (index = oscillometric, reference = Doppler).
ip <- osc <= 0.90; rp <- doppler <= 0.90
tp <- sum(ip & rp); fp <- sum(ip & !rp); fn <- sum(!ip & rp); tn <- sum(!ip & !rp)
prop <- function(x, n) {
  w <- prop.test(x, n, correct = FALSE)$conf.int; cp <- binom.test(x, n)$conf.int
  list(x = x, n = n, estimate = x / n, wilson = as.numeric(w), clopper_pearson = as.numeric(cp))
}
z <- qnorm(0.975)
sens <- tp / (tp + fn); spec <- tn / (tn + fp)
lrp <- sens / (1 - spec); lrm <- (1 - sens) / spec
se_p <- sqrt(1 / tp - 1 / (tp + fn) + 1 / fp - 1 / (fp + tn))
se_m <- sqrt(1 / fn - 1 / (tp + fn) + 1 / tn - 1 / (fp + tn))
mc <- matrix(c(tp, fn, fp, tn), 2)
mcc <- mcnemar.test(mc, correct = TRUE); mcu <- mcnemar.test(mc, correct = FALSE)
ck <- cohen.kappa(matrix(c(tp, fn, fp, tn), 2))
out$diagnostic <- list(tp = tp, fp = fp, fn = fn, tn = tn,
  sensitivity = prop(tp, tp + fn), specificity = prop(tn, tn + fp), ppv = prop(tp, tp + fp),
  npv = prop(tn, tn + fn), accuracy = prop(tp + tn, tp + fp + fn + tn),
  lr_positive = c(lrp, exp(log(lrp) - z * se_p), exp(log(lrp) + z * se_p)),
  lr_negative = c(lrm, exp(log(lrm) - z * se_m), exp(log(lrm) + z * se_m)),
  youden = sens + spec - 1,
  mcnemar_corrected = c(unname(mcc$statistic), mcc$p.value),
  mcnemar_uncorrected = c(unname(mcu$statistic), mcu$p.value),
  kappa = c(ck$kappa, ck$confid[1, 1], ck$confid[1, 3]))

# ROC: pROC, controls > threshold >= cases (low ABI = disease), DeLong interval.
ro <- roc(response = as.integer(rp), predictor = osc, levels = c(0, 1), direction = ">", quiet = TRUE)
ci <- ci.auc(ro, method = "delong")
best <- coords(ro, "best", best.method = "youden", ret = c("threshold", "sensitivity", "specificity"), transpose = FALSE)
pts <- coords(ro, "all", ret = c("threshold", "sensitivity", "specificity"), transpose = FALSE)
out$roc <- list(auc = as.numeric(ro$auc), lower = ci[1], upper = ci[3], var = var(ro, method = "delong"),
                best_threshold = best$threshold, best_sensitivity = best$sensitivity,
                best_specificity = best$specificity,
                thresholds = pts$threshold, sensitivities = pts$sensitivity, specificities = pts$specificity)

# ICC: psych::ICC(lmer = FALSE) on Shrout & Fleiss 1979 Table 2 and on a seeded 3-rater set.
icc <- function(x) {
  res <- ICC(x, lmer = FALSE)$results
  list(type = res$type, estimate = res$ICC, F = res$F, df1 = res$df1, df2 = res$df2, p = res$p,
       lower = res$`lower bound`, upper = res$`upper bound`)
}
sf <- matrix(c(9, 2, 5, 8, 6, 1, 3, 2, 8, 4, 6, 8, 7, 1, 2, 6, 10, 5, 6, 9, 6, 2, 4, 7), ncol = 4, byrow = TRUE)
out$shrout_fleiss <- c(list(ratings = sf), icc(sf))
set.seed(7)
target <- rnorm(25, 0.95, 0.18)
raters <- round(cbind(obs1 = target + rnorm(25, 0, 0.05), obs2 = target + 0.02 + rnorm(25, 0, 0.05),
                      obs3 = target - 0.01 + rnorm(25, 0, 0.06)), 2)
out$raters <- c(list(ratings = unname(raters)), icc(raters))

# Shapiro-Wilk on small and larger samples (n = 3 exact p, n <= 11 and n >= 12 branches).
set.seed(11)
sw_sets <- list(c(1, 2, 4), c(2.1, 3.3, 1.7, 5.2, 4.4), round(rexp(9), 3), round(rnorm(12), 3),
                round(runif(30), 4), round(rnorm(200, 5, 2), 3), round(rlnorm(1000), 4))
out$shapiro <- lapply(sw_sets, function(x) { s <- shapiro.test(x); list(x = x, w = unname(s$statistic), p = s$p.value) })

# Noncentral t quantiles (R's qt with ncp: AS 243 + search, accurate to about 1e-11).
nct <- expand.grid(df = c(4, 16, 59, 200), p = c(0.025, 0.975))
nct$ncp <- qnorm(0.975) * sqrt(nct$df + 1)
nct$q <- mapply(function(p, df, ncp) qt(p, df, ncp = ncp), nct$p, nct$df, nct$ncp)
nct$cdf_at_2 <- mapply(function(df, ncp) pt(ncp * 0.9, df, ncp = ncp), nct$df, nct$ncp)
out$noncentral_t <- nct

dir.create("Tests/ABIStatisticsTests/Resources", showWarnings = FALSE, recursive = TRUE)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "Tests/ABIStatisticsTests/Resources/agree_r.json")

# CLI fixtures: the seeded ABI set with a few unusable cells appended (never analysed).
dir.create("Fixtures/agree", showWarnings = FALSE, recursive = TRUE)
fmt <- function(v) formatC(v, format = "f", digits = 2)
lines <- c("id,leg,abi_osc,abi_dop", paste(id, rep(c("left", "right"), subjects), fmt(osc), fmt(doppler), sep = ","),
           "S41,left,NC,1.10", "S41,right,0.95,>255", "S42,left,error,0.88", "S42,right,,0.97", "S43,left,1.02,")
writeLines(lines, "Fixtures/agree/methods.csv")
writeLines(c("target,obs1,obs2,obs3", paste(sprintf("T%02d", 1:25), fmt(raters[, 1]), fmt(raters[, 2]), fmt(raters[, 3]), sep = ",")),
           "Fixtures/agree/raters.csv")
cat("wrote Tests/ABIStatisticsTests/Resources/agree_r.json, Fixtures/agree/methods.csv, Fixtures/agree/raters.csv\n")
