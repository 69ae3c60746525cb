// swift-tools-version:6.1
// Micro-benchmarks of the pure path and the store's insert (ordo-one's `benchmark`), a package of their own so that the
// service's build and tests never compile the benchmark's dependencies:
//
//     swift package --package-path Benchmarks benchmark
import Foundation
import PackageDescription

// A path dependency is known by its folder's name, whatever the clone is called.
let bridge = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "billing-bridge-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "PurePath",
            dependencies: [
                .product(name: "BridgeCore", package: bridge),
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "PurePath",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The store's insert: builds the whole service stack (a long first build).
        .executableTarget(
            name: "StoreInsert",
            dependencies: [
                .product(name: "BridgeCore", package: bridge),
                .product(name: "BridgeService", package: bridge),
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "StoreInsert",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
