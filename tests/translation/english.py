"""Does a page served in English read as English? A heuristic, made to be robust:

1. The text a person reads or hears is taken from the page: text nodes outside ``<script>``,
   ``<style>`` and ``<template>``, and the ``title``, ``alt``, ``placeholder`` and
   ``aria-label`` attributes.
2. Data are left out: every string value held in the database (names, places, titles, notes,
   decrypted when encrypted) is cut out of the text, longest first, as are the pieces of French
   the catalogue keeps on purpose in its English (proper names: regions, French bodies and
   laws). What remains is what the interface itself wrote.
3. What remains must hold no French: no word with a French accent (é, è, à, ç…, which English
   interface text never has) and none of a list of common French words that are not English
   words (articles, prepositions, pronouns, and the interface's most frequent nouns and verbs).

A string the code forgot to mark, or a catalogue entry left untranslated, shows up as such a
word: neither is data, nor a translation.
"""

import re
from html.parser import HTMLParser

from django.apps import apps
from django.db import models

from palabre.core import catalogue

FRENCH_WORDS = {
    "le", "la", "les", "un", "une", "des", "du", "de", "au", "aux", "et", "ou", "est", "sont",
    "pour", "avec", "dans", "sur", "sans", "par", "pas", "ne", "ce", "cette", "ces", "qui",
    "que", "vous", "votre", "vos", "nous", "notre", "leur", "leurs", "aucun", "aucune", "tous",
    "toutes", "mois", "jour", "jours", "semaine", "heure", "heures", "dossier", "dossiers",
    "enregistrer", "modifier", "supprimer", "annuler", "rechercher", "envoyer", "ajouter",
    "retour", "suivant", "connexion", "accueil", "bilan", "bilans", "partenaire", "partenaires",
    "oui", "lieu", "lieux", "demande", "demandes", "voir", "nouvelle", "nouveau", "se", "il",
    "elle", "ils", "elles", "ma", "mes", "ses", "aujourd", "hui", "langue",
    "connecter", "mot", "passe", "nom", "adresse", "ouvrir", "fermer", "valider", "afficher",
    "filtrer", "imprimer", "retirer", "choisir", "fiche", "liste", "statut", "courrier",
    "tableau", "chiffres", "membres", "compte", "personne", "personnes", "tout", "toute",
}  # fmt: skip
FRENCH_LETTERS = re.compile(r"[àâçéèêëîïôûùüÿœæ]", re.IGNORECASE)
WORD = re.compile(r"[^\W\d_]+")
HEARD = {"title", "alt", "placeholder", "aria-label"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|<[^>]*>")
TEXT_FIELDS = (models.CharField, models.TextField)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.lang = None
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if tag in ("script", "style", "template"):
            self.skipping += 1
        self.texts.extend(value for name, value in attrs if name in HEARD and value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.texts.append(data)


def read(html: str) -> tuple[str | None, list[str]]:
    """The page's ``<html lang>`` and the texts a person reads or hears on it."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.lang, [" ".join(text.split()) for text in reader.texts]


def data_strings() -> list[str]:
    """Every text value of the database."""
    values = set()
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if not fields:
            continue
        encrypted = [f.name for f in fields if type(f).__name__.startswith("Encrypted")]
        plain = [f.name for f in fields if f.name not in encrypted]
        if plain:
            for row in model._base_manager.values_list(*plain):
                values.update(" ".join(v.split()) for v in row if isinstance(v, str))
        if encrypted:
            for instance in model._base_manager.all():
                values.update(
                    " ".join(str(getattr(instance, name) or "").split()) for name in encrypted
                )
    return [value for value in values if len(value) > 1]


def kept_by_catalogues(paths) -> list[str]:
    """The French a catalogue keeps in its translations on purpose — proper names (regions,
    « Île-de-France », « Régie de quartier »), French bodies and laws —: each piece,
    between placeholders, of a translation that holds French. The page shows them as the
    catalogue says; a string the catalogue lacks, or leaves untranslated, is not among them."""
    kept = set()
    for path in paths:
        for entry in catalogue.read(path).translated_entries():
            texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
            for text in texts:
                for piece in PLACEHOLDER.split(text):
                    piece = " ".join(piece.split())
                    if french_in(piece):
                        kept.add(piece)
    return list(kept)


def french_in(text: str) -> list[str]:
    """The French words of ``text``."""
    return [
        word
        for word in WORD.findall(text)
        if FRENCH_LETTERS.search(word) or word.lower() in FRENCH_WORDS
    ]


def french_left(texts: list[str], data: list[str]) -> list[str]:
    """The texts that still hold French once the data are cut out, with their French words.
    The longest data first, so that a name is cut out whole before a shorter one it holds."""
    data = sorted(set(data), key=len, reverse=True)
    found = []
    for text in texts:
        if not french_in(text):
            continue
        rest = text
        for value in data:
            if value in rest:
                rest = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", " ", rest)
        if words := french_in(rest):
            found.append(f"{text[:100]!r} ({', '.join(words[:5])})")
    return found
