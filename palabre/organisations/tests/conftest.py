# The fixed clock of the account tests: the security policy's tests log people in with codes.
from palabre.accounts.tests.conftest import clock  # noqa: F401
