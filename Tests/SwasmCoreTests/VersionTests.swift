import Testing
@testable import SwasmCore
@Test func version() { #expect(swasmVersion == "0.1.0") }
