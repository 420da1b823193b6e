"""The reference territory of the demo: communes, Rennes quartiers and priority neighbourhoods.

The CSV files live in ``palabre/core/data/`` (copies of the verified reference files); the
generator's own parameters say which quartier contains which QPV.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from palabre.core.models import Commune, Quartier

DATA_DIR = Path(__file__).resolve().parents[2] / "core" / "data"
COMMUNES_CSV = DATA_DIR / "rennes-metropole-communes.csv"
QUARTIERS_CSV = DATA_DIR / "rennes-quartiers.csv"
QPV_CSV = DATA_DIR / "rennes-metropole-qpv.csv"


@dataclass(frozen=True)
class CommuneRow:
    insee_code: str
    name: str
    postal_codes: tuple[str, ...]


@dataclass(frozen=True)
class QuartierRow:
    number: int
    name: str


@dataclass(frozen=True)
class QpvRow:
    name: str
    commune: str


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_communes(path: Path = COMMUNES_CSV) -> list[CommuneRow]:
    return [
        CommuneRow(
            insee_code=row["insee_code"].strip(),
            name=row["name"].strip(),
            postal_codes=tuple(code.strip() for code in row["postal_codes"].split(";") if code),
        )
        for row in _rows(path)
    ]


def read_quartiers(path: Path = QUARTIERS_CSV) -> list[QuartierRow]:
    return [QuartierRow(number=int(row["number"]), name=row["name"].strip()) for row in _rows(path)]


def read_qpv(path: Path = QPV_CSV) -> list[QpvRow]:
    return [QpvRow(name=row["name"].strip(), commune=row["commune"].strip()) for row in _rows(path)]


def qpv_quartier_numbers(qpv_rows: list[QpvRow], mapping: dict[str, int]) -> set[int]:
    """The quartiers that contain a QPV. Every QPV of the file must be mapped to a quartier."""
    missing = [row.name for row in qpv_rows if row.name not in mapping]
    if missing:
        raise ValueError(f"QPV without a quartier in params.toml: {', '.join(missing)}")
    return {mapping[row.name] for row in qpv_rows}


def install_communes(organisation, rows: list[CommuneRow]) -> dict[str, Commune]:
    """Creates the organisation's communes; returns them by INSEE code."""
    communes = Commune.objects.bulk_create(
        Commune(
            organisation=organisation,
            insee_code=row.insee_code,
            name=row.name,
            postal_codes=";".join(row.postal_codes),
        )
        for row in rows
    )
    return {commune.insee_code: commune for commune in communes}


def install_quartiers(
    organisation, commune: Commune, rows: list[QuartierRow], qpv_numbers: set[int]
) -> dict[int, Quartier]:
    """Attaches the quartiers to their commune; ``is_qpv`` marks those containing a QPV."""
    quartiers = Quartier.objects.bulk_create(
        Quartier(
            organisation=organisation,
            commune=commune,
            number=row.number,
            name=row.name,
            is_qpv=row.number in qpv_numbers,
        )
        for row in rows
    )
    return {quartier.number: quartier for quartier in quartiers}
