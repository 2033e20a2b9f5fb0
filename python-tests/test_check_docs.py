"""scripts/check-docs.py, the documentation's drift check, on small trees made here: each rule fails where it should
and passes where it should. Needs no binary and no server."""
import importlib.util
import os
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(ROOT, "scripts", "check-docs.py")
_spec = importlib.util.spec_from_file_location("check_docs", SCRIPT)
check_docs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_docs)

SELECTOR = """\
    /// Picks a model. A `struct Decoy {` in a comment, and "enum Fake { case nope }" in a string, are not code.
    public struct ModelSelector<Models: Sendable> {
        let policy: Int
        public init(policy: Int = 0) { self.policy = policy }
        public func select(in models: Models, explicit: String?, version: String? = nil, joker _: String? = nil) -> Int {
            let label = "\\(explicit ?? "}")"
            func hidden(x: Int) {}
            return label.count
        }
        subscript(index: Int) -> Int { index }
        static func == (lhs: ModelSelector, rhs: ModelSelector) -> Bool { true }
        enum Source: String { case path = "/{", header, query(name: String), weights(Int) }
    }
    """
EXTENSION = """\
    extension ModelSelector {
        /* nested /* block */ comment with func phantom() */
        func explicitName(_ request: String, header: String) -> String? { nil }
        var isSticky: Bool { policy > 0 }
    }
    extension ModelSelector.Source {
        static let all = ["{"]
    }
    public func buildApplication(configuration: Int, registry: Int) {}
    """
HEADER = """\
    /* The kernels. */
    #define JM_BLOCK 32
    void jm_gelu(float *x, size_t count);
    const char *jm_kernel_path(void);
    """
MAP = """\
    # Architecture
    The `Sources/Gateway` target: `Serving/` and `Serving/Execution/`; `Sources/EmbeddingKernels` with its `include/`.
    """


def make_tree(base, files):
    for path, text in files.items():
        full = os.path.join(base, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as out:
            out.write(textwrap.dedent(text))
    return str(base)


@pytest.fixture
def tree(tmp_path):
    """A repository that passes every rule; a test changes one thing in it."""
    return make_tree(tmp_path, {
        "Sources/Gateway/Serving/ModelSelector.swift": SELECTOR,
        "Sources/Gateway/Serving/Execution/ModelSelector+Extras.swift": EXTENSION,
        "Sources/EmbeddingKernels/include/EmbeddingKernels.h": HEADER,
        "Sources/EmbeddingKernels/kernels.c": "",
        "docs/architecture.md": MAP,
        "docs/other.md": "# Other\n## Two words\n",
        "README.md": "# Readme\nSee [the map](docs/architecture.md) and [other](docs/other.md#two-words).\n",
    })


def problems(root):
    return check_docs.check(root)


def with_doc(root, text, name="docs/extra.md"):
    make_tree(root, {name: text})
    return problems(root)


def test_the_tree_passes(tree):
    assert problems(tree) == []


def test_the_script_exits_1_and_lists_problems_with_file_and_line(tree):
    make_tree(tree, {"docs/extra.md": "# Extra\n\nfirst\n``Nowhere``\n"})
    result = subprocess.run([sys.executable, SCRIPT, tree], capture_output=True, text=True)
    assert result.returncode == 1
    assert "docs/extra.md:4: ``Nowhere`` does not resolve" in result.stdout
    os.remove(os.path.join(tree, "docs/extra.md"))
    result = subprocess.run([sys.executable, SCRIPT, tree], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_the_repository_passes():
    assert problems(ROOT) == []


# ---- rule 1: every folder of Sources/ is on the map


def test_a_folder_not_named_fails(tree):
    os.makedirs(os.path.join(tree, "Sources/Gateway/Playground"))
    assert problems(tree) == ["docs/architecture.md:1: the folder Sources/Gateway/Playground/ is not named "
                              "(write `Sources/Gateway/Playground` or `Playground/`)"]


@pytest.mark.parametrize("naming", ["`Sources/Gateway/Playground`", "`Sources/Gateway/Playground/`", "`Playground/`",
                                    "`Gateway/Playground/`", "(Sources/Gateway/Playground)"])
def test_a_folder_is_named_by_its_path_or_its_last_segments_with_a_slash(tree, naming):
    os.makedirs(os.path.join(tree, "Sources/Gateway/Playground"))
    with open(os.path.join(tree, "docs/architecture.md"), "a", encoding="utf-8") as out:
        out.write(f"The page: {naming}.\n")
    assert problems(tree) == []


@pytest.mark.parametrize("naming", ["`Playground`", "`PlaygroundController/`", "`Serving/Playground/`",
                                    "`Sources/Gateway/Playgrounds`", "`Sources/Gateway/Playground.swift`"])
def test_a_folder_is_not_named_by_a_bare_word_or_a_longer_name(tree, naming):
    os.makedirs(os.path.join(tree, "Sources/Gateway/Playground"))
    with open(os.path.join(tree, "docs/architecture.md"), "a", encoding="utf-8") as out:
        out.write(f"The page: {naming}.\n")
    assert len(problems(tree)) == 1


def test_a_subfolder_named_does_not_name_its_parent(tree):
    make_tree(tree, {"docs/architecture.md": "`Sources/Gateway/Serving/Execution`, `Sources/EmbeddingKernels/include/`, "
                                             "`EmbeddingKernels/`"})
    assert problems(tree) == ["docs/architecture.md:1: the folder Sources/Gateway/ is not named "
                              "(write `Sources/Gateway` or `Gateway/`)",
                              "docs/architecture.md:1: the folder Sources/Gateway/Serving/ is not named "
                              "(write `Sources/Gateway/Serving` or `Serving/`)"]


# ---- rule 2: every symbol link resolves


@pytest.mark.parametrize("symbol", [
    "ModelSelector", "ModelSelector<Models>", "Gateway/ModelSelector", "Gateway", "ModelSelector/select",
    "ModelSelector/select(in:explicit:version:joker:)", "ModelSelector/init(policy:)", "ModelSelector/subscript(_:)",
    "ModelSelector/==(_:_:)", "ModelSelector/Source", "ModelSelector/Source/path", "ModelSelector/Source/query(name:)",
    "ModelSelector/Source/weights(_:)", "ModelSelector/Source/all", "ModelSelector/explicitName(_:header:)",
    "ModelSelector/isSticky", "ModelSelector/policy", "buildApplication(configuration:registry:)", "jm_gelu",
    "jm_gelu(_:_:)", "jm_kernel_path()", "JM_BLOCK", "EmbeddingKernels/jm_gelu", "ModelSelector/select-swift.method",
])
def test_symbols_that_resolve(tree, symbol):
    assert with_doc(tree, f"Text ``{symbol}`` text.\n") == []


@pytest.mark.parametrize("symbol, why", [
    ("ModelLookup", "no declaration `ModelLookup` at the top level of any module"),
    ("ModelSelector/rate", "no declaration `rate` in `ModelSelector` or its extensions"),
    ("ModelSelector/select(in:explicit:)", "`select(in:explicit:)` matches no declaration in `ModelSelector` or its "
                                           "extensions (there is select(in:explicit:version:joker:))"),
    ("ModelSelector/select(in:explicit:version:joker:_:)", "matches no declaration"),
    ("ModelSelector/explicitName(request:header:)", "matches no declaration"),
    ("ModelSelector/subscript(index:)", "matches no declaration"),
    ("ModelSelector/Source/query(_:)", "matches no declaration"),
    ("ModelSelector/hidden(x:)", "no declaration `hidden`"),
    ("ModelSelector/label", "no declaration `label`"),
    ("ModelSelector/Source/nope", "no declaration `nope`"),
    ("Decoy", "no declaration `Decoy`"),
    ("Fake", "no declaration `Fake`"),
    ("ModelSelector/phantom", "no declaration `phantom`"),
    ("Registry/ModelSelector", "no type or extension `Registry`"),
    ("EmbeddingKernels/ModelSelector", "no declaration `ModelSelector` at the top level"),
    ("Nowhere/member", "no type or extension `Nowhere`"),
    ("jm_gelu(_:)", "matches no declaration"),
    ("Source", "no declaration `Source` at the top level"),
])
def test_symbols_that_do_not_resolve(tree, symbol, why):
    found = with_doc(tree, f"# Extra\n\nText ``{symbol}`` text.\n")
    assert len(found) == 1 and found[0].startswith(f"docs/extra.md:3: ``{symbol}`` does not resolve: ")
    assert why in found[0]


def test_a_name_of_a_module_and_a_type_alike_resolves_either_way(tree):
    make_tree(tree, {"Sources/Models/Widget/Widget.swift": "public struct Widget { let size: Int }\n",
                     "docs/architecture.md": MAP + "`Sources/Models/`, `Sources/Models/Widget`\n"})
    assert with_doc(tree, "``Widget`` ``Widget/size`` ``Widget/Widget`` ``Widget/Widget/size``\n") == []
    found = with_doc(tree, "``Widget/width``\n")
    assert len(found) == 1 and "no declaration `width` in `Widget`" in found[0]
    found = with_doc(tree, "``Widget/jm_gelu``\n")
    assert len(found) == 1 and "no declaration `jm_gelu` in `Widget`" in found[0]


def test_symbols_in_fenced_code_and_spans_with_spaces_are_not_links(tree):
    assert with_doc(tree, "```\n``Nowhere``\n```\n`` `a` `` and ``` ``Nowhere`` ```\n") == []


def test_only_pages_under_docs_are_checked_for_symbols(tree):
    assert with_doc(tree, "``Nowhere``\n", name="README.md") == []
    assert len(with_doc(tree, "``Nowhere``\n", name="docs/sub.md")) == 1


def test_an_extension_in_another_file_adds_members(tree):
    assert with_doc(tree, "``ModelSelector/isSticky``\n") == []
    os.remove(os.path.join(tree, "Sources/Gateway/Serving/Execution/ModelSelector+Extras.swift"))
    assert problems(tree) == ["docs/extra.md:1: ``ModelSelector/isSticky`` does not resolve: no declaration `isSticky` "
                              "in `ModelSelector` or its extensions"]


# ---- rule 3: every relative link resolves


@pytest.mark.parametrize("link", ["[x](docs/nothing.md)", "[x](docs/other.md#no-such-heading)", "![x](docs/images/a.png)",
                                  "[x]: docs/nothing.md", "[x](#not-here)"])
def test_broken_relative_links_fail(tree, link):
    found = with_doc(tree, f"# Readme\n\n{link}\n", name="CONTRIBUTING.md")
    assert len(found) == 1 and found[0].startswith("CONTRIBUTING.md:3: link to ")


@pytest.mark.parametrize("link", ["[x](docs/other.md)", "[x](docs/other.md#other)", "[x](docs/)", "[x](#readme)",
                                  "[x](https://example.com/none.md)", "`[x](nothing.md)`", "[x](<docs/other.md>)"])
def test_good_links_pass(tree, link):
    assert with_doc(tree, f"# Readme\n\n{link}\n", name="CONTRIBUTING.md") == []


def test_links_in_docs_resolve_from_the_page_folder(tree):
    assert with_doc(tree, "[up](../README.md) [here](other.md#two-words)\n") == []
    assert len(with_doc(tree, "[wrong](README.md)\n")) == 1


def test_repeated_headings_get_numbered_anchors(tree):
    assert with_doc(tree, "# A\n## Runs\n## Runs\n[x](#runs-1)\n") == []
    assert len(with_doc(tree, "# A\n## Runs\n[x](#runs-1)\n")) == 1


# ---- rule 4: every script is on the index


def test_a_script_not_on_the_index_fails(tree):
    make_tree(tree, {"scripts/README.md": "| `drill.sh` | a drill |\n", "scripts/drill.sh": "", "scripts/lib/fetch.sh": ""})
    assert problems(tree) == ["scripts/README.md:1: the script lib/fetch.sh is not on the index (name it as `lib/fetch.sh`)"]
    make_tree(tree, {"scripts/README.md": "| `drill.sh` | a drill |\n| `lib/fetch.sh` | fetches |\n"})
    assert problems(tree) == []


def test_a_script_is_named_by_its_path_from_scripts_not_its_bare_name(tree):
    make_tree(tree, {"scripts/README.md": "`fetch.sh` and lib/fetch.sh in prose\n", "scripts/lib/fetch.sh": ""})
    assert problems(tree) == ["scripts/README.md:1: the script lib/fetch.sh is not on the index (name it as `lib/fetch.sh`)"]


def test_pythons_bytecode_caches_are_not_scripts(tree):
    make_tree(tree, {"scripts/README.md": "| `drill.py` | a drill |\n", "scripts/drill.py": "",
                     "scripts/__pycache__/drill.cpython-311.pyc": "", "scripts/lib/__pycache__/x.pyc": ""})
    assert problems(tree) == []
