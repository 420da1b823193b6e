"""Every PDF Palabre prints goes through ``write``: the letters, the training documents and the
reports.

A document is written from HTML with nothing fetched from outside it (only ``data:`` URIs: a
chart, an image). It is written as PDF/UA-1, the accessible variant WeasyPrint knows: the PDF is
tagged (headings, lists, tables with the headers of each cell) so that a screen reader follows
it, and it carries an XMP metadata packet with the document's title (its ``<title>``) and
language (its ``<html lang>``).

WeasyPrint 70 writes the title into the packet, and the language into the catalog only.
``Metadata`` adds ``dc:language`` to the packet WeasyPrint generates. WeasyPrint's own
``xmp_metadata`` option would append a second ``rdf:RDF`` to the packet, where XMP wants a
single one.

What the templates owe the variant: a ``<title>``, ``<html lang>``, one ``<h1>`` and heading
levels that never skip one, ``scope`` on every ``<th>``, an ``alt`` on every image.
``palabre/core/tests/pdfcheck.py`` reads these back from every PDF the test suite writes.
"""

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from django.conf import settings
from weasyprint import CSS, HTML
from weasyprint.pdf.metadata import NS, DocumentMetadata
from weasyprint.urls import URLFetcher

VARIANT = "pdf/ua-1"


class Metadata(DocumentMetadata):
    """WeasyPrint's metadata, with the document's language in the XMP packet too."""

    def generate_rdf_metadata(self, variant, version, conformance):
        rdf = ET.fromstring(super().generate_rdf_metadata(variant, version, conformance))
        if self.lang:
            rdf_ns, dc_ns = f"{{{NS['rdf']}}}", f"{{{NS['dc']}}}"
            description = ET.SubElement(rdf, f"{rdf_ns}Description", {f"{rdf_ns}about": ""})
            language = ET.SubElement(ET.SubElement(description, f"{dc_ns}language"), f"{rdf_ns}Bag")
            ET.SubElement(language, f"{rdf_ns}li").text = self.lang
        return ET.tostring(rdf, encoding="utf-8")


def write(html: str, *, stylesheets: Iterable[str] = ()) -> bytes:
    """The PDF of ``html``; ``stylesheets`` are CSS texts added to the document's own styles."""
    document = HTML(
        string=html,
        base_url=str(settings.BASE_DIR),
        url_fetcher=URLFetcher(allowed_protocols={"data"}),
    ).render(stylesheets=[CSS(string=css) for css in stylesheets], pdf_variant=VARIANT)
    document.metadata = Metadata(**vars(document.metadata))
    return document.write_pdf(pdf_variant=VARIANT)
