import Testing
@testable import ABIStatistics
@Test func moduleLoads() { #expect(String(describing: ABIStatisticsModule.self) == "ABIStatisticsModule") }
