import Testing
@testable import ABICore
@Test func moduleLoads() { #expect(String(describing: ABICoreModule.self) == "ABICoreModule") }
