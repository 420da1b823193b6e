"""Reads back a PDF Palabre printed, as a funder's reader or a screen reader would meet it: what
lies outside the page, the headings, the headers of each table cell, the XMP metadata.

pdfminer.six places every glyph where the page draws it, even off the page. pdftotext cannot
tell: poppler drops the characters that fall outside the page box, so a column printed past the
edge simply goes missing from its text.

The root ``conftest.py`` runs ``problems`` on every PDF the test suite writes.
"""

import contextlib
import functools
import io
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTPage
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef, PDFStream, resolve1
from pdfminer.psparser import PSLiteral
from pdfminer.utils import apply_matrix_pt, decode_text

# A glyph's box comes from its font's metrics: half a point of slack for the rounding of both.
TOLERANCE = 0.5
HEADINGS = ("H1", "H2", "H3", "H4", "H5", "H6")
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
DC = "{http://purl.org/dc/elements/1.1/}"


# --- Inside the page ----------------------------------------------------------------------------


def _page_box(page: PDFPage) -> tuple[float, float, float, float]:
    """The visible part of a page (its crop box within its media box), in the coordinates
    pdfminer gives the page's content (the media box's corner at 0, 0, as in ``process_page``)."""
    mx0, my0, mx1, my1 = page.mediabox
    cx0, cy0, cx1, cy1 = page.cropbox
    x0, y0, x1, y1 = max(mx0, cx0), max(my0, cy0), min(mx1, cx1), min(my1, cy1)
    ctm = {
        90: (0, -1, 1, 0, -my0, mx1),
        180: (-1, 0, 0, -1, mx1, my1),
        270: (0, 1, -1, 0, my1, -mx0),
    }.get(page.rotate, (1, 0, 0, 1, -mx0, -my0))
    corners = [apply_matrix_pt(ctm, point) for point in ((x0, y0), (x1, y1))]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return min(xs), min(ys), max(xs), max(ys)


def _outside(bbox, box) -> bool:
    x0, y0, x1, y1 = bbox
    bx0, by0, bx1, by1 = box
    return (
        x0 < bx0 - TOLERANCE or y0 < by0 - TOLERANCE or x1 > bx1 + TOLERANCE or y1 > by1 + TOLERANCE
    )


def _items(container):
    for item in container:
        yield item
        if isinstance(item, LTContainer):
            yield from _items(item)


def _describe(number: int, what: str, bbox, box) -> str:
    x0, y0, x1, y1 = (round(v) for v in bbox)
    width, height = round(box[2] - box[0]), round(box[3] - box[1])
    return f"page {number}: {what} at x {x0}–{x1}, y {y0}–{y1}, outside its {width} × {height} box"


def _parsed(content: "bytes | PDFDocument") -> PDFDocument:
    if isinstance(content, PDFDocument):
        return content
    return PDFDocument(PDFParser(io.BytesIO(content)))


def outside_the_page(content: "bytes | PDFDocument") -> list[str]:
    """Each run of text, line, shape or image that reaches past the page box, described."""
    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=None)  # glyphs as drawn, no regrouping
    interpreter = PDFPageInterpreter(manager, device)
    found = []
    for number, page in enumerate(PDFPage.create_pages(_parsed(content)), start=1):
        interpreter.process_page(page)
        layout: LTPage = device.get_result()
        box = _page_box(page)
        run, run_bbox, shapes = "", None, []
        for item in _items(layout):
            if isinstance(item, LTChar) and _outside(item.bbox, box):
                if run_bbox is None:
                    run_bbox = item.bbox
                else:
                    run += " " if item.x0 - run_bbox[2] > 1 else ""
                    run_bbox = (
                        min(run_bbox[0], item.x0),
                        min(run_bbox[1], item.y0),
                        max(run_bbox[2], item.x1),
                        max(run_bbox[3], item.y1),
                    )
                run += item.get_text()
                continue
            if run and not (isinstance(item, LTChar) and not item.get_text().strip()):
                found.append(_describe(number, f"text « {run.strip()} »", run_bbox, box))
                run, run_bbox = "", None
            if isinstance(item, LTCurve | LTImage) and _outside(item.bbox, box):
                shapes.append(item.bbox)
        if run:
            found.append(_describe(number, f"text « {run.strip()} »", run_bbox, box))
        if shapes:
            bbox = tuple(f(b[i] for b in shapes) for i, f in enumerate((min, min, max, max)))
            found.append(_describe(number, f"{len(shapes)} lines, shapes or images", bbox, box))
    return found


def page_sizes(content: "bytes | PDFDocument") -> list[tuple[int, int]]:
    """Width and height of each page, in points: ``(595, 842)`` for A4 portrait."""
    return [
        (round(x1 - x0), round(y1 - y0))
        for x0, y0, x1, y1 in (_page_box(page) for page in PDFPage.create_pages(_parsed(content)))
    ]


# --- Structure and metadata ---------------------------------------------------------------------


@dataclass
class Element:
    """A node of the PDF's structure tree: its type (``H1``, ``Table``, ``TH``…), its
    attributes (``O``, ``Headers``…), its ``ID`` and its children."""

    type: str
    attributes: dict = field(default_factory=dict)
    id: str = ""
    children: list["Element"] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def _name(value) -> str:
    value = resolve1(value)
    if isinstance(value, PSLiteral):
        return str(value.name)
    if isinstance(value, bytes):
        return decode_text(value)
    return str(value) if value is not None else ""


def _element(node, seen) -> Element | None:
    node = resolve1(node)
    if not isinstance(node, dict) or "S" not in node or id(node) in seen:
        return None
    seen.add(id(node))
    attributes = {}
    owned = resolve1(node.get("A"))
    for group in owned if isinstance(owned, list) else [owned]:
        group = resolve1(group)
        if isinstance(group, dict):
            for key, value in group.items():
                value = resolve1(value)
                attributes[key] = (
                    [_name(v) for v in value] if isinstance(value, list) else _name(value)
                )
    element = Element(type=_name(node["S"]), attributes=attributes, id=_name(node.get("ID")))
    kids = resolve1(node.get("K"))
    for kid in kids if isinstance(kids, list) else [kids]:
        if isinstance(kid, PDFObjRef | dict):
            child = _element(kid, seen)
            if child is not None:
                element.children.append(child)
    return element


@dataclass
class Reading:
    """What a PDF says of itself besides its pages."""

    structure: Element | None
    language: str  # the catalog's /Lang
    info_title: str
    xmp: dict  # "title", "language": lists of strings; empty without an XMP packet
    rdf_blocks: int = 0  # XMP wants a single rdf:RDF in its packet


def read(content: "bytes | PDFDocument") -> Reading:
    document = _parsed(content)
    catalog = document.catalog
    root = resolve1(catalog.get("StructTreeRoot"))
    structure = None
    if isinstance(root, dict):
        structure = Element(type="StructTreeRoot")
        kids = resolve1(root.get("K"))
        seen = set()
        for kid in kids if isinstance(kids, list) else [kids]:
            child = _element(kid, seen)
            if child is not None:
                structure.children.append(child)
    info = resolve1(document.info[0]) if document.info else {}
    xmp, rdf_blocks = {}, 0
    metadata = resolve1(catalog.get("Metadata"))
    if isinstance(metadata, PDFStream):
        packet = ET.fromstring(metadata.get_data())
        rdf_blocks = len(packet.findall(f"{RDF}RDF"))
        xmp = {
            key: [li.text or "" for t in packet.iter(f"{DC}{key}") for li in t.iter(f"{RDF}li")]
            for key in ("title", "language")
        }
    return Reading(
        structure=structure,
        language=_name(catalog.get("Lang")),
        info_title=_name(info.get("Title")),
        xmp=xmp,
        rdf_blocks=rdf_blocks,
    )


def headings(reading: Reading) -> list[int]:
    """The levels of the headings in reading order: ``[1, 2, 2, 3]``."""
    if reading.structure is None:
        return []
    return [int(e.type[1]) for e in reading.structure.walk() if e.type in HEADINGS]


def _rows(table: Element):
    for child in table.children:
        if child.type == "TR":
            yield child
        elif child.type in ("THead", "TBody", "TFoot"):
            yield from _rows(child)


def table_problems(reading: Reading) -> list[str]:
    """Each data cell must name its headers: the row's header when its row has one (a ``<th
    scope="row">``; WeasyPrint takes a ``<th>`` without scope for a column's header) and the
    column's header when the table's head has one."""
    if reading.structure is None:
        return []
    found = []
    tables = [e for e in reading.structure.walk() if e.type == "Table"]
    for number, table in enumerate(tables, start=1):
        column_headers = set()
        for row in _rows(table):
            cells = [c for c in row.children if c.type in ("TH", "TD")]
            row_headers = {c.id for c in cells if c.type == "TH"}
            data = [c for c in cells if c.type == "TD"]
            if not data:
                column_headers |= row_headers
                continue
            for cell in data:
                headers = set(cell.attributes.get("Headers") or [])
                if row_headers and not row_headers & headers:
                    found.append(f"table {number}: a cell does not name the header of its row")
                    break
                if column_headers and not column_headers & headers:
                    found.append(f"table {number}: a cell does not name the header of its column")
                    break
    return found


def problems(content: bytes) -> list[str]:
    """Everything that keeps a PDF from fitting its pages or from reading well aloud."""
    document = _parsed(content)
    found = outside_the_page(document)
    reading = read(document)
    levels = headings(reading)
    if levels.count(1) != 1:
        found.append(f"{levels.count(1)} headings of level 1 (one expected): {levels}")
    for before, after in zip([0, *levels], levels, strict=False):
        if after > before + 1:
            found.append(f"heading levels skip from {before} to {after}: {levels}")
            break
    found += table_problems(reading)
    if not reading.language:
        found.append("no language in the catalog (<html lang>)")
    if not reading.xmp:
        found.append("no XMP metadata")
    else:
        if reading.rdf_blocks != 1:
            found.append(f"{reading.rdf_blocks} rdf:RDF in the XMP packet (one expected)")
        if not reading.info_title or reading.xmp["title"] != [reading.info_title]:
            found.append(f"XMP title {reading.xmp['title']} is not « {reading.info_title} »")
        if reading.xmp["language"] != [reading.language]:
            found.append(f"XMP language {reading.xmp['language']} is not « {reading.language} »")
    return found


# --- Every PDF of the test suite ----------------------------------------------------------------


class Measured:
    """Stands in for WeasyPrint's ``Document.write_pdf`` in every test (the root conftest.py):
    writes as WeasyPrint does, then keeps the problems of what was written in ``found``. The
    test fails at its end if any is left, even when the code under test caught the error, so a
    table too wide for its page fails the suite wherever it is printed."""

    def __init__(self, write):
        self.found: list[str] = []
        self._paused = False

        @functools.wraps(write)
        def write_pdf(document, target=None, *args, **kwargs):
            output = write(document, target, *args, **kwargs)
            if not self._paused:
                self._measure(output, target)
            return output

        self.write_pdf = write_pdf

    def _measure(self, output, target):
        if output is None and isinstance(target, str | os.PathLike):
            output = Path(target).read_bytes()
        elif output is None and hasattr(target, "getvalue"):
            output = target.getvalue()
        if output is not None:
            self.found += problems(output)

    def take(self) -> list[str]:
        """The problems found so far, forgotten: for a test that makes a bad PDF on purpose."""
        found, self.found = self.found, []
        return found

    @contextlib.contextmanager
    def paused(self):
        self._paused = True
        try:
            yield
        finally:
            self._paused = False
