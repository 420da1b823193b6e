"""``manage.py rotate_data_keys``: a new data key for each service, every note resealed with it,
the old key retired — without stopping the instance (docs/adr/0014, docs/operations.md).

    rotate_data_keys                      every service's key (or finish a rotation cut short)
    rotate_data_keys --organisation SLUG  one service
    rotate_data_keys --no-new-key         seal what is still in clear, finish cut-short rotations
    rotate_data_keys --kek [KEK_ID]       wrap the data keys under another key-encryption key
    rotate_data_keys --status             keys and values of each service, changes nothing
    rotate_data_keys --verify             opens every sealed value (restore drill), changes nothing

Killed half-way, it is simply run again: it resumes where it stopped.
"""

import time

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from palabre.core import crypto, key_rotation
from palabre.core.keys import DataKey


class Command(BaseCommand):
    help = (
        "Renouvelle la clé de données de chaque service et rechiffre ses notes par petits lots, "
        "sans interruption ; relancée après une coupure, elle reprend où elle s'était arrêtée."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation", help="identifiant court (slug) d'un seul service")
        parser.add_argument(
            "--no-new-key",
            action="store_true",
            help="pas de nouvelle clé : chiffre le texte encore en clair, termine une rotation",
        )
        parser.add_argument(
            "--kek",
            nargs="?",
            const="",
            default=None,
            help="rechiffre les clés de données sous cette clé maîtresse (par défaut la première)",
        )
        parser.add_argument(
            "--status", action="store_true", help="état des clés, sans rien changer"
        )
        parser.add_argument("--verify", action="store_true", help="ouvre chaque valeur chiffrée")
        parser.add_argument("--batch-size", type=int, default=200, help="valeurs par transaction")
        parser.add_argument("--pause", type=float, default=0.0, help="secondes entre deux lots")

    def handle(self, *args, **options):
        crypto.forget()
        organisations = self._organisations(options["organisation"])
        if options["status"]:
            return self._status(organisations)
        if options["verify"]:
            return self._verify(organisations, options["organisation"])
        if options["kek"] is not None:
            return self._rewrap(options["kek"] or None, organisations, options["organisation"])
        if options["batch_size"] < 1:
            raise CommandError("--batch-size : au moins 1.")
        begun = [self._begin(organisation, options) for organisation in organisations]
        begun = [step for step in begun if step]
        wait = key_rotation.stale_writers_wait(organisation.pk for organisation, *_ in begun)
        if wait:
            self.stdout.write(
                f"Attente de {wait:.0f} s : des processus peuvent encore chiffrer avec "
                "l'ancienne clé (PALABRE_DATA_KEY_TTL)."
            )
            time.sleep(wait)
        stuck = [
            problem
            for organisation, active, progress in begun
            if (problem := self._finish(organisation, active, progress, options))
        ]
        if stuck:  # the other services are finished all the same
            raise CommandError("\n".join(stuck))

    def _organisations(self, slug):
        Organisation = apps.get_model("organisations", "Organisation")
        if slug:
            found = list(Organisation.objects.filter(slug=slug))
            if not found:
                raise CommandError(f"Aucun service « {slug} ».")
            return found
        return list(Organisation.objects.order_by("name"))

    def _report(self, options):
        if options["verbosity"] < 2:
            return None

        def report(model, field, progress):
            self.stdout.write(f"  {field.label} : {progress.resealed} valeur(s) rechiffrée(s)")

        return report

    def _begin(self, organisation, options):
        counts = key_rotation.census(organisation.pk)
        unused = not DataKey.objects.filter(organisation=organisation).exists()
        if unused and not counts.by_key and not counts.plaintext:
            return None  # nothing sealed, nothing to seal: its key is made with its first note
        self.stdout.write(f"{organisation.name} ({organisation.slug})")
        active, progress = key_rotation.begin(
            organisation.pk,
            new_key=not options["no_new_key"],
            batch_size=options["batch_size"],
            pause=options["pause"],
            report=self._report(options),
        )
        self.stdout.write(
            f"  clé v{active.version} active ; {progress.resealed} valeur(s) rechiffrée(s)"
        )
        return organisation, active, progress

    def _finish(self, organisation, active, progress, options):
        before = progress.resealed
        try:
            retired = key_rotation.finish(
                organisation.pk,
                active,
                progress,
                batch_size=options["batch_size"],
                report=self._report(options),
            )
        except key_rotation.RotationStuck as stuck:
            return f"{organisation.slug} : {stuck}"
        meanwhile = progress.resealed - before
        done = [f"{meanwhile} écrite(s) entre-temps rechiffrée(s)"] if meanwhile else []
        if progress.changed_meanwhile:
            done.append(f"{progress.changed_meanwhile} modifiée(s) pendant la rotation")
        done += [f"v{key.version} retirée" for key in retired]
        self.stdout.write(f"{organisation.slug} : " + (" ; ".join(done) or "rien à retirer"))
        return None

    def _rewrap(self, kek_id, organisations, slug):
        ring = crypto.ring()
        target = kek_id or ring.primary
        try:
            ring.kek(target)
        except crypto.MissingKey as error:
            raise CommandError(str(error)) from None
        done = 0
        for organisation in organisations if slug else [None]:
            done += key_rotation.rewrap(target, organisation.pk if organisation else None)
        self.stdout.write(f"{done} clé(s) de données rechiffrée(s) sous {target}.")
        left = DataKey.objects.live().exclude(kek_id=target).count()
        if left and not slug:
            raise CommandError(f"{left} clé(s) restent sous une autre clé maîtresse.")

    def _status(self, organisations):
        ring = crypto.ring()
        where = "clé de développement" if ring.development else "configurées"
        self.stdout.write(
            f"Clés maîtresses ({where}) : {', '.join(ring.keys)} ; en usage : {ring.primary}"
        )
        for organisation in organisations:
            keys = list(DataKey.objects.filter(organisation=organisation))
            if not keys:
                continue
            counts = key_rotation.census(organisation.pk)
            self.stdout.write(f"{organisation.name} ({organisation.slug})")
            for key in keys:
                self.stdout.write(
                    f"  v{key.version} {key.state:<9} {key.kek_id or '—':<17} "
                    f"{counts.by_key.get(key.pk.hex, 0)} valeur(s)"
                )
            if counts.plaintext:
                self.stdout.write(f"  {counts.plaintext} valeur(s) encore en clair")

    def _verify(self, organisations, slug):
        scopes = [organisation.pk for organisation in organisations] if slug else [None]
        opened = plaintext = 0
        failures = []
        for scope in scopes:
            result = key_rotation.verify(scope)
            opened, plaintext = opened + result.opened, plaintext + result.plaintext
            failures += result.failures
        self.stdout.write(f"{opened} valeur(s) chiffrée(s) ouverte(s), {plaintext} en clair.")
        for label, row, reason in failures[:20]:
            self.stderr.write(f"  {label} {row} : {reason}")
        if failures:
            raise CommandError(f"{len(failures)} valeur(s) ne s'ouvrent pas.")
