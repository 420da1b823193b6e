"""Files are written whole or not at all (``core.storage``): a disk that fills up during a write
leaves nothing behind, and a name already taken is never written over."""

import errno
import os

import pytest
from django.core.files.base import ContentFile

from palabre.core.storage import AtomicFileSystemStorage
from palabre.core.tests.fulldisk import ROOM, FullDiskStorage


def files_in(root):
    return sorted(
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _dirs, names in os.walk(root)
        for name in names
    )


def test_a_file_is_written_whole_under_its_name(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path)
    name = storage.save("reports/a/bilan.pdf", ContentFile(b"%PDF-1.7 whole"))
    assert name == "reports/a/bilan.pdf"
    assert (tmp_path / name).read_bytes() == b"%PDF-1.7 whole"
    assert files_in(tmp_path) == ["reports/a/bilan.pdf"]


def test_a_name_already_taken_gets_another_and_the_first_file_is_kept(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path)
    storage.save("doc.txt", ContentFile(b"first"))
    second = storage.save("doc.txt", ContentFile(b"second"))
    assert second != "doc.txt"
    assert (tmp_path / "doc.txt").read_bytes() == b"first"
    assert (tmp_path / second).read_bytes() == b"second"


def test_a_disk_full_halfway_fails_with_enospc_and_leaves_no_file(tmp_path):
    storage = FullDiskStorage(location=tmp_path)
    with pytest.raises(OSError) as raised:
        storage.save("reports/a/bilan.pdf", ContentFile(b"x" * (ROOM * 100)))
    assert raised.value.errno == errno.ENOSPC
    assert files_in(tmp_path) == []  # neither the half-written file nor its partial copy
