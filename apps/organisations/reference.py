"""Governorates, agencies and their offices, from the CSV files in `data/`.

Takes the model classes as arguments so that a data migration can pass its historical models.
Idempotent: running it again updates names and adds what is missing.
"""

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
HEAD_OFFICE_GOVERNORATE = "AM"


def _rows(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _int_or_none(value: str):
    return int(value) if value.strip() else None


def load_reference_data(Governorate, Agency, Office) -> None:
    governorates = {}
    for position, row in enumerate(_rows("governorates.csv"), start=1):
        governorates[row["code"]], _ = Governorate.objects.update_or_create(
            code=row["code"],
            defaults={"name_ar": row["name_ar"], "name_en": row["name_en"], "position": position},
        )
    for row in _rows("agencies.csv"):
        social = row["social_sector"].strip() == "yes"
        agency, _ = Agency.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_ar": row["name_ar"],
                "name_en": row["name_en"],
                "kind": "government",
                "social_sector": social,
                "services_total": _int_or_none(row["services_total"]),
                "services_automated": _int_or_none(row["services_automated"]),
            },
        )
        Office.objects.update_or_create(
            agency=agency,
            is_head_office=True,
            defaults={
                "governorate": governorates[HEAD_OFFICE_GOVERNORATE],
                "name_ar": f"{agency.name_ar} - الإدارة العامة",
                "name_en": f"{agency.name_en} - Head office",
            },
        )
        if not social:
            continue
        for governorate in governorates.values():
            Office.objects.update_or_create(
                agency=agency,
                name_en=f"{agency.name_en} - {governorate.name_en} office",
                defaults={
                    "governorate": governorate,
                    "name_ar": f"{agency.name_ar} - مكتب {governorate.name_ar}",
                    "is_head_office": False,
                },
            )
