#!/usr/bin/env bash
# Links a product of the release build again with the Swift runtime and Foundation inside (static), from the
# same object files: what `swift build --static-swift-stdlib` makes, without compiling the package a second time.
# SwiftPM cannot build the tests with --static-swift-stdlib (Swift Testing exists only as a shared library), and
# the flag changes every compile command, so one build serves the tests and this link serves the image and the
# drills. The link command is SwiftPM's own, read from its build manifest (.build/release.yaml), with
# -static-stdlib and the static libraries added; the result must load no Swift library.
#
#   scripts/link-static.sh PRODUCT OUT      e.g. scripts/link-static.sh jokemeter .build/static/jokemeter
set -euo pipefail
cd "$(dirname "$0")/.."
product=${1:?usage: scripts/link-static.sh PRODUCT OUT}
out=${2:?usage: scripts/link-static.sh PRODUCT OUT}
swiftc=$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)
static=$(dirname "$(dirname "$(readlink -f "$swiftc")")")/lib/swift_static/linux
[ -d "$static" ] || { echo "link-static: no static Swift runtime at $static" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
# The link command's arguments, one a line, with its output path replaced.
mapfile -t arguments < <(python3 - "$product" "$(readlink -f "$out")" <<'PY'
import json, re, sys
product, out = sys.argv[1], sys.argv[2]
manifest = open(".build/release.yaml").read()
# The product's name, then the target triple (x86_64-unknown-linux-gnu): never another product named after it.
match = re.search(r'\n  "C\.%s-(?:x86_64|aarch64)-[^"]*-release\.exe":\n(?:    .*\n)*?    args: (\[.*\])\n' % re.escape(product), manifest)
if not match:
    sys.exit(f"link-static: no link command of {product} in .build/release.yaml; run swift build -c release --product {product} first")
arguments = json.loads(match.group(1))
arguments[arguments.index("-o") + 1] = out
print("\n".join(arguments))
PY
)
# Every static library of the runtime in one group: the linker takes only the members it needs, in any order.
libraries=()
for library in "$static"/lib*.a; do
    name=$(basename "$library" .a)
    libraries+=("-l${name#lib}")
done
"${arguments[@]}" -static-stdlib -Xlinker --start-group "${libraries[@]}" -Xlinker --end-group 2>&1 | { grep -v "mktemp' is dangerous" || true; }
[ -x "$out" ] || { echo "link-static: $out was not linked" >&2; exit 1; }
if ldd "$out" | grep -q 'libswift\|libFoundation\|libdispatch'; then
    echo "link-static: $out still loads a Swift library:" >&2
    ldd "$out" >&2
    exit 1
fi
echo "link-static: $out links the Swift runtime in"
