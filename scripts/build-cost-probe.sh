#!/usr/bin/env bash
# What the next issues' packages cost the build, measured before they arrive: two scratch packages in
# .build-probe/ (never in git), one with the gateway's server dependencies alone (Hummingbird, service lifecycle,
# Prometheus) and one with gRPC (grpc-swift-2, its NIO transport, grpc-swift-protobuf, swift-protobuf) and
# OpenTelemetry (swift-otel with the OTLPGRPC trait alone) beside them, each built from nothing in release, one
# after the other; prints wall and CPU seconds of each and the difference. Run it on a quiet machine.
#
# usage: scripts/build-cost-probe.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD/.build-probe
swift=${SWIFT:-$(command -v swift || echo /opt/swift/usr/bin/swift)}

server_packages='
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),'
server_products='
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Prometheus", package: "swift-prometheus"),'
rpc_packages='
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/swift-otel/swift-otel", from: "1.6.0", traits: ["OTLPGRPC"]),'
rpc_products='
            .product(name: "GRPCCore", package: "grpc-swift-2"),
            .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
            .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
            .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            .product(name: "OTel", package: "swift-otel"),'

# make_package NAME PACKAGES PRODUCTS IMPORTS
make_package() {
    mkdir -p "$root/$1/Sources/Probe"
    cat > "$root/$1/Package.swift" <<EOF
// swift-tools-version: 6.2
import PackageDescription
let package = Package(
    name: "Probe",
    platforms: [.macOS(.v15)],
    dependencies: [$2
    ],
    targets: [.executableTarget(name: "Probe", dependencies: [$3
    ])]
)
EOF
    printf '%s\nprint("probe")\n' "$4" > "$root/$1/Sources/Probe/main.swift"
}

make_package server "$server_packages" "$server_products" $'import Hummingbird\nimport Prometheus\nimport ServiceLifecycle'
make_package server-rpc-otel "$server_packages$rpc_packages" "$server_products$rpc_products" \
    $'import GRPCCore\nimport GRPCNIOTransportHTTP2\nimport GRPCProtobuf\nimport Hummingbird\nimport OTel\nimport Prometheus\nimport ServiceLifecycle\nimport SwiftProtobuf'

declare -A wall cpu
for name in server server-rpc-otel; do
    (cd "$root/$name" && "$swift" package resolve >/dev/null 2>&1 && rm -rf .build/release .build/*-unknown-linux-gnu)
    start=$(date +%s)
    /usr/bin/time -o "$root/$name.time" -f "%U %S" "$swift" build -c release --package-path "$root/$name" >"$root/$name.log" 2>&1 \
        || { echo "build-cost-probe: the $name package did not build; see $root/$name.log" >&2; exit 1; }
    wall[$name]=$(( $(date +%s) - start ))
    cpu[$name]=$(awk '{print $1 + $2}' "$root/$name.time")
    printf 'build-cost-probe: %-16s %6.0f s wall, %6.0f s CPU\n' "$name" "${wall[$name]}" "${cpu[$name]}"
done
awk -v w1="${wall[server]}" -v w2="${wall[server-rpc-otel]}" -v c1="${cpu[server]}" -v c2="${cpu[server-rpc-otel]}" \
    'BEGIN { printf "build-cost-probe: gRPC + OpenTelemetry add %.0f s wall and %.0f s CPU to a release build from nothing\n", w2 - w1, c2 - c1 }'
