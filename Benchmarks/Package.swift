// swift-tools-version: 6.1
// The benchmark suites, a package of their own so that building or testing Jokemeter never fetches or
// compiles package-benchmark. Run them with `make bench` (or `swift package benchmark` in this folder).
import PackageDescription

func suite(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["BenchmarkFixtures", .product(name: "Benchmark", package: "benchmark")] + dependencies,
        path: name,
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

let package = Package(
    name: "jokemeter-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "jokemeter", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .target(
            name: "BenchmarkFixtures",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Registry", package: "jokemeter"),
                .product(name: "LinearModel", package: "jokemeter"),
                .product(name: "TreeModel", package: "jokemeter"),
                .product(name: "Training", package: "jokemeter"),
            ],
            path: "BenchmarkFixtures"
        ),
        suite("Tokenize", [.product(name: "TextFeatures", package: "jokemeter")]),
        suite("Vectorize", [.product(name: "TextFeatures", package: "jokemeter"), .product(name: "LinearModel", package: "jokemeter"), .product(name: "TreeModel", package: "jokemeter")]),
        suite("Predict", [.product(name: "Registry", package: "jokemeter")]),
        suite(
            "Load",
            [
                .product(name: "Registry", package: "jokemeter"), .product(name: "LinearModel", package: "jokemeter"),
                .product(name: "TreeModel", package: "jokemeter"),
            ]),
        suite(
            "Request",
            [
                .product(name: "Gateway", package: "jokemeter"),
                .product(name: "Registry", package: "jokemeter"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]),
    ]
)
