// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "ABIKit",
    products: [
        .executable(name: "abikit", targets: ["abikit"]),
        .library(name: "ABICore", targets: ["ABICore"]),
        .library(name: "ABIStatistics", targets: ["ABIStatistics"]),
        .library(name: "ABIBatch", targets: ["ABIBatch"]),
        .library(name: "ABIIO", targets: ["ABIIO"]),
        .library(name: "ABIAnalysis", targets: ["ABIAnalysis"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        // YAML study recipes of `abikit report` (line and column marks for errors).
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        // `swift package generate-documentation` (Scripts/docs.sh); a build-time plugin only.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin.git", from: "1.5.0"),
    ],
    targets: [
        // Clinical domain: pure Swift, no Foundation, no C.
        .target(name: "ABICore"),
        // Statistics in pure Swift (ABICore only for the shared missing-value markers).
        .target(name: "ABIStatistics", dependencies: ["ABICore", .product(name: "RealModule", package: "swift-numerics")]),
        // System libraries (Debian: libopenblas-dev, liblapacke-dev).
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CLAPACKE", pkgConfig: "lapacke", providers: [.apt(["liblapacke-dev"])]),
        // BLAS/LAPACK batch statistics.
        .target(name: "ABIBatch", dependencies: ["ABIStatistics", "CBLAS", "CLAPACKE"]),
        // Reader for NIST StRD reference files and the LRE accuracy measure (tests and Scripts/nist.sh).
        .target(name: "NISTReference"),
        .executableTarget(name: "abikit-nist", dependencies: ["ABIStatistics", "ABIBatch", "NISTReference"]),
        // Async-signal-safe removal of an unfinished -o temporary file on SIGINT/SIGTERM/SIGHUP.
        .target(name: "CTemporaryFileCleanup"),
        // 64 bytes' CSV byte classes at once (SSE2), inlined into the record parser; the plain-record
        // scan (a record without quotes or CR split in one C pass, AVX2 where the CPU has it).
        .target(name: "CByteClassifier"),
        // Streaming CSV, column mapping, renderers.
        .target(name: "ABIIO", dependencies: ["ABICore", "ABIStatistics", "CTemporaryFileCleanup", "CByteClassifier"]),
        // The engines: one type per command's work, results and their renderers.
        .target(name: "ABIAnalysis", dependencies: ["ABICore", "ABIStatistics", "ABIBatch", "ABIIO", .product(name: "Yams", package: "Yams")]),
        .executableTarget(
            name: "abikit",
            dependencies: [
                "ABICore", "ABIStatistics", "ABIBatch", "ABIIO", "ABIAnalysis",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helpers shared by the test targets.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "ABICoreTests", dependencies: ["ABICore", "TestSupport"]),
        .testTarget(name: "ABIStatisticsTests", dependencies: ["ABIStatistics", "NISTReference", "TestSupport",
                                                               .product(name: "RealModule", package: "swift-numerics")],
                    resources: [.copy("Resources")]),
        .testTarget(name: "ABIBatchTests", dependencies: ["ABIBatch", "ABIStatistics", "NISTReference", "TestSupport"],
                    resources: [.copy("Resources")]),
        .testTarget(
            name: "ABIIOTests",
            dependencies: ["ABIIO", "ABICore", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "ABIAnalysisTests", dependencies: ["ABIAnalysis", "ABIBatch", "ABIIO", "ABICore", "ABIStatistics"],
                    resources: [.copy("Resources")]),
        .testTarget(name: "abikitTests", dependencies: ["abikit", "TestSupport"]),
    ]
)
