import Testing
@testable import ABIIO
@Test func moduleLoads() { #expect(String(describing: ABIIOModule.self) == "ABIIOModule") }
