// swift-tools-version: 6.2
import PackageDescription

/// Whether the benchmark suites, and package-benchmark that they need, are part of the package: only when
/// `JOKEMETER_BENCHMARKS` is set, which the Makefile does for every swift command, as Hummingbird declares its
/// benchmarks behind `ENABLE_HB_BENCHMARKS`. A package that depends on our libraries never resolves package-benchmark.
let benchmarks = Context.environment["JOKEMETER_BENCHMARKS"] != nil

/// A benchmark suite: `Benchmarks/<Name>/<Name>.swift`, run by package-benchmark's plugin (`make bench`).
func suite(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["BenchmarkFixtures", .product(name: "Benchmark", package: "benchmark")] + dependencies,
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

let package = Package(
    name: "jokemeter",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "jokemeter", targets: ["jokemeter"]),
        .executable(name: "jokemeter-load", targets: ["jokemeter-load"]),
        .library(name: "Registry", targets: ["Registry"]),
        .library(name: "TextFeatures", targets: ["TextFeatures"]),
        .library(name: "LinearModel", targets: ["LinearModel"]),
        .library(name: "TreeModel", targets: ["TreeModel"]),
        .library(name: "EmbeddingModel", targets: ["EmbeddingModel"]),
        .library(name: "Training", targets: ["Training"]),
        .library(name: "Gateway", targets: ["Gateway"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio-http2", from: "1.46.0"),
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
        // Without its default trait: no full Foundation for delimited streams, which we do not read.
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0", traits: []),
    ],
    targets: [
        .target(
            name: "Registry",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(name: "TextFeatures"),
        .target(
            name: "LinearModel",
            dependencies: ["Registry", "TextFeatures"],
            path: "Sources/Models/LinearModel"
        ),
        .target(
            name: "TreeModel",
            dependencies: ["Registry", "TextFeatures"],
            path: "Sources/Models/TreeModel"
        ),
        // The embedding encoder's hot loops, with intrinsics chosen at run time (Swift reaches AVX2 only with
        // target-wide flags, and a binary built so would crash on a CPU without it).
        .target(name: "EmbeddingKernels", cSettings: [.unsafeFlags(["-O3"])]),
        .target(
            name: "EmbeddingModel",
            dependencies: ["Registry", "EmbeddingKernels"],
            path: "Sources/Models/EmbeddingModel"
        ),
        .target(
            name: "Training",
            dependencies: [
                "Registry",
                .product(name: "SwiftCSV", package: "SwiftCSV"),
            ]
        ),
        .target(
            name: "Gateway",
            dependencies: [
                "Registry",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHPACK", package: "swift-nio-http2"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            // The generated code's provenance (scripts/generate-grpc.sh writes it beside the code).
            exclude: ["GRPC/Generated/README.md"],
            // Compiled into the binary: a Linux resource bundle would have to ship beside the executable.
            resources: [
                .embedInCode("OpenAPI/openapi.json"), .embedInCode("Playground/index.html"), .embedInCode("Playground/app.js"),
                .embedInCode("Playground/style.css"), .embedInCode("Playground/favicon.svg"),
            ]
        ),
        .executableTarget(
            name: "jokemeter",
            dependencies: [
                "Registry", "TextFeatures", "LinearModel", "TreeModel", "EmbeddingModel", "Training", "Gateway",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "jokemeter-load",
            dependencies: [
                "Training",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // The framework's floor: the least a Hummingbird 2 server does to answer a predict request
        // (scripts/cpu-per-request.sh measures it beside `jokemeter serve`).
        .executableTarget(
            name: "FloorServer",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/FloorServer"
        ),
        .testTarget(name: "RegistryTests", dependencies: ["Registry", "Training"]),
        .testTarget(name: "TextFeaturesTests", dependencies: ["TextFeatures", "Training"]),
        .testTarget(name: "LinearModelTests", dependencies: ["LinearModel", "Registry", "TextFeatures"]),
        .testTarget(name: "TreeModelTests", dependencies: ["TreeModel", "Registry", "TextFeatures"]),
        .testTarget(name: "EmbeddingModelTests", dependencies: ["EmbeddingModel", "EmbeddingKernels", "Registry"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "Registry"]),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Gateway", "Registry",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHPACK", package: "swift-nio-http2"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .testTarget(
            name: "jokemeterTests",
            dependencies: [
                "jokemeter", "jokemeter-load", "Registry", "LinearModel", "TreeModel", "EmbeddingModel", "Training",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
    ]
)

if benchmarks {
    // Only the benchmark suites link it; `swift build --product jokemeter` never compiles it.
    package.dependencies.append(.package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]))
    package.targets += [
        .target(
            name: "BenchmarkFixtures",
            dependencies: ["Registry", "LinearModel", "TreeModel", "Training", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/BenchmarkFixtures"
        ),
        suite("Tokenize", ["TextFeatures"]),
        suite("Vectorize", ["TextFeatures", "LinearModel", "TreeModel"]),
        suite("Predict", ["Registry"]),
        suite("Encode", ["EmbeddingModel"]),
        suite("Load", ["Registry", "LinearModel", "TreeModel"]),
        suite(
            "Request",
            [
                "Gateway", "Registry",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
    ]
}

// Our own code builds without warnings, and stays so.
for target in package.targets {
    target.swiftSettings = (target.swiftSettings ?? []) + [.treatAllWarnings(as: .error)]
}
