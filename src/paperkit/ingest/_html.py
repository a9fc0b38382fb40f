"""HTML pages, read with the standard library's `html.parser`.

Headings, paragraphs, list items, table rows and definition lists become the same blocks as their
Markdown forms. Scripts, styles, forms, navigation and footers are skipped: they are page chrome.
"""

from __future__ import annotations

from html.parser import HTMLParser

from paperkit.ingest._blocks import Block, BlockKind, collapse

__all__ = ["read_html_blocks"]

_SKIPPED = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "nav",
        "footer",
        "form",
        "button",
        "select",
        "iframe",
        "object",
        "canvas",
        "math",
    }
)
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "aside",
        "blockquote",
        "pre",
        "li",
        "dt",
        "dd",
        "figure",
        "figcaption",
        "address",
        "details",
        "summary",
        "body",
        "html",
        "ul",
        "ol",
        "dl",
        "center",
        *_HEADINGS,
    }
)
_BOLD = frozenset({"strong", "b"})


def read_html_blocks(text: str) -> tuple[list[Block], str | None]:
    """Split an HTML page into blocks; also returns the text of its ``<title>``."""
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    parser.finish()
    return parser.blocks, parser.title


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.title: str | None = None
        self._skip_depth = 0
        self._skip_stack: list[str] = []
        self._in_title = False
        self._title_parts: list[str] = []
        # the block being collected
        self._parts: list[str] = []
        self._bold_chars = 0
        self._line = 0
        self._links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._link_parts: list[str] = []
        self._bold_depth = 0
        self._heading = 0
        self._lists = 0
        self._in_item = False
        # a definition list reads like labelled lines: <dt>Presenter</dt><dd>Ada</dd>
        self._term: str | None = None
        self._in_term = False
        self._in_definition = False
        # the table being collected
        self._tables: list[_Table] = []

    # ------------------------------------------------------------------ parser events

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_depth:
            if tag == self._skip_stack[-1] and tag not in _VOID:
                self._skip_depth += 1
            return
        if tag in _SKIPPED:
            self._end_block()
            self._skip_depth, self._skip_stack = 1, [tag]
            return
        if tag == "title":
            self._in_title = True
        elif tag in _HEADINGS:
            self._end_block()
            self._heading = _HEADINGS[tag]
        elif tag in ("ul", "ol"):
            self._end_block()
            self._lists += 1
        elif tag == "li":
            self._end_block()
            self._in_item = True
        elif tag in ("dt", "dd"):
            self._end_block()
            self._in_term, self._in_definition = tag == "dt", tag == "dd"
        elif tag == "table":
            self._end_block()
            self._tables.append(_Table(self.getpos()[0]))
        elif tag == "tr" and self._tables:
            self._tables[-1].start_row(self.getpos()[0])
        elif tag in ("td", "th") and self._tables:
            self._end_block()
            self._tables[-1].start_cell(header=tag == "th")
        elif tag == "br" or tag == "hr" or tag in _BLOCKS:
            self._end_block()
        elif tag in _BOLD:
            self._bold_depth += 1
        elif tag == "a":
            self._href = dict(attrs).get("href")
            self._link_parts = []

    def handle_endtag(self, tag: str) -> None:
        if self._skip_depth:
            if tag == self._skip_stack[-1]:
                self._skip_depth -= 1
            return
        if tag == "title":
            self._in_title = False
            self.title = collapse("".join(self._title_parts)) or None
        elif tag in _HEADINGS:
            self._end_block()
            self._heading = 0
        elif tag in ("ul", "ol"):
            self._end_block()
            self._lists = max(0, self._lists - 1)
        elif tag == "li":
            self._end_block()
            self._in_item = False
        elif tag in ("dt", "dd"):
            self._end_block()
            self._in_term = self._in_definition = False
        elif tag in ("td", "th") and self._tables:
            self._tables[-1].end_cell()
        elif tag == "table" and self._tables:
            self._end_block()
            self._emit_table(self._tables.pop())
        elif tag in _BLOCKS:
            self._end_block()
        elif tag in _BOLD:
            self._bold_depth = max(0, self._bold_depth - 1)
        elif tag == "a" and self._href:
            text = collapse("".join(self._link_parts))
            self._current_links().append((text or self._href, self._href))
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        if self._in_title:
            self._title_parts.append(data)
            return
        if self._href is not None:
            self._link_parts.append(data)
        if self._tables and self._tables[-1].in_cell:
            self._tables[-1].add(data)
            return
        if not self._parts and data.strip():
            self._line = self.getpos()[0] + data[: len(data) - len(data.lstrip())].count("\n")
        self._parts.append(data)
        if self._bold_depth:
            self._bold_chars += len("".join(data.split()))

    def finish(self) -> None:
        """Emit what is left after the last tag."""
        self._end_block()
        while self._tables:
            self._emit_table(self._tables.pop())

    # ------------------------------------------------------------------ blocks

    def _current_links(self) -> list[tuple[str, str]]:
        if self._tables and self._tables[-1].in_cell:
            return self._tables[-1].links
        return self._links

    def _end_block(self) -> None:
        raw = "".join(self._parts)
        text = collapse(raw)
        if text and self._in_term:
            self._term = text.rstrip(":")
            text = ""
        elif text and self._in_definition and self._term:
            text, self._term = f"{self._term}: {text}", None
        if text:
            total = len("".join(raw.split()))
            bold = self._bold_chars >= total > 0 and not self._heading
            if self._heading:
                block = Block(
                    BlockKind.HEADING,
                    text,
                    self._line,
                    level=self._heading,
                    links=tuple(self._links),
                )
            elif self._in_item:
                block = Block(
                    BlockKind.ITEM,
                    text,
                    self._line,
                    bold=bold,
                    links=tuple(self._links),
                    depth=max(0, self._lists - 1),
                )
            else:
                block = Block(BlockKind.TEXT, text, self._line, bold=bold, links=tuple(self._links))
            self.blocks.append(block)
        self._parts, self._links, self._bold_chars = [], [], 0

    def _emit_table(self, table: _Table) -> None:
        rows = [row for row in table.rows if any(cell for cell, _ in row.cells)]
        if not rows:
            return
        first = rows[0]
        if first.header or len(rows) > 1:
            header, body = tuple(cell for cell, _ in first.cells), rows[1:]
        else:
            header, body = (), rows
        for row in body:
            cells = tuple(cell for cell, _ in row.cells)
            links = tuple(link for _, cell_links in row.cells for link in cell_links)
            self.blocks.append(
                Block(
                    BlockKind.ROW,
                    " | ".join(cells),
                    row.line,
                    cells=cells,
                    header=header,
                    links=links,
                )
            )
        self.blocks.append(Block(BlockKind.BREAK, "", table.line))


class _Row:
    def __init__(self, line: int) -> None:
        self.line = line
        self.cells: list[tuple[str, tuple[tuple[str, str], ...]]] = []
        self.header = False


class _Table:
    def __init__(self, line: int) -> None:
        self.line = line
        self.rows: list[_Row] = []
        self.in_cell = False
        self.parts: list[str] = []
        self.links: list[tuple[str, str]] = []

    def start_row(self, line: int) -> None:
        self.end_cell()
        self.rows.append(_Row(line))

    def start_cell(self, *, header: bool) -> None:
        self.end_cell()
        if not self.rows:
            self.rows.append(_Row(self.line))
        self.in_cell = True
        self.rows[-1].header = self.rows[-1].header or header

    def add(self, data: str) -> None:
        self.parts.append(data)

    def end_cell(self) -> None:
        if self.in_cell and self.rows:
            self.rows[-1].cells.append((collapse("".join(self.parts)), tuple(self.links)))
        self.in_cell, self.parts, self.links = False, [], []
