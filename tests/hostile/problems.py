"""What went wrong, input by input: a loop over hostile inputs reports every failing one at once
instead of stopping at the first."""

import contextlib

from tests.hostile import fingerprint


class Problems(list):
    @contextlib.contextmanager
    def check(self, name, unchanged=True):
        """Runs the block for the input ``name``: a failed assertion, an error, or (when
        ``unchanged``) a row changed by it is written down."""
        before = fingerprint.take() if unchanged else None
        try:
            yield
        except AssertionError as error:
            self.append(f"{name} : {error}")
        except Exception as error:  # noqa: BLE001 (an error of the server, raised by the client)
            self.append(f"{name} : {type(error).__name__}: {str(error)[:200]}")
        tables = fingerprint.changed(before, fingerprint.take()) if unchanged else []
        if tables:
            self.append(f"{name} : des lignes ont changé ({', '.join(tables)})")

    def __str__(self):
        return f"{len(self)} problème(s) :\n" + "\n".join(self)
