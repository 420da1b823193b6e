# The fixed clock of the account tests.
from palabre.accounts.tests.conftest import clock  # noqa: F401
