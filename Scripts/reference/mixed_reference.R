#!/usr/bin/env Rscript
# Reference fits for `abikit mixed` (ABIBatch LinearMixedModel): lme4 + lmerTest (+ pbkrtest for
# Kenward-Roger df) on lme4's sleepstudy and Pastes, nlme's Orthodont and seeded synthetic trials
# (one with subjects nested in sites).
# Writes, into Tests/ABIBatchTests/Resources/:
#   mixed_sleepstudy.csv, mixed_orthodont.csv, mixed_trial.csv, mixed_singular.csv,
#   mixed_pastes.csv, mixed_nested_trial.csv  (the data)
#   mixed_reference.json  (the fits; header names this script, R and the package versions)
# Usage: Rscript Scripts/reference/mixed_reference.R   (from the repository root)
# Debian: r-base-core, r-cran-lme4, r-cran-lmertest, r-cran-pbkrtest, r-cran-nlme, r-cran-jsonlite.
suppressPackageStartupMessages({
  library(lme4); library(lmerTest); library(pbkrtest); library(nlme); library(jsonlite)
})
out <- "Tests/ABIBatchTests/Resources"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

# Data --------------------------------------------------------------------------------------------
sleep <- lme4::sleepstudy
sleep$Subject <- as.character(sleep$Subject)
write.csv(sleep, file.path(out, "mixed_sleepstudy.csv"), row.names = FALSE)

orth <- as.data.frame(nlme::Orthodont)
orth$Subject <- as.character(orth$Subject)
orth$Sex <- as.character(orth$Sex)
write.csv(orth, file.path(out, "mixed_orthodont.csv"), row.names = FALSE)

# An unbalanced two-arm trial with dropouts: 60 subjects, visits at weeks 0..6, random intercept and
# slope (correlated), a few missing ABI values.
set.seed(20261205)
n_subj <- 60
rows <- list()
for (s in seq_len(n_subj)) {
  arm <- if (s %% 2 == 0) "treated" else "control"
  last <- sample(2:6, 1, prob = c(0.1, 0.1, 0.15, 0.15, 0.5))  # dropout
  weeks <- 0:last
  b0 <- rnorm(1, 0, 0.08); b1 <- 0.03 * b0 + rnorm(1, 0, 0.008)
  abi <- 0.85 + b0 + (-0.004 + (arm == "treated") * 0.012 + b1) * weeks + rnorm(length(weeks), 0, 0.04)
  rows[[s]] <- data.frame(subject = sprintf("S%03d", s), arm = arm, week = weeks, weeks = weeks, abi = round(abi, 4))
}
trial <- do.call(rbind, rows)
trial$abi[c(7, 50, 133)] <- NA
write.csv(trial, file.path(out, "mixed_trial.csv"), row.names = FALSE, na = "")

# A random slope with no variance in the simulation: lme4 reports a singular fit (theta[3] = 0).
set.seed(1)
rows <- list()
for (s in 1:20) {
  t <- 0:4
  y <- 10 + rnorm(1, 0, 2) + 0.3 * t + rnorm(5, 0, 1)
  rows[[s]] <- data.frame(id = paste0("P", s), time = t, y = round(y, 3))
}
singular <- do.call(rbind, rows)
write.csv(singular, file.path(out, "mixed_singular.csv"), row.names = FALSE)

# lme4's Pastes (Davies & Goldsmith 1972): paste strength, 3 casks nested in each of 10 batches
# (cask labels a-c repeat across batches: a cask is identified by its batch), 2 assays per cask.
pastes <- as.data.frame(lme4::Pastes)[, c("strength", "batch", "cask")]
pastes$batch <- as.character(pastes$batch); pastes$cask <- as.character(pastes$cask)
write.csv(pastes, file.path(out, "mixed_pastes.csv"), row.names = FALSE)

# A multicentre trial: 8 sites, 6-10 subjects per site (labels S01.. restart in every site), weeks
# 0..5 with dropouts; site and subject random intercepts, a subject slope.
set.seed(20261206)
rows <- list()
for (site in 1:8) {
  site_effect <- rnorm(1, 0, 0.05)
  for (s in seq_len(sample(6:10, 1))) {
    arm <- if (s %% 2 == 0) "treated" else "control"
    weeks <- 0:sample(3:5, 1)
    b0 <- rnorm(1, 0, 0.07); b1 <- rnorm(1, 0, 0.006)
    abi <- 0.86 + site_effect + b0 + (-0.003 + (arm == "treated") * 0.01 + b1) * weeks + rnorm(length(weeks), 0, 0.035)
    rows[[length(rows) + 1]] <- data.frame(site = sprintf("site%d", site), subject = sprintf("S%02d", s), arm = arm,
                                           weeks = weeks, abi = round(abi, 4))
  }
}
nested <- do.call(rbind, rows)
nested$abi[c(11, 90)] <- NA
write.csv(nested, file.path(out, "mixed_nested_trial.csv"), row.names = FALSE, na = "")

# Fits --------------------------------------------------------------------------------------------
# Tight optimiser tolerances so that lme4's optimum is accurate beyond the test tolerance; the fit
# with lme4's default control is recorded too (its log-likelihood is the "no worse than" bound).
tight <- lmerControl(optimizer = "nloptwrap",
                     optCtrl = list(xtol_abs = 1e-13, ftol_abs = 1e-15, xtol_rel = 1e-13, ftol_rel = 1e-15, maxeval = 1e5),
                     check.conv.singular = "ignore")

num <- function(x) unname(as.numeric(x))

fit_one <- function(name, file, data, formula, reml, tests = character(0), reference = list(), kr = FALSE) {
  f <- as.formula(formula)
  m <- lmerTest::lmer(f, data = data, REML = reml, control = tight)
  m0 <- lme4::lmer(f, data = data, REML = reml)
  s <- summary(m, ddf = "Satterthwaite")
  co <- s$coefficients
  est <- co[, "Estimate"]; se <- co[, "Std. Error"]; df <- co[, "df"]
  q <- qt(0.975, df)
  vc <- as.data.frame(VarCorr(m))
  re <- ranef(m)[[1]]
  res <- list(
    name = name, file = file, formula = formula, reml = reml, reference = reference,
    fixef = list(names = rownames(co), estimate = num(est), std_error = num(se), df = num(df),
                 t = num(co[, "t value"]), p = num(co[, "Pr(>|t|)"]),
                 ci_low = num(est - q * se), ci_high = num(est + q * se)),
    theta = num(getME(m, "theta")), sigma = sigma(m),
    varcorr = list(grp = vc$grp, var1 = vc$var1, var2 = vc$var2, vcov = num(vc$vcov), sdcor = num(vc$sdcor)),
    loglik = num(logLik(m)), deviance_or_reml = num(if (reml) getME(m, "devcomp")$cmp[["REML"]] else deviance(m)),
    aic = AIC(m), bic = BIC(m), nobs = nobs(m), ngroups = num(getME(m, "n_rtrms")) * 0 + num(ngrps(m)[1]),
    singular = isSingular(m), default_singular = isSingular(m0),
    default_loglik = num(logLik(m0)), default_theta = num(getME(m0, "theta")),
    ranef = list(levels = rownames(re), columns = colnames(re), values = lapply(re, num)),
    ranef_outer = if (length(ranef(m)) > 1) {
      ro <- ranef(m)[[2]]; list(levels = rownames(ro), columns = colnames(ro), values = lapply(ro, num))
    } else NULL,
    vcov_beta = lapply(seq_len(nrow(vcov(m))), function(i) num(as.matrix(vcov(m))[i, ]))
  )
  if (length(tests) > 0) {
    a <- anova(m, type = 3, ddf = "Satterthwaite")
    res$anova <- lapply(tests, function(t) list(term = t, f = a[t, "F value"], numdf = a[t, "NumDF"],
                                                dendf = a[t, "DenDF"], p = a[t, "Pr(>F)"]))
  }
  if (kr && reml) {
    k <- summary(m, ddf = "Kenward-Roger")$coefficients
    res$kenward_roger <- list(std_error = num(k[, "Std. Error"]), df = num(k[, "df"]), p = num(k[, "Pr(>|t|)"]))
  }
  res
}

trial$arm <- factor(trial$arm)
orth$Sex <- factor(orth$Sex, levels = c("Male", "Female"))
fits <- list(
  fit_one("sleep_slope_reml", "mixed_sleepstudy.csv", sleep, "Reaction ~ Days + (Days | Subject)", TRUE, kr = TRUE),
  fit_one("sleep_slope_ml", "mixed_sleepstudy.csv", sleep, "Reaction ~ Days + (Days | Subject)", FALSE),
  fit_one("sleep_uncorrelated_reml", "mixed_sleepstudy.csv", sleep, "Reaction ~ Days + (Days || Subject)", TRUE),
  fit_one("sleep_intercept_reml", "mixed_sleepstudy.csv", sleep, "Reaction ~ Days + (1 | Subject)", TRUE, kr = TRUE),
  fit_one("sleep_intercept_ml", "mixed_sleepstudy.csv", sleep, "Reaction ~ Days + (1 | Subject)", FALSE),
  fit_one("orthodont_reml", "mixed_orthodont.csv", orth, "distance ~ age * Sex + (1 | Subject)", TRUE,
          tests = c("age:Sex"), reference = list(Sex = "Male"), kr = TRUE),
  fit_one("trial_slope_reml", "mixed_trial.csv", trial, "abi ~ arm * weeks + (1 + weeks | subject)", TRUE,
          tests = c("arm:weeks"), kr = TRUE),
  fit_one("trial_slope_ml", "mixed_trial.csv", trial, "abi ~ arm * weeks + (1 + weeks | subject)", FALSE,
          tests = c("arm:weeks")),
  fit_one("trial_factor_week_reml", "mixed_trial.csv", trial, "abi ~ arm * factor(week) + (1 | subject)", TRUE,
          tests = c("arm:factor(week)")),
  fit_one("trial_uncorrelated_reml", "mixed_trial.csv", trial, "abi ~ arm * weeks + (1 + weeks || subject)", TRUE),
  fit_one("singular_slope_reml", "mixed_singular.csv", singular, "y ~ time + (1 + time | id)", TRUE),
  fit_one("pastes_nested_reml", "mixed_pastes.csv", pastes, "strength ~ 1 + (1 | batch/cask)", TRUE),
  fit_one("pastes_nested_ml", "mixed_pastes.csv", pastes, "strength ~ 1 + (1 | batch/cask)", FALSE),
  fit_one("nested_trial_reml", "mixed_nested_trial.csv", nested, "abi ~ arm * weeks + (1 | site/subject)", TRUE,
          tests = c("arm:weeks")),
  fit_one("nested_trial_slope_reml", "mixed_nested_trial.csv", nested, "abi ~ arm * weeks + (1 + weeks | site/subject)", TRUE),
  fit_one("nested_trial_ml", "mixed_nested_trial.csv", nested, "abi ~ arm * weeks + (1 | site/subject)", FALSE)
)

versions <- sapply(c("lme4", "lmerTest", "pbkrtest", "nlme", "Matrix", "jsonlite", "numDeriv"),
                   function(p) as.character(packageVersion(p)))
doc <- list(
  header = list(generator = "Scripts/reference/mixed_reference.R", r = R.version.string,
                packages = as.list(versions),
                optimizer = "lme4 nloptwrap (NLopt BOBYQA), xtol_abs 1e-13, ftol_abs 1e-15; default_* fields: lme4 defaults",
                satterthwaite = "lmerTest summary(ddf = 'Satterthwaite'); ci = estimate +- qt(0.975, df) * std_error"),
  fits = fits)
writeLines(toJSON(doc, auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "string"),
           file.path(out, "mixed_reference.json"))
cat("wrote", file.path(out, "mixed_reference.json"), "\n")
