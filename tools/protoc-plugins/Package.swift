// swift-tools-version: 6.2
import PackageDescription

/// The protoc plugins that turn the Open Inference Protocol's and gRPC health's definitions into Swift
/// (`scripts/generate-grpc.sh` builds them here, once, and runs protoc with them). Not part of the product: the code
/// they generate is committed under `Sources/Gateway/GRPC/Generated`.
let package = Package(
    name: "protoc-plugins",
    dependencies: [
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", exact: "2.4.1"),
    ]
)
