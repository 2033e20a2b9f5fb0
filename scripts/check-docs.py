#!/usr/bin/env python3
"""The documentation's drift check, run by `make lint`: the pages say what the code is, or lint fails.

Three rules, each problem printed as `file:line: what is wrong` (exit 1 if there is any, 0 and one summary line
otherwise):

1. Every folder of the code is on the map. Each directory under `Sources/`, at any depth, must be named in
   `docs/architecture.md`, in one of two ways:
   - its path from the repository's root, `Sources/Gateway/Serving` (a trailing `/` allowed);
   - the last one or more of its path's segments with a trailing slash, `Serving/` or `Serving/Execution/`
     (the slash says a folder is meant, not the type or module of the same name).
   Either must stand alone: not preceded or followed by a letter, digit, `_`, `-`, `.`, `/` or `+`, so that
   `Serving/Execution/` names `Sources/Gateway/Serving/Execution` but not `Sources/Gateway/Serving`. A folder
   that is not named is reported at the page's line 1.

2. Every symbol link resolves. In `docs/*.md`, outside fenced code blocks, a span in double backticks whose content
   has no whitespace is a symbol link, as DocC writes them: ``Type``, ``Type/member``, ``Type/Nested/member``,
   ``Type/member(label:other:)``, ``Module/Type``, ``Module``. It must resolve to a declaration in `Sources/`:
   - the first component is a module (a folder of `Sources/` or `Sources/Models/`), or a top-level declaration of
     any module: struct, class, enum, actor, protocol, typealias, func, var, let; or a C function, typedef, struct,
     enum or macro of a header in `Sources/*/include/`; or, when more components follow, a type any module extends;
   - each further component is a member of the one before: declared in its body or in the body of an `extension`
     of it (`extension Type`, `extension Outer.Type`) in any file: a nested type, func, init, subscript, var, let,
     enum case, typealias or associatedtype;
   - a component with parentheses must match a declaration's argument labels as Swift spells them: `f(_ x: Int,
     to y: Int)` is `f(_:to:)`, `init(name: String)` is `init(name:)`, a subscript's parameters are `_` unless
     named twice, an enum case's unnamed associated values are `_`, an operator's parameters are all `_`, a C
     function's parameters are all `_`. A component without parentheses matches any overload of that name;
   - generic parameters are ignored on both sides (``ModelStore<Models>`` is ``ModelStore``), and a DocC
     disambiguation suffix (`-swift.struct`, `-2xyz`) is dropped.

3. Every relative link resolves. In `README.md`, `CONTRIBUTING.md` and `docs/*.md`, outside fenced code blocks and
   code spans, the target of every inline link or image `[text](target)` and of every reference definition
   `[label]: target` that has no scheme (`https:`, `mailto:`) must be an existing file or folder, relative to the
   page; a `#fragment` after a Markdown file (or alone, for the page itself) must be one of its headings' anchors
   as GitHub makes them (lowercase; punctuation but `-` and `_` dropped; spaces to `-`; `-1`, `-2` for repeats).

4. Every script is on the index. Each file under `scripts/` (at any depth; `README.md` and `__pycache__` aside)
   must be named in `scripts/README.md` by its path from `scripts/` in a code span: `lib/drill.sh`, `soak.sh`.
   The index is checked only when it exists.

The Swift scanner is deliberately light: one pass blanks comments (line, nested block) and string literals
(plain, multi-line, raw, with interpolations nested to any depth); a second walks the tokens, matching braces, and
records only declarations whose enclosing braces are all type or extension bodies (so nothing inside a function,
accessor or closure). Its limits, none of which the sources use today:
- a bare regular expression literal (`/a+/`) is read as code; `#/…/#` is blanked like a raw string;
- `#if` branches are all read, so each must balance its braces (a type opened in one branch and closed after
  `#endif` confuses it);
- `var a = 1, b = 2` and `let (a, b) = …` record only `a`; an `extension` of a typealias is not followed to its type;
- members reached through a protocol's default implementations or a superclass are not inherited: write the
  declaring type;
- a macro-generated or `@_exported` declaration is invisible;
- C headers are read by regular expressions over the comment-free text: top-level prototypes, `typedef` names,
  `struct`/`enum` tags and `#define`s.

Usage: scripts/check-docs.py [ROOT]   (ROOT defaults to the repository this script is in; under a second on it)
"""
import os
import re
import sys

DOC_PAGES = ("README.md", "CONTRIBUTING.md", "scripts/README.md")
SCRIPTS_INDEX = os.path.join("scripts", "README.md")
MAP_PAGE = os.path.join("docs", "architecture.md")
TYPE_KEYWORDS = {"struct", "class", "enum", "actor", "protocol", "extension"}
PATH_CHAR = r"[\w.+/-]"


# ---------------------------------------------------------------- Swift: blanking comments and strings


def blank_swift(text):
    """`text` with comments and string literals replaced by spaces (newlines kept, quotes kept), so that
    line numbers and brace structure survive and nothing in prose or data is read as code."""
    out = list(text)
    n = len(text)

    def blank(start, end):
        for k in range(start, end):
            if out[k] != "\n":
                out[k] = " "

    def skip_string(i, hashes, multiline):
        """i is just past the opening delimiter; returns the index just past the closing one."""
        closing = ('"""' if multiline else '"') + "#" * hashes
        escape = "\\" + "#" * hashes
        while i < n:
            if text.startswith(escape + "(", i):
                i = skip_code_until_paren(i + len(escape) + 1)
                continue
            if text.startswith(escape, i):
                i += len(escape) + 1
                continue
            if text.startswith(closing, i):
                return i + len(closing)
            if text[i] == "\n" and not multiline:
                return i  # an unterminated literal ends at its line, as the compiler would complain
            i += 1
        return n

    def skip_code_until_paren(i):
        """Inside an interpolation: code up to its matching ')', strings and comments in it included."""
        depth = 1
        while i < n:
            j = skip_trivia_or_literal(i)
            if j != i:
                i = j
                continue
            if text[i] == "(":
                depth += 1
            elif text[i] == ")":
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        return n

    def skip_trivia_or_literal(i):
        """If a comment or literal starts at i, blanks it and returns its end; otherwise returns i."""
        if text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            blank(i, end)
            return end
        if text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            blank(i, j)
            return j
        m = re.match(r'(#*)("""|"|/)', text[i:i + 64])
        if m and (m.group(2) != "/" or m.group(1)):
            hashes = len(m.group(1))
            if m.group(2) == "/":  # #/regex/#
                end = text.find("/" + "#" * hashes, i + hashes + 1)
                end = n if end < 0 else end + 1 + hashes
            else:
                end = skip_string(i + len(m.group(0)), hashes, m.group(2) == '"""')
            start = i + len(m.group(0))
            blank(start, max(start, end - 1 - hashes))
            return end
        return i

    i = 0
    while i < n:
        j = skip_trivia_or_literal(i)
        i = j if j != i else i + 1
    return "".join(out)


# ---------------------------------------------------------------- Swift: declarations

TOKEN = re.compile(r"`[A-Za-z_]\w*`|[A-Za-z_]\w*|#\w+|@\w+|[-+*/%&|^~<>=!?]+|[{}()\[\],:;.]|\S")
OPERATOR = re.compile(r"^[-+*/%&|^~<>=!?.]+$")


def is_identifier(token):
    return bool(re.match(r"^`?[A-Za-z_]\w*`?$", token))


def bare(token):
    return token.strip("`")


class Index:
    """Declarations of the sources: members by scope ('' is a module's top level), per module."""

    def __init__(self):
        self.members = {}  # (module, scope) -> {name: [labels or None, ...]}
        self.types = set()  # (module, qualified name) declared as a type
        self.scopes = set()  # (module, qualified name) with a body: declared or extended
        self.modules = set()

    def add(self, module, scope, name, labels):
        self.members.setdefault((module, scope), {}).setdefault(name, []).append(labels)

    def members_of(self, modules, scope):
        found = {}
        for module in modules:
            for name, overloads in self.members.get((module, scope), {}).items():
                found.setdefault(name, []).extend(overloads)
        return found


def split_top_level(text, separator=","):
    """Splits at separators outside (), [], <> and {}."""
    parts, depth, current = [], 0, []
    for ch in text:
        if ch in "([{<":
            depth += 1
        elif ch in ")]}>" and depth:
            depth -= 1
        if ch == separator and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p for p in (part.strip() for part in parts) if p]


def parameter_labels(params, kind):
    """Argument labels of a parameter list's text (without its parentheses)."""
    labels = []
    for param in split_top_level(params):
        head = split_top_level(param, ":")
        names = re.findall(r"`?[A-Za-z_]\w*`?", param.split(":", 1)[0]) if ":" in param else []
        names = [bare(name) for name in names if bare(name) not in ("inout", "borrowing", "consuming", "isolated")]
        if kind == "case":
            labels.append(names[0] if ":" in param and len(head) > 1 and names else "_")
        elif kind == "subscript":
            labels.append(names[0] if len(names) >= 2 else "_")
        elif kind == "operator":
            labels.append("_")
        else:
            labels.append(names[0] if names else "_")
    return tuple(labels)


def scan_swift(text, module, index):
    """Records the declarations of one Swift file (already blanked) in `index`."""
    tokens = [(m.group(0), m.start()) for m in TOKEN.finditer(text)]
    stack = []  # per open brace: the qualified scope it is the body of, or None
    pending = None  # a type or extension whose body the next top-level '{' opens

    def scope_path():
        if any(entry is None for entry in stack):
            return None
        return stack[-1] if stack else ""

    def read_parenthesized(k):
        """k at '(' (or at '<' then '('): returns (text inside the parentheses, index after ')')."""
        if k < len(tokens) and tokens[k][0] == "<":
            depth = 0
            while k < len(tokens):
                depth += tokens[k][0].count("<") - tokens[k][0].count(">")
                k += 1
                if depth <= 0:
                    break
        if k >= len(tokens) or tokens[k][0] != "(":
            return None, k
        start, depth = tokens[k][1] + 1, 0
        while k < len(tokens):
            if tokens[k][0] == "(":
                depth += 1
            elif tokens[k][0] == ")":
                depth -= 1
                if depth == 0:
                    return text[start:tokens[k][1]], k + 1
            k += 1
        return None, k

    k = 0
    while k < len(tokens):
        token, _ = tokens[k]
        previous = tokens[k - 1][0] if k else ""
        following = tokens[k + 1][0] if k + 1 < len(tokens) else ""
        scope = scope_path()
        if token == "{":
            stack.append(pending)
            pending = None
        elif token == "}":
            if stack:
                stack.pop()
        elif previous == ".":
            pass  # `.init`, `.Protocol`, `.case`: uses, not declarations
        elif scope is None:
            pass  # inside a function, accessor or closure: nothing there is part of the map
        elif token in TYPE_KEYWORDS and is_identifier(following) and not (token == "class" and following in
                                                                          ("func", "var", "let", "subscript", "init")):
            k += 1
            name = [bare(tokens[k][0])]
            while token == "extension" and k + 2 < len(tokens) and tokens[k + 1][0] == "." and is_identifier(tokens[k + 2][0]):
                k += 2
                name.append(bare(tokens[k][0]))
            after = tokens[k + 1][0] if k + 1 < len(tokens) else ""
            if token == "actor" and after not in ("{", ":", "<", "where"):
                k += 1
                continue
            if token == "extension":
                qualified = ".".join(name)
            else:
                qualified = f"{scope}.{name[0]}" if scope else name[0]
                index.add(module, scope, name[0], None)
                index.types.add((module, qualified))
            index.scopes.add((module, qualified))
            pending = qualified
        elif token in ("typealias", "associatedtype") and is_identifier(following):
            name = bare(following)
            index.add(module, scope, name, None)
            index.types.add((module, f"{scope}.{name}" if scope else name))
            k += 1
        elif token in ("var", "let") and is_identifier(following):
            index.add(module, scope, bare(following), None)
            k += 1
        elif token == "func" and (is_identifier(following) or OPERATOR.match(following)):
            name = bare(following)
            params, after = read_parenthesized(k + 2)
            if params is not None:
                kind = "operator" if OPERATOR.match(name) else "func"
                index.add(module, scope, name, parameter_labels(params, kind))
                k = after - 1
        elif token in ("init", "subscript"):
            j = k + 1
            while j < len(tokens) and tokens[j][0] in ("?", "!"):
                j += 1
            params, after = read_parenthesized(j)
            if params is not None:
                index.add(module, scope, token, parameter_labels(params, token))
                k = after - 1
        elif token == "case" and stack:
            # An enum's cases (a `case` at type scope is never a switch's): `case a, b(Int), c(x: Int) = …`.
            j = k + 1
            while j < len(tokens):
                if not is_identifier(tokens[j][0]):
                    break
                name = bare(tokens[j][0])
                params, after = read_parenthesized(j + 1)
                index.add(module, scope, name, None if params is None else parameter_labels(params, "case"))
                j = after if params is not None else j + 1
                while j < len(tokens) and tokens[j][0] not in (",", "{", "}", "case") and tokens[j][1] < len(text) \
                        and "\n" not in text[tokens[j - 1][1]:tokens[j][1]]:
                    j += 1  # a raw value
                if j < len(tokens) and tokens[j][0] == ",":
                    j += 1
                    continue
                break
            k = j - 1
        k += 1


def scan_c_header(text, module, index):
    """Top-level prototypes, typedefs, struct and enum tags and macros of a C header."""
    text = re.sub(r"/\*.*?\*/|//[^\n]*", " ", text, flags=re.S)
    for name in re.findall(r"^\s*#\s*define\s+(\w+)", text, flags=re.M):
        index.add(module, "", name, None)
    code = re.sub(r"^\s*#[^\n]*", " ", text, flags=re.M)
    for name in re.findall(r"\b(?:struct|enum|union)\s+(\w+)", code):
        index.add(module, "", name, None)
        index.types.add((module, name))
    for name in re.findall(r"\btypedef\b[^;]*?\b(\w+)\s*;", code):
        index.add(module, "", name, None)
        index.types.add((module, name))
    for name, params in re.findall(r"\b(\w+)\s*\(([^()]*)\)\s*;", code):
        params = params.strip()
        count = 0 if params in ("", "void") else len(params.split(","))
        index.add(module, "", name, ("_",) * count)


def module_folders(root):
    """(module, folder) of every target: each folder of Sources/, and of Sources/Models/ (a folder of targets)."""
    sources = os.path.join(root, "Sources")
    found = []
    for name in sorted(os.listdir(sources)):
        path = os.path.join(sources, name)
        if not os.path.isdir(path):
            continue
        if name == "Models":
            found += [(sub, os.path.join(path, sub)) for sub in sorted(os.listdir(path)) if os.path.isdir(os.path.join(path, sub))]
        else:
            found.append((name, path))
    return found


def build_index(root):
    index = Index()
    for module, folder in module_folders(root):
        index.modules.add(module)
        for directory, _, files in os.walk(folder):
            for name in sorted(files):
                path = os.path.join(directory, name)
                if name.endswith(".swift"):
                    with open(path, encoding="utf-8") as source:
                        scan_swift(blank_swift(source.read()), module, index)
                elif name.endswith(".h") and os.path.basename(directory) == "include":
                    with open(path, encoding="utf-8") as source:
                        scan_c_header(source.read(), module, index)
    return index


# ---------------------------------------------------------------- Markdown


def markdown_lines(text):
    """(line number, line) of a page outside fenced code blocks."""
    fence = None
    for number, line in enumerate(text.split("\n"), 1):
        m = re.match(r"^\s{0,3}(`{3,}|~{3,})", line)
        if m:
            if fence is None:
                fence = m.group(1)
                continue
            if m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
                continue
        if fence is None:
            yield number, line


def code_spans(line):
    """(start, end, backtick count, content) of each code span of a line, as CommonMark pairs them: a run of
    backticks opens a span that the next run of the same length closes."""
    spans, runs = [], [(m.start(), m.end()) for m in re.finditer(r"`+", line)]
    k = 0
    while k < len(runs):
        start, end = runs[k]
        width = end - start
        closing = next((j for j in range(k + 1, len(runs)) if runs[j][1] - runs[j][0] == width), None)
        if closing is None:
            k += 1
            continue
        spans.append((start, runs[closing][1], width, line[end:runs[closing][0]]))
        k = closing + 1
    return spans


def symbol_links(line):
    return [content for _, _, width, content in code_spans(line) if width == 2 and content and not re.search(r"\s", content)]


def without_code_spans(line):
    for start, end, _, _ in code_spans(line):
        line = line[:start] + " " * (end - start) + line[end:]
    return line


def split_symbol(symbol):
    """Components of a symbol link, each (name, labels or None), generic arguments and DocC suffixes dropped."""
    parts, depth, current = [], 0, ""
    for ch in symbol:
        if ch in "(<":
            depth += 1
        elif ch in ")>":
            depth -= 1
        if ch == "/" and depth == 0 and current and not OPERATOR.match(current):
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    components = []
    for part in parts:
        part = re.sub(r"-(swift\.[\w.]+|(?=[a-z]*[0-9])[0-9a-z]{4,6})$", "", part)
        part = re.sub(r"<[^()]*>", "", part)
        m = re.match(r"^(.+?)\(((?:[\w]+:)*)\)$", part)
        if m:
            components.append((m.group(1), tuple(label for label in m.group(2).split(":") if label)))
        else:
            components.append((part, None))
    return components


def resolve(symbol, index):
    """None if `symbol` resolves, else why not. A first component that names a module and a type alike
    (``EmbeddingModel``) resolves if either reading does."""
    components = split_symbol(symbol)
    why = resolve_in(components, set(index.modules), index)
    if why and components[0][0] in index.modules and components[0][1] is None:
        if len(components) == 1:
            return None
        in_module = resolve_in(components[1:], {components[0][0]}, index)
        if in_module is None:
            return None
        top = index.members_of(index.modules, "")
        why = why if components[0][0] in top else in_module
    return why


def resolve_in(components, modules, index):
    first, labels = components[0]
    top = index.members_of(modules, "")
    if len(components) == 1:
        return match_member(first, labels, top, "at the top level of " + (
            f"`{next(iter(modules))}`" if len(modules) == 1 else "any module"))
    if first not in top and not any((module, first) in index.scopes for module in modules):
        return f"no type or extension `{first}`"
    scope = first
    for name, labels in components[1:]:
        members = index.members_of(index.modules, scope)
        why = match_member(name, labels, members, f"in `{scope.replace('.', '/')}` or its extensions")
        if why:
            return why
        scope = f"{scope}.{name}"
    return None


def match_member(name, labels, members, where):
    overloads = members.get(name)
    if overloads is None:
        return f"no declaration `{name}` {where}"
    if labels is None or labels in overloads:
        return None
    spelled = sorted({f"{name}({''.join(label + ':' for label in found)})" for found in overloads if found is not None})
    return f"`{name}({''.join(label + ':' for label in labels)})` matches no declaration {where}" + (
        f" (there is {', '.join(spelled)})" if spelled else "")


def github_anchors(text):
    anchors, seen = set(), {}
    for _, line in markdown_lines(text):
        m = re.match(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not m:
            continue
        slug = re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")


def check_links(root, page, problems):
    path = os.path.join(root, page)
    with open(path, encoding="utf-8") as source:
        text = source.read()
    for number, line in markdown_lines(text):
        prose = without_code_spans(line)
        targets = LINK.findall(prose)
        m = DEFINITION.match(prose)
        if m:
            targets.append(m.group(1))
        for target in targets:
            if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target):
                continue
            file_part, _, fragment = target.partition("#")
            resolved = os.path.normpath(os.path.join(os.path.dirname(path), file_part)) if file_part else path
            if not os.path.exists(resolved):
                problems.append(f"{page}:{number}: link to `{target}`: no such file")
            elif fragment and resolved.endswith(".md") and os.path.isfile(resolved):
                with open(resolved, encoding="utf-8") as linked:
                    if fragment.lower() not in github_anchors(linked.read()):
                        problems.append(f"{page}:{number}: link to `{target}`: no heading with that anchor")


def check_folders(root, problems):
    path = os.path.join(root, MAP_PAGE)
    if not os.path.exists(path):
        problems.append(f"{MAP_PAGE}:1: the map is missing")
        return
    with open(path, encoding="utf-8") as source:
        text = source.read()
    for directory, subdirectories, _ in sorted(os.walk(os.path.join(root, "Sources"))):
        subdirectories.sort()
        relative = os.path.relpath(directory, root).replace(os.sep, "/")
        if relative == "Sources":
            continue
        segments = relative.split("/")
        forms = [re.escape(relative) + "/?"] + [re.escape("/".join(segments[i:])) + "/" for i in range(1, len(segments))]
        pattern = rf"(?<!{PATH_CHAR})(?:{'|'.join(forms)})(?!{PATH_CHAR})"
        if not re.search(pattern, text):
            problems.append(f"{MAP_PAGE}:1: the folder {relative}/ is not named (write `{relative}` or "
                            f"`{segments[-1]}/`)")


def check_symbols(root, index, problems):
    docs = os.path.join(root, "docs")
    for name in sorted(os.listdir(docs)) if os.path.isdir(docs) else []:
        if not name.endswith(".md"):
            continue
        page = f"docs/{name}"
        with open(os.path.join(docs, name), encoding="utf-8") as source:
            text = source.read()
        for number, line in markdown_lines(text):
            for symbol in symbol_links(line):
                why = resolve(symbol, index)
                if why:
                    problems.append(f"{page}:{number}: ``{symbol}`` does not resolve: {why}")


def check_scripts(root, problems):
    index = os.path.join(root, SCRIPTS_INDEX)
    if not os.path.exists(index):
        return
    with open(index, encoding="utf-8") as source:
        named = set(re.findall(r"`([^`\s]+)`", source.read()))
    scripts = os.path.join(root, "scripts")
    # Walked as it goes (not sorted first), so that pruning `__pycache__` takes effect.
    for directory, subdirectories, files in os.walk(scripts):
        subdirectories[:] = sorted(d for d in subdirectories if d != "__pycache__")
        for name in sorted(files):
            relative = os.path.relpath(os.path.join(directory, name), scripts).replace(os.sep, "/")
            if relative != "README.md" and relative not in named:
                problems.append(f"scripts/README.md:1: the script {relative} is not on the index (name it as `{relative}`)")


def check(root):
    problems = []
    check_folders(root, problems)
    check_scripts(root, problems)
    check_symbols(root, build_index(root), problems)
    pages = [page for page in DOC_PAGES if os.path.exists(os.path.join(root, page))]
    docs = os.path.join(root, "docs")
    pages += [f"docs/{name}" for name in sorted(os.listdir(docs)) if name.endswith(".md")] if os.path.isdir(docs) else []
    for page in pages:
        check_links(root, page, problems)
    return problems


def main(arguments):
    root = arguments[1] if len(arguments) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    problems = check(root)
    for problem in problems:
        print(problem)
    if problems:
        print(f"check-docs: {len(problems)} problem(s); docs/architecture.md is the map (see scripts/check-docs.py)")
        return 1
    print("check-docs: every folder is on the map, every script on the index, every symbol link and relative link resolves")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
