"""The chapters as a learner reads them in Jupyter: downloaded as an .ipynb, or live in Binder.

The chapters are MyST text notebooks whose roles only Sphinx resolves: in JupyterLab, even with
jupyterlab-myst, a citation reads "Citation Not Found", and a glossary term or a link to another
chapter leads nowhere (the bibliography, the glossary and the other pages are not in the
notebook). Plain Jupyter (Colab, VS Code, Notebook without jupyterlab-myst) shows the roles and
directives as raw text ("{cite:p}`...`", ":::{dropdown}") and has no way to install
`mmedlearn`, which no package index holds.

So a learner's notebook is the chapter with every role made readable: citations as
"(Author, year)" with the works cited listed at the end, glossary terms as their words with
their definitions listed at the end, and links between chapters as links to the other
chapter's file (in Binder, where the files are) or as their text (a download, which is alone).
Cells tagged `web-page-only` (a form or button that works only on the book's page) are left
out. The downloaded notebook also opens with how to install `mmedlearn` from the book's
repository, and its Markdown is plain CommonMark with a little HTML (answers in <details>);
Binder's keeps MyST's directives, which jupyterlab-myst renders (scripts/learner_chapters.py).
"""

from __future__ import annotations

import re

import nbformat

DIRECTIVE_START = re.compile(r"^(?P<fence>:{3,}|`{3,})\{(?P<name>[\w-]+)\}\s*(?P<argument>.*)$")
DIRECTIVE_OPTION = re.compile(r"^:[\w-]+:")
LABEL_LINE = re.compile(r"^\([\w-]+\)=\s*$")
CITATION = re.compile(r"\{cite(?::(?P<kind>[a-z]+))?\}`(?P<keys>[^`]+)`")
ROLE = re.compile(r"\{(?P<role>term|doc|ref|numref|download)\}`(?P<body>[^`]+)`")
ROLE_WITH_TEXT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
MYST_ROLE_TEXT = re.compile(r"\{[a-z]+(?::[a-z]+)?\}`")
TERM = re.compile(r"\{term\}`(?P<body>[^`]+)`")
GLOSSARY_START = re.compile(r"^(?P<fence>:{3,}|`{3,})\{glossary\}\s*$")
#: A cell that only the book's web page can use (its form or buttons run the page's scripts):
#: a learner's notebook leaves it out, and offers what replaces it in a cell the page removes.
WEB_PAGE_ONLY = "web-page-only"
CHECKLIST = re.compile(r'<div class="mmed-checklist">(?P<body>.*?)</div>', re.DOTALL)
CHECKLIST_HEADING = re.compile(r'<p class="mmed-checklist-heading">(?P<text>.*?)</p>', re.DOTALL)
CHECKLIST_ITEM = re.compile(
    r'<li><label><input type="checkbox">\s*(?P<text>.*?)</label></li>', re.DOTALL
)
#: Under a checklist in a notebook, whose HTML checkboxes Jupyter shows disabled.
CHECKLIST_HOW_TO_TICK = (
    "*In a notebook, tick a line by editing this cell: double-click it, type x between the "
    "line's brackets, `[x]`, and run the cell (Shift+Enter); save the notebook to keep it.*"
)


def install_cell(repository_url: str) -> nbformat.NotebookNode:
    """The first cell: what to run before anything else, outside Binder."""
    package = f"mmedlearn @ git+{repository_url.rstrip('/')}"
    return nbformat.v4.new_markdown_cell(
        "**Before you run this notebook** outside Binder, install the course's Python package, "
        "`mmedlearn`, from the course's repository (it is on no package index). In a cell of "
        "this notebook run\n\n"
        f'```\n%pip install "{package}"\n```\n\n'
        "then restart the kernel (*Kernel → Restart Kernel*) and run the cells from the top. "
        f'From a terminal: `pip install "{package}"`. In Binder it is installed already.'
    )


def _role_text(body: str) -> str:
    """What a reader sees of {term}`text <Target>` or {doc}`target`: the text, or the target's
    last part."""
    match = ROLE_WITH_TEXT.match(body)
    if match:
        return match.group("text")
    return body.rsplit("/", 1)[-1]


def _role_target(body: str) -> str:
    """What {term}`text <Target>` or {doc}`text <target>` points at: Target, or the body."""
    match = ROLE_WITH_TEXT.match(body)
    return (match.group("target") if match else body).strip()


def checklist_as_task_list(text: str) -> str:
    """The book's HTML checklist (<div class="mmed-checklist">) as a Markdown task list, which a
    learner ticks by editing the cell: Jupyter shows HTML checkboxes disabled."""

    def task_list(match: re.Match) -> str:
        body = CHECKLIST_HEADING.sub(
            lambda m: f"\n**{m.group('text').strip()}**\n", match.group("body")
        )
        body = CHECKLIST_ITEM.sub(lambda m: f"- [ ] {m.group('text').strip()}", body)
        body = re.sub(r"</?ul>", "", body)
        # One line per item and heading, a blank line around each heading.
        body = "\n".join(line.strip() for line in body.split("\n"))
        return re.sub(r"\n{3,}", "\n\n", body).strip() + "\n\n" + CHECKLIST_HOW_TO_TICK

    return CHECKLIST.sub(task_list, text)


def roles_as_text(text: str, citation_text, doc_link=None) -> str:
    """Every MyST role in text made readable without Sphinx: citations as citation_text(keys,
    kind) gives them, a {doc} link as a Markdown link to doc_link(target) where that gives an
    address (else its text), other roles (terms, references) as their text."""
    text = CITATION.sub(
        lambda m: citation_text(
            [key.strip() for key in m.group("keys").split(",")], m.group("kind") or "p"
        ),
        text,
    )

    def readable(match: re.Match) -> str:
        body = match.group("body")
        address = (
            doc_link(_role_target(body)) if doc_link and match.group("role") == "doc" else None
        )
        return f"[{_role_text(body)}]({address})" if address else _role_text(body)

    return ROLE.sub(readable, text)


def term_targets(source: str) -> list[str]:
    """The glossary entries a text's {term} roles point at, in order, once each."""
    targets: list[str] = []
    for match in TERM.finditer(source):
        target = _role_target(match.group("body"))
        if target.lower() not in [known.lower() for known in targets]:
            targets.append(target)
    return targets


def glossary_definitions(glossary_source: str) -> dict[str, tuple[str, str]]:
    """The entries of a MyST {glossary} block: lower-cased term -> (term, definition), the
    definition's lines joined (a term is a line at the margin, its definition the indented
    lines under it)."""
    entries: dict[str, tuple[str, str]] = {}
    fence, term, definition = None, None, []

    def close() -> None:
        if term is not None:
            entries[term.lower()] = (term, " ".join(definition))

    for line in glossary_source.split("\n"):
        if fence is None:
            start = GLOSSARY_START.match(line)
            fence = start.group("fence") if start else None
            continue
        if line.strip() == fence:
            break
        if line.strip() and not line[0].isspace():
            close()
            term, definition = line.strip(), []
        elif line.strip() and term is not None:
            definition.append(line.strip())
    close()
    return entries


def _directive_block(name: str, argument: str, body: list[str]) -> list[str]:
    inner = "\n".join(body).strip("\n")
    if name == "dropdown":
        # Hidden until clicked, in every Jupyter: HTML's own disclosure element.
        title = argument or "Show"
        return ["<details>", f"<summary>{title}</summary>", "", inner, "", "</details>"]
    title = argument or name.capitalize()
    quoted = [f"> {line}" if line else ">" for line in inner.split("\n")]
    return [f"> **{title}**", ">", *quoted]


def plain_markdown(source: str, citation_text, doc_link=None) -> str:
    """MyST Markdown as CommonMark: directives become <details> (dropdowns) or block quotes,
    roles readable text (roles_as_text), and target labels ("(name)=") are dropped."""
    lines = source.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        start = DIRECTIVE_START.match(line)
        if start and start.group("name") not in ("code-cell",):
            fence = start.group("fence")
            index += 1
            while index < len(lines) and DIRECTIVE_OPTION.match(lines[index]):
                index += 1
            body = []
            # MyST nests by fence length: the first line that is this fence alone closes it.
            while index < len(lines) and lines[index].strip() != fence:
                body.append(lines[index])
                index += 1
            index += 1  # the closing fence
            converted = plain_markdown("\n".join(body), citation_text, doc_link)
            out.extend(_directive_block(start.group("name"), start.group("argument"), [converted]))
            continue
        if LABEL_LINE.match(line):
            index += 1
            continue
        out.append(line)
        index += 1
    return roles_as_text("\n".join(out), citation_text, doc_link)


def cited_keys(source: str) -> list[str]:
    keys = []
    for match in CITATION.finditer(source):
        keys += [key.strip() for key in match.group("keys").split(",")]
    return keys


def learner_notebook(
    notebook: nbformat.NotebookNode,
    entries,
    labels,
    author,
    glossary: dict[str, tuple[str, str]],
    *,
    keep_myst: bool,
    doc_link=None,
) -> nbformat.NotebookNode:
    """The chapter with every role readable (see the module's docstring), the terms it uses
    and the works it cites listed at its end, and its web-page-only cells left out.
    entries: pybtex entries by key; labels: the year label of each key ("2024b", "n.d.");
    author: the citation's author part of an entry; glossary: glossary_definitions(...);
    keep_myst: keep MyST's directives (for jupyterlab-myst) rather than writing CommonMark;
    doc_link(target): the address of a {doc} link's target, or None for its text alone."""

    def citation_text(keys: list[str], kind: str) -> str:
        known = [key for key in keys if key in entries]
        parts = [f"{_plain(author(entries[key]))}, {labels.get(key, 'n.d.')}" for key in known]
        return "(" + "; ".join(parts) + ")"

    def readable(text: str) -> str:
        text = checklist_as_task_list(text)
        if keep_myst:
            return roles_as_text(text, citation_text, doc_link)
        return plain_markdown(text, citation_text, doc_link)

    notebook.cells = [
        cell for cell in notebook.cells if WEB_PAGE_ONLY not in cell.metadata.get("tags", [])
    ]
    cited: list[str] = []
    terms: list[str] = []

    def cite(text: str) -> None:
        """Note the works text cites, each once, in order."""
        for key in cited_keys(text):
            if key in entries and key not in cited:
                cited.append(key)

    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        for term in term_targets(cell.source):
            if term.lower() not in map(str.lower, terms):
                terms.append(term)
        cite(cell.source)
        cell.source = readable(cell.source)
    defined = [glossary[term.lower()] for term in terms if term.lower() in glossary]
    if defined:
        lines = ["## Terms used in this chapter", ""]
        for term, definition in defined:
            cite(definition)
            lines.append(f"- **{term}**: {readable(definition)}")
        notebook.cells.append(nbformat.v4.new_markdown_cell("\n".join(lines)))
    if cited:
        lines = ["## Works cited in this chapter", ""]
        for key in sorted(cited, key=lambda k: (author(entries[k]).lower(), labels.get(k, ""))):
            lines.append("- " + reference_text(entries[key], labels.get(key, "n.d."), author))
        notebook.cells.append(nbformat.v4.new_markdown_cell("\n".join(lines)))
    return notebook


def downloadable_notebook(
    notebook: nbformat.NotebookNode,
    repository_url: str,
    entries,
    labels,
    author,
    glossary: dict[str, tuple[str, str]] | None = None,
) -> nbformat.NotebookNode:
    """The notebook a learner downloads: install cell first, plain Markdown, the terms used and
    the works cited listed at the end (see learner_notebook for the arguments)."""
    notebook = learner_notebook(notebook, entries, labels, author, glossary or {}, keep_myst=False)
    notebook.cells.insert(0, install_cell(repository_url))
    # A plain notebook: with jupytext's metadata, a Jupyter that has jupytext pairs it with a
    # text file the learner does not have.
    notebook.metadata.pop("jupytext", None)
    return notebook


def _plain(value: str) -> str:
    """A BibTeX field as text: braces that protect capitals dropped, LaTeX dashes as dashes."""
    return value.replace("{", "").replace("}", "").replace("--", "–").replace("\\&", "&")


def reference_text(entry, year_label: str, author) -> str:
    """One line of the works cited: Author (year). Title. Where published. Address."""
    who, title = _plain(author(entry)), _plain(entry.fields.get("title", ""))
    parts = [f"{who} ({year_label}).", "" if title == who else title + "."]
    for field in ("journal", "howpublished"):
        if entry.fields.get(field):
            parts.append(_plain(entry.fields[field]) + ".")
    if entry.fields.get("url"):
        parts.append(f"<{entry.fields['url']}>")
    return " ".join(part for part in parts if part.strip(". "))
