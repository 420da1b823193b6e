"""Files are written whole or not at all.

Django's ``FileSystemStorage`` writes straight into the final name: a full disk (``ENOSPC``) or
a process killed halfway leaves a truncated report, photo or document under the name the
database is about to point at. This storage writes into a hidden partial file beside it, flushes
it to the disk, then gives it its name in one step (a hard link, which, like ``O_EXCL``, never
replaces an existing file). On any failure the partial file is removed and the error goes on
to the caller, which records nothing (docs/operations.md, « Pannes »).
"""

import contextlib
import errno
import os
import secrets

from django.core.files.storage import FileSystemStorage
from django.core.files.storage.filesystem import safe_makedirs

PARTIAL_PREFIX = ".partiel-"


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        if self.directory_permissions_mode is not None:
            safe_makedirs(directory, self.directory_permissions_mode, exist_ok=True)
        else:
            os.makedirs(directory, exist_ok=True)
        partial = os.path.join(directory, f"{PARTIAL_PREFIX}{secrets.token_hex(8)}")
        try:
            self._write_partial(partial, content)
            while True:
                try:
                    _name(partial, full_path, overwrite=self._allow_overwrite)
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(partial)
        if self.file_permissions_mode is not None:
            os.chmod(full_path, self.file_permissions_mode)
        self._ensure_location_group_id(full_path)
        return os.path.relpath(full_path, self.location).replace("\\", "/")

    def _write_partial(self, path, content):
        with self._open_partial(path) as partial:
            for chunk in content.chunks():
                partial.write(chunk.encode() if isinstance(chunk, str) else chunk)
            partial.flush()
            os.fsync(partial.fileno())

    def _open_partial(self, path):
        """The partial file, opened for writing (a test gives a disk that fills up here)."""
        return open(path, "xb")  # noqa: SIM115 (closed by the caller's ``with``)


def _name(partial, full_path, *, overwrite):
    """Gives the written file its name in one step; ``FileExistsError`` when the name is taken
    and may not be replaced."""
    if overwrite:
        os.replace(partial, full_path)
        return
    try:
        os.link(partial, full_path)
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        # A file system without hard links: a rename, after a look (a small race, as Django's).
        if os.path.exists(full_path):
            raise FileExistsError(full_path) from None
        os.rename(partial, full_path)
