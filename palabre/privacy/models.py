"""Data protection: the access log, retention and anonymisation, the rights of the people.

Each part lives in its own module; this one gathers their models for Django.
"""

from palabre.privacy.access_log import *  # noqa: F403
from palabre.privacy.notices import *  # noqa: F403
from palabre.privacy.retention import *  # noqa: F403
from palabre.privacy.rights import *  # noqa: F403
from palabre.privacy.safety_reports import *  # noqa: F403
