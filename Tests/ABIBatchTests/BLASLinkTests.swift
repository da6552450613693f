import Testing
@testable import ABIBatch

@Test func openBLASThreadCountCanBeSet() {
    BLASInfo.setThreadCount(1)
    #expect(BLASInfo.threadCount == 1)
}
