# Sourced by the fetch scripts. fetch_wheel TOOL REQUIREMENT WHEEL SHA256 DEST SIZE [pip download options…]
# downloads REQUIREMENT (name==version) as the wheel file WHEEL into the folder DEST, once (a WHEEL already in DEST
# is left alone), checks it against SHA256 before it lands there, and says on stderr what it fetches (SIZE, e.g.
# "about 2 MB"). Fails, saying so, when the digest is another.
fetch_wheel() {
    local tool=$1 requirement=$2 wheel=$3 digest=$4 dest=$5 size=$6
    shift 6
    [ -f "$dest/$wheel" ] && return 0
    local partial=$dest/.download
    rm -rf "$partial"
    mkdir -p "$partial"
    echo "$tool: pip download $requirement ($size, once)" >&2
    python3 -m pip download -q "$requirement" --no-deps --only-binary :all: "$@" -d "$partial" >&2
    echo "$digest  $partial/$wheel" | sha256sum --check --quiet - >&2 \
        || { echo "$tool: $wheel does not have the known digest" >&2; return 1; }
    mv "$partial/$wheel" "$dest/$wheel"
    rm -rf "$partial"
}
