#!/usr/bin/env Rscript
# Reference values from R for the comparison statistics (abikit compare).
# Reads the inputs from Tests/ABIStatisticsTests/Resources/compare.json (written by
# Scripts/reference/compare_reference.py) and writes compare_r.json next to it.
# Run from the repository root: Rscript Scripts/reference/compare_reference.R
# Packages: jsonlite, effectsize (Debian r-cran-effectsize or CRAN); stats is base R.
#
# - effectsize::cohens_d(paired = TRUE) (d_z), effectsize::hedges_g (g), both with noncentral-t CIs
#   from .get_ncp_t, which minimizes with optim (abstol 1e-9): accurate to about 1e-6, not 1e-10.
# - effectsize::F_to_eta2 / F_to_omega2 (one-sided default and two-sided), checked here to equal
#   eta_squared / omega_squared of the one-way aov; optim-based as above.
# - The same noncentral limits solved with uniroot(tol = 1e-15) on stats::pt / stats::pf (R's pnt,
#   AS 243 with errmax 1e-12; pnbeta with errmax 1e-9): the "R exact-root" values.
# - stats::p.adjust, stats::oneway.test(var.equal = FALSE), stats::t.test, stats::wilcox.test.
suppressPackageStartupMessages({
  library(jsonlite)
  library(effectsize)
})
path <- file.path("Tests", "ABIStatisticsTests", "Resources")
input <- fromJSON(file.path(path, "compare.json"), simplifyVector = FALSE)

ncp_t_root <- function(t, df, p) {
  g <- function(d) pt(t, df, ncp = d) - p
  guess <- t - qnorm(p)
  lo <- guess - 5 - abs(t); hi <- guess + 5 + abs(t)
  uniroot(g, c(lo, hi), tol = 1e-15, maxiter = 10000)$root
}
ncp_f_root <- function(f, df1, df2, p) {
  g <- function(l) pf(f, df1, df2, ncp = l) - p
  if (g(0) <= 0) return(0)
  hi <- max(f * df1, 1)
  while (g(hi) > 0) hi <- hi * 2
  uniroot(g, c(0, hi), tol = 1e-15, maxiter = 10000)$root
}

paired <- lapply(input$paired, function(entry) {
  pre <- unlist(entry$pre); post <- unlist(entry$post)
  d <- post - pre
  if (sd(d) == 0) return(list(name = entry$name))
  dz <- cohens_d(post, pre, paired = TRUE, ci = 0.95)
  n <- length(d); t <- mean(d) / (sd(d) / sqrt(n))
  list(name = entry$name,
       d_z = dz$Cohens_d, d_z_ci_low = dz$CI_low, d_z_ci_high = dz$CI_high,
       d_z_root_ci_low = ncp_t_root(t, n - 1, 0.975) / sqrt(n),
       d_z_root_ci_high = ncp_t_root(t, n - 1, 0.025) / sqrt(n),
       t_test_p = t.test(post, pre, paired = TRUE)$p.value)
})

two <- lapply(input$two_sample, function(entry) {
  x <- unlist(entry$first); y <- unlist(entry$second)
  g <- hedges_g(x, y, ci = 0.95)
  n1 <- length(x); n2 <- length(y); df <- n1 + n2 - 2
  sp <- sqrt(((n1 - 1) * var(x) + (n2 - 1) * var(y)) / df)
  t <- (mean(x) - mean(y)) / (sp * sqrt(1 / n1 + 1 / n2))
  J <- exp(lgamma(df / 2) - log(sqrt(df / 2)) - lgamma((df - 1) / 2))
  scale <- sqrt(1 / n1 + 1 / n2) * J
  list(name = entry$name, g = g$Hedges_g, g_ci_low = g$CI_low, g_ci_high = g$CI_high,
       g_root_ci_low = ncp_t_root(t, df, 0.975) * scale, g_root_ci_high = ncp_t_root(t, df, 0.025) * scale,
       welch_p = t.test(x, y)$p.value, student_p = t.test(x, y, var.equal = TRUE)$p.value)
})

several <- lapply(input$several, function(entry) {
  groups <- lapply(entry$groups, unlist)
  value <- unlist(groups)
  group <- factor(rep(seq_along(groups), sapply(groups, length)))
  fit <- aov(value ~ group)
  F <- summary(fit)[[1]][["F value"]][1]
  df1 <- length(groups) - 1; df2 <- length(value) - length(groups)
  e1 <- F_to_eta2(F, df1, df2); o1 <- F_to_omega2(F, df1, df2)
  e2 <- F_to_eta2(F, df1, df2, alternative = "two.sided"); o2 <- F_to_omega2(F, df1, df2, alternative = "two.sided")
  ea <- eta_squared(fit, partial = FALSE, verbose = FALSE); oa <- omega_squared(fit, partial = FALSE, verbose = FALSE)
  stopifnot(abs(ea$Eta2 - e1$Eta2_partial) < 1e-12, abs(oa$Omega2 - o1$Omega2_partial) < 1e-12,
            abs(ea$CI_low - e1$CI_low) < 1e-12, abs(oa$CI_low - o1$CI_low) < 1e-12)
  omega_f <- max(0, (o1$Omega2_partial / df1) / ((1 - o1$Omega2_partial) / df2))
  lam <- function(f, p) ncp_f_root(f, df1, df2, p)
  welch <- oneway.test(value ~ group, var.equal = FALSE)
  list(name = entry$name, F = F, df1 = df1, df2 = df2,
       eta2 = e1$Eta2_partial, eta2_ci_low = e1$CI_low, eta2_ci_high = e1$CI_high,
       omega2 = o1$Omega2_partial, omega2_ci_low = o1$CI_low, omega2_ci_high = o1$CI_high,
       eta2_two_sided_ci_low = e2$CI_low, eta2_two_sided_ci_high = e2$CI_high,
       omega2_two_sided_ci_low = o2$CI_low, omega2_two_sided_ci_high = o2$CI_high,
       eta2_root_ci_low = { l <- lam(F, 0.95); l / (l + df2) },
       omega2_root_ci_low = { l <- lam(omega_f, 0.95); l / (l + df2) },
       eta2_two_sided_root_ci_low = { l <- lam(F, 0.975); l / (l + df2) },
       eta2_two_sided_root_ci_high = { l <- lam(F, 0.025); l / (l + df2) },
       omega2_two_sided_root_ci_low = { l <- lam(omega_f, 0.975); l / (l + df2) },
       omega2_two_sided_root_ci_high = { l <- lam(omega_f, 0.025); l / (l + df2) },
       welch_F = unname(welch$statistic), welch_df1 = unname(welch$parameter[1]), welch_df2 = unname(welch$parameter[2]),
       welch_p = welch$p.value,
       kruskal_p = kruskal.test(value ~ group)$p.value)
})

methods <- c(holm = "holm", hochberg = "hochberg", bonferroni = "bonferroni", bh = "BH", by = "BY")
padjust <- lapply(input$p_adjust, function(entry) {
  p <- unlist(entry$p)
  c(list(p = I(p)), lapply(methods, function(m) I(p.adjust(p, method = m))))
})
# NA handling: NA stays NA and does not count in n.
padjust_na <- list(p = c(0.01, NA, 0.04, 0.03), holm = p.adjust(c(0.01, NA, 0.04, 0.03), "holm"),
                   bh = p.adjust(c(0.01, NA, 0.04, 0.03), "BH"))

nct <- lapply(input$nct_cdf, function(e) list(t = e$t, df = e$df, ncp = e$ncp, cdf = pt(e$t, e$df, ncp = e$ncp)))
ncf <- lapply(input$ncf_cdf, function(e) list(f = e$f, df1 = e$df1, df2 = e$df2, ncp = e$ncp, cdf = pf(e$f, e$df1, e$df2, ncp = e$ncp)))

versions <- list(R = paste(R.version$major, R.version$minor, sep = "."),
                 effectsize = as.character(packageVersion("effectsize")),
                 jsonlite = as.character(packageVersion("jsonlite")))
out <- list(header = list(generated_by = "Scripts/reference/compare_reference.R", versions = versions),
            paired = paired, two_sample = two, several = several, p_adjust = padjust, p_adjust_na = padjust_na,
            nct_cdf = nct, ncf_cdf = ncf)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, na = "null", null = "null"), file.path(path, "compare_r.json"))
cat("wrote", file.path(path, "compare_r.json"), "\n")
