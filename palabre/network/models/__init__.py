"""The network's models, one module per part: members (directory, yearly memberships, poles),
events, certification, funding. Each module is imported here so that Django finds its models."""

from palabre.network.models.certification import *  # noqa: F403
from palabre.network.models.events import *  # noqa: F403
from palabre.network.models.funding import *  # noqa: F403
from palabre.network.models.members import *  # noqa: F403
