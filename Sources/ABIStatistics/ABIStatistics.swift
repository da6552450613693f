/// ABIStatistics: statistics in pure Swift (distributions, descriptive statistics, trends).
public enum ABIStatisticsModule {}
