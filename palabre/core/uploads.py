"""What a file is, read from its first bytes rather than from its name.

A text file named ``photo.png`` or a program named ``compte-rendu.pdf`` is refused: each accepted
extension names the signature its content must start with, and text must read as text.
"""

from pathlib import PurePath

ZIP = b"PK\x03\x04"  # OpenDocument and Office Open XML files are zip archives
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the older Office formats
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".odt": (ZIP,),
    ".ods": (ZIP,),
    ".odp": (ZIP,),
    ".docx": (ZIP,),
    ".xlsx": (ZIP,),
    ".pptx": (ZIP,),
    ".doc": (OLE,),
    ".xls": (OLE,),
    ".ppt": (OLE,),
}
TEXT = {".txt", ".csv"}
BINARY_STARTS = tuple({start for starts in SIGNATURES.values() for start in starts})
HEAD_BYTES = 4096


def content_matches_name(upload) -> bool:
    """Whether the uploaded file's content is of the kind its extension says."""
    suffix = PurePath(upload.name).suffix.lower()
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if suffix in TEXT:
        return b"\x00" not in head and not head.startswith(BINARY_STARTS)
    return head.startswith(SIGNATURES.get(suffix, (b"\x00never",)))
