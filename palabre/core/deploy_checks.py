"""What ``check --deploy`` adds for Palabre: the address in e-mails and the sender must be the
instance's own, not the development defaults."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

RESERVED_ENDINGS = (".local", ".localhost", ".invalid", ".test", ".example", "localhost")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}


@checks.register(checks.Tags.security, deploy=True)
def check_public_address(app_configs=None, **kwargs):
    problems = []
    address = urlsplit(settings.PALABRE_BASE_URL)
    if address.scheme != "https" or (address.hostname or "") in LOCAL_HOSTS:
        problems.append(
            checks.Warning(
                f"PALABRE_BASE_URL ({settings.PALABRE_BASE_URL}) n'est pas l'adresse publique "
                "HTTPS de l'instance : les liens des e-mails et des calendriers y mèneraient.",
                hint="Définissez PALABRE_BASE_URL, par exemple https://mediation.example.org.",
                id="palabre.W001",
            )
        )
    sender = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >").lower()
    if not sender or sender.endswith(RESERVED_ENDINGS) or sender in LOCAL_HOSTS:
        problems.append(
            checks.Warning(
                f"DEFAULT_FROM_EMAIL ({settings.DEFAULT_FROM_EMAIL}) utilise un domaine réservé : "
                "les messages seraient refusés ou classés comme indésirables.",
                hint="Définissez DEFAULT_FROM_EMAIL avec le domaine du service.",
                id="palabre.W002",
            )
        )
    return problems
