"""The chapter a learner downloads as an .ipynb, readable in any Jupyter.

The chapters are MyST text notebooks: plain Jupyter (JupyterLab or Notebook without
jupyterlab-myst, Colab, VS Code) shows MyST's roles and directives as raw text ("{cite:p}`...`",
":::{dropdown}"), and has no way to install `mmedlearn`, which no package index holds. The
downloaded notebook therefore opens with how to install it from the book's repository, and
its Markdown is plain CommonMark with a little HTML: answers in <details>, citations as
"(Author, year)" with the cited works listed at the end, glossary terms and links between
chapters as their text.
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


def _directive_block(name: str, argument: str, body: list[str]) -> list[str]:
    inner = "\n".join(body).strip("\n")
    if name == "dropdown":
        # Hidden until clicked, in every Jupyter: HTML's own disclosure element.
        title = argument or "Show"
        return ["<details>", f"<summary>{title}</summary>", "", inner, "", "</details>"]
    title = argument or name.capitalize()
    quoted = [f"> {line}" if line else ">" for line in inner.split("\n")]
    return [f"> **{title}**", ">", *quoted]


def plain_markdown(source: str, citation_text) -> str:
    """MyST Markdown as CommonMark: directives become <details> (dropdowns) or block quotes,
    citations "(Author, year)" by citation_text(keys), other roles their text, and target
    labels ("(name)=") are dropped."""
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
            converted = plain_markdown("\n".join(body), citation_text)
            out.extend(_directive_block(start.group("name"), start.group("argument"), [converted]))
            continue
        if LABEL_LINE.match(line):
            index += 1
            continue
        out.append(line)
        index += 1
    text = "\n".join(out)
    text = CITATION.sub(
        lambda m: citation_text(
            [key.strip() for key in m.group("keys").split(",")], m.group("kind") or "p"
        ),
        text,
    )
    return ROLE.sub(lambda m: _role_text(m.group("body")), text)


def cited_keys(source: str) -> list[str]:
    keys = []
    for match in CITATION.finditer(source):
        keys += [key.strip() for key in match.group("keys").split(",")]
    return keys


def downloadable_notebook(
    notebook: nbformat.NotebookNode, repository_url: str, entries, labels, author
) -> nbformat.NotebookNode:
    """The notebook a learner downloads: install cell first, plain Markdown, the works cited
    listed at the end. entries: pybtex entries by key; labels: the year label of each key
    ("2024b", "n.d."); author: the citation's author part of an entry."""

    def citation_text(keys: list[str], kind: str) -> str:
        known = [key for key in keys if key in entries]
        parts = [f"{_plain(author(entries[key]))}, {labels.get(key, 'n.d.')}" for key in known]
        return "(" + "; ".join(parts) + ")"

    cited: list[str] = []
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        for key in cited_keys(cell.source):
            if key in entries and key not in cited:
                cited.append(key)
        cell.source = plain_markdown(cell.source, citation_text)
    notebook.cells.insert(0, install_cell(repository_url))
    # A plain notebook: with jupytext's metadata, a Jupyter that has jupytext pairs it with a
    # text file the learner does not have.
    notebook.metadata.pop("jupytext", None)
    if cited:
        lines = ["## Works cited in this chapter", ""]
        for key in sorted(cited, key=lambda k: (author(entries[k]).lower(), labels.get(k, ""))):
            lines.append("- " + reference_text(entries[key], labels.get(key, "n.d."), author))
        notebook.cells.append(nbformat.v4.new_markdown_cell("\n".join(lines)))
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
