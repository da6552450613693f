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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
    ],
    targets: [
        // Clinical domain: pure Swift, no Foundation, no C.
        .target(name: "ABICore"),
        // Statistics in pure Swift.
        .target(name: "ABIStatistics", dependencies: [.product(name: "RealModule", package: "swift-numerics")]),
        // System libraries (Debian: libopenblas-dev, liblapacke-dev).
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CLAPACKE", pkgConfig: "lapacke", providers: [.apt(["liblapacke-dev"])]),
        // BLAS/LAPACK batch statistics.
        .target(name: "ABIBatch", dependencies: ["ABIStatistics", "CBLAS", "CLAPACKE"]),
        // Reader for NIST StRD reference files and the LRE accuracy measure (tests and Scripts/nist.sh).
        .target(name: "NISTReference"),
        .executableTarget(name: "abikit-nist", dependencies: ["ABIStatistics", "ABIBatch", "NISTReference"]),
        // Streaming CSV, column mapping, renderers.
        .target(name: "ABIIO", dependencies: ["ABICore", "ABIStatistics"]),
        .executableTarget(
            name: "abikit",
            dependencies: [
                "ABICore", "ABIStatistics", "ABIBatch", "ABIIO",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ABICoreTests", dependencies: ["ABICore"]),
        .testTarget(name: "ABIStatisticsTests", dependencies: ["ABIStatistics", "NISTReference"],
                    resources: [.copy("Resources")]),
        .testTarget(name: "ABIBatchTests", dependencies: ["ABIBatch", "ABIStatistics", "NISTReference"],
                    resources: [.copy("Resources")]),
        .testTarget(
            name: "ABIIOTests",
            dependencies: ["ABIIO", "ABICore", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "abikitTests", dependencies: ["abikit"]),
    ]
)
