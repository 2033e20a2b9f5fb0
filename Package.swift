// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "jokemeter",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "jokemeter", targets: ["jokemeter"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
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
        .target(
            name: "Training",
            dependencies: [
                "Registry",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftCSV", package: "SwiftCSV"),
            ]
        ),
        .target(name: "Gateway", dependencies: ["Registry"]),
        .executableTarget(
            name: "jokemeter",
            dependencies: [
                "Registry", "TextFeatures", "LinearModel", "TreeModel", "Training", "Gateway",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "RegistryTests", dependencies: ["Registry"]),
        .testTarget(name: "TextFeaturesTests", dependencies: ["TextFeatures"]),
        .testTarget(name: "LinearModelTests", dependencies: ["LinearModel", "Registry", "TextFeatures"]),
        .testTarget(name: "TreeModelTests", dependencies: ["TreeModel", "Registry", "TextFeatures"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "Registry"]),
        .testTarget(name: "GatewayTests", dependencies: ["Gateway", "Registry"]),
        .testTarget(name: "jokemeterTests", dependencies: ["jokemeter", "Registry", "LinearModel", "TreeModel"]),
    ]
)
