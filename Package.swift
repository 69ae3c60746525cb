// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "billing-bridge",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "billing-bridge", targets: ["billing-bridge"]),
        .executable(name: "bench-bare-route", targets: ["bench-bare-route"]),
        // For the micro-benchmarks' package (Benchmarks/Package.swift).
        .library(name: "BridgeCore", targets: ["BridgeCore"]),
        .library(name: "BridgeService", targets: ["BridgeService"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0", traits: []),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        // Pure: verifiers, mappers, money, mapping-file model. No I/O.
        .target(
            name: "BridgeCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                // RSA, for Paddle Classic's signatures.
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // I/O: HTTP receiver, SQLite store, forwarder, FirstPromoter client, configuration.
        .target(
            name: "BridgeService",
            dependencies: [
                "BridgeCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "billing-bridge",
            dependencies: [
                "BridgeCore",
                "BridgeService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // The fuzz target over the pure path: `scripts/fuzz` builds it with libFuzzer; plain, it
        // replays inputs.
        .executableTarget(
            name: "bridge-fuzz",
            dependencies: ["BridgeCore"],
            path: "Sources/BridgeFuzz",
            swiftSettings: swiftSettings
        ),
        // The bare HTTP route `scripts/bench` measures the service against: same stack, same build.
        .executableTarget(
            name: "bench-bare-route",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Benchmarks/BareRoute",
            swiftSettings: swiftSettings
        ),
        // Finds Tests/Fixtures and the repository's files for both test targets.
        .target(name: "TestFixtures", path: "Tests/TestFixtures", swiftSettings: swiftSettings),
        .testTarget(
            name: "BridgeCoreTests",
            dependencies: ["BridgeCore", "TestFixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BridgeServiceTests",
            dependencies: [
                "BridgeCore",
                "BridgeService",
                "TestFixtures",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOPosix", package: "swift-nio"),
                // To sign Paddle Classic alerts with the fixtures' test key.
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
