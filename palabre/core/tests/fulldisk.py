"""A disk that fills up: the storage Palabre uses (``core.storage``), whose partial file takes
``ROOM`` bytes for real and then fails as a full disk does, with ``ENOSPC``. Name it in
``settings.STORAGES`` to fill the disk under any code that writes a file."""

import errno
import os

from palabre.core.storage import AtomicFileSystemStorage

ROOM = 8


class _FillingFile:
    def __init__(self, path, room):
        self.file = open(path, "xb")  # noqa: SIM115 (closed by ``__exit__``)
        self.room = room

    def write(self, data):
        if len(data) > self.room:
            self.file.write(data[: self.room])
            self.file.flush()
            self.room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return self.file.write(data)

    def __getattr__(self, name):
        return getattr(self.file, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.file.close()


class FullDiskStorage(AtomicFileSystemStorage):
    def _open_partial(self, path):
        return _FillingFile(path, ROOM)
