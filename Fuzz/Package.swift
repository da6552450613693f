// swift-tools-version:6.1
// Coverage-guided fuzz targets (libFuzzer) for ABIKit's parsers. Built and run by Scripts/fuzz.sh:
//   swift build --package-path Fuzz --sanitize=fuzzer -Xswiftc -parse-as-library
// Kept out of the main package because a libFuzzer target has no `main` of its own.
import PackageDescription

let package = Package(
    name: "ABIKitFuzz",
    dependencies: [.package(name: "ABIKit", path: "..")],
    targets: [
        .executableTarget(name: "FuzzCSVReader", dependencies: [.product(name: "ABIIO", package: "ABIKit")]),
        .executableTarget(name: "FuzzSniffer", dependencies: [.product(name: "ABIIO", package: "ABIKit")]),
        .executableTarget(name: "FuzzPressureCell", dependencies: [.product(name: "ABICore", package: "ABIKit")]),
        .executableTarget(name: "FuzzDates", dependencies: [
            .product(name: "ABICore", package: "ABIKit"), .product(name: "ABIIO", package: "ABIKit"),
        ]),
        .executableTarget(name: "FuzzFormula", dependencies: [.product(name: "ABIBatch", package: "ABIKit")]),
    ]
)
