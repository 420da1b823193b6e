"""Production checks of the key-encryption keys (``manage.py check --deploy``, docs/adr/0014).

Without a configured key, Palabre makes a development key in ``var/``, beside the data: fine on
a laptop, a loss waiting to happen on a server (the key goes with the disk, and a stolen copy of
the server holds both). The deploy check refuses it, a key file kept inside the project (it
would be copied, packaged or committed with the code) and a key file other users can read.
"""

import stat
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from palabre.core import crypto


@checks.register(checks.Tags.security, deploy=True)
def key_encryption_keys(app_configs=None, **kwargs):
    if not crypto.configured_sources():
        return [
            checks.Error(
                "Aucune clé maîtresse (PALABRE_KEK ou PALABRE_KEK_FILE) : les notes seraient "
                "chiffrées par une clé de développement rangée à côté des données.",
                hint="Créez une clé et mettez-la sous séquestre : voir docs/operations.md, "
                "« Les clés de chiffrement ».",
                id="core.E001",
            )
        ]
    try:
        ring = crypto.load_ring()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="core.E002")]
    return _key_file_problems() if ring.keys else []


def _key_file_problems():
    if not settings.PALABRE_KEK_FILE:
        return []
    path = Path(settings.PALABRE_KEK_FILE).resolve()
    problems = []
    if path.is_relative_to(Path(settings.BASE_DIR).resolve()):
        problems.append(
            checks.Error(
                f"PALABRE_KEK_FILE ({path}) est dans le dossier du projet : elle partirait avec "
                "le code, une archive ou une sauvegarde de l'application.",
                hint="Rangez-la hors du projet, par exemple /etc/palabre/kek, lisible par le "
                "seul compte qui fait tourner Palabre.",
                id="core.E003",
            )
        )
    if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        problems.append(
            checks.Warning(
                f"PALABRE_KEK_FILE ({path}) est lisible par d'autres comptes que le sien.",
                hint=f"chmod 600 {path}",
                id="core.W001",
            )
        )
    return problems
