#!/usr/bin/env Rscript
# The lme4 peer of `abikit mixed` in Scripts/bench.sh: reads the CSV (data.table::fread when
# installed, else read.csv), fits abi ~ arm * weeks + (1 + weeks | subject) by REML with lme4 and,
# with "lmertest", lmerTest's Satterthwaite summary and the arm:weeks F test (the work abikit does),
# writes the fixed effects as CSV and prints "read fit" seconds and the REML criterion on standard error.
# Usage: Rscript mixed_lme4.R INPUT.csv OUTPUT.csv [lme4|lmertest]
args <- commandArgs(trailingOnly = TRUE)
mode <- if (length(args) >= 3) args[3] else "lme4"
suppressPackageStartupMessages({ library(lme4); if (mode == "lmertest") library(lmerTest) })
t0 <- proc.time()[["elapsed"]]
d <- if (requireNamespace("data.table", quietly = TRUE)) as.data.frame(data.table::fread(args[1])) else read.csv(args[1])
t1 <- proc.time()[["elapsed"]]
f <- abi ~ arm * weeks + (1 + weeks | subject)
if (mode == "lmertest") {
  m <- lmerTest::lmer(f, data = d)
  co <- summary(m)$coefficients
  a <- anova(m, type = 3)
  out <- data.frame(term = rownames(co), estimate = co[, 1], std_error = co[, 2], df = co[, 3], p = co[, 5])
} else {
  m <- lme4::lmer(f, data = d)
  co <- summary(m)$coefficients
  out <- data.frame(term = rownames(co), estimate = co[, 1], std_error = co[, 2])
}
t2 <- proc.time()[["elapsed"]]
write.csv(out, args[2], row.names = FALSE)
message(sprintf("read %.3f fit %.3f REML criterion %.10f", t1 - t0, t2 - t1, REMLcrit(m)))
