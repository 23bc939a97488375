"""Who sees a person in the console, and what of them (issue 56.6): one rule, one place.

The console keeps a person's data sealed: the data center opens a record's header in
memory (:func:`sync.server.intake.record_search.open_header`) only for a page or a file that
needs the person, and drops it when the answer is built.  The rule:

* **What is shown**: the name, the sex, the birth year and the desa, which are what a
  decision or a card needs (telling a man born 1985 from a woman born 1945 with the same
  prints; handing the right card); the NIK by its last four digits only.  Never the
  birth date, the address, the KK, the consent's documents or the GPS.
* **Where**: where a decision or a card needs them: the pair page (administrators, who
  decide), Rekaman's results when a search was typed, the record's page, Antrean cetak,
  Distribusi's deliveries, and the exports of Rekaman (the same columns).  The plain list
  of Rekaman shows no one: browsing is not a reason to read names.
* **Audited, every time**: each answer that shows people writes one ``console_audit``
  line, ``person_viewed``: who, when, on which page, and every record shown (its laptop
  and id), in the same request; an export's line is ``records_export``, naming its records
  too.  The person's data itself is never written to the audit or a log.

The full NIK leaves the data center only in the interchange file and the ABIS queue
(``sync.server.dedup.interchange``), acts that need it, each audited there.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sync.protocol import RecordState
from sync.server.accounts.trail import write_audit
from sync.server.console import people_sentences
from sync.server.intake import record_search

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from sync.server.intake.service import DataCenter

__all__ = [
    "VIEWED",
    "Person",
    "audit_viewed",
    "open_person",
    "opened_header",
    "people_of",
    "people_sentences",
    "person_in",
    "person_words",
    "viewed_words",
]

#: ``console_audit``'s action of a page that showed people.
VIEWED = "person_viewed"
#: The NIK is shown by its last digits only.
NIK_SHOWN = 4
_YEAR = 4
#: The pages that show people, as the audit names them.
ON_SEARCH, ON_RECORD, ON_QUEUE, ON_DELIVERY = "search", "record", "print_queue", "delivery"
#: Each page in the audit trail's words (the pair page writes its own line).
_PAGE_WORDS = {
    ON_SEARCH: "console_people.on_search",
    ON_RECORD: "console_people.on_record",
    ON_QUEUE: "console_people.on_print_queue",
    ON_DELIVERY: "console_people.on_delivery",
}


@dataclass(frozen=True)
class Person:
    """What the console may show of the person of one record (each may be empty)."""

    name: str = ""
    #: "L" or "P", as the NIK and the laptop's form write it; "" when not said.
    sex: str = ""
    birth_year: str = ""
    #: The person's desa by name, as the laptop's list wrote it.
    desa: str = ""
    nik_last: str = ""


def person_in(header: Mapping[str, Any]) -> Person:
    """The person a record's opened header names, cut to what the console shows."""
    person = header.get("person")
    person = person if isinstance(person, dict) else {}
    nik = person.get("nik") or header.get("nik")
    born = person.get("birth_date")
    sex = person.get("sex")
    return Person(
        name=_text(person.get("name")),
        sex=sex if sex in {"L", "P"} else "",
        birth_year=born[:_YEAR] if isinstance(born, str) and born[:_YEAR].isdigit() else "",
        desa=_text(person.get("desa")),
        nik_last=nik[-NIK_SHOWN:] if isinstance(nik, str) and len(nik) >= NIK_SHOWN else "",
    )


def _text(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def opened_header(datacenter: DataCenter, device_id: str, record_id: str) -> dict[str, Any] | None:
    """A stored record's header, opened in memory; None if it is not held or cannot be."""
    stored = datacenter.store.record(device_id, record_id)
    if stored is None or stored.state == RecordState.REJECTED.value:
        return None  # a rejected record was never opened at upload: nothing in it is valid
    return record_search.open_header(datacenter.store, datacenter.blobs, datacenter.keys, stored)


def open_person(datacenter: DataCenter, device_id: str, record_id: str) -> Person | None:
    """The person of a stored record, opened in memory; None if it cannot be opened."""
    header = opened_header(datacenter, device_id, record_id)
    return person_in(header) if header is not None else None


def people_of(
    datacenter: DataCenter, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], Person | None]:
    """Each (laptop, record)'s person, opened one record at a time."""
    return {key: open_person(datacenter, *key) for key in keys}


def person_words(person: Person | None, t: Callable[..., str]) -> dict[str, str]:
    """The person as a page says it: each fact, or "unknown" in the page's language."""
    unknown = t("console_people.unknown")
    found = person or Person()
    sex = {"L": t("console_people.male"), "P": t("console_people.female")}.get(found.sex)
    return {
        "name": found.name or unknown,
        "sex": sex or unknown,
        "born": found.birth_year or unknown,
        "desa": found.desa or unknown,
        "nik": found.nik_last or unknown,
    }


def audit_detail(where: str, keys: Iterable[tuple[str, str]]) -> str:
    """The audit's words of a view: the page, then each record as ``laptop/record``."""
    return " ".join([where, *(f"{device_id}/{record_id}" for device_id, record_id in keys)])


def viewed_words(detail: str, t: Callable[..., str]) -> str:
    """A ``person_viewed`` line's detail as the trail shows it: the page in words, the ids."""
    where, _space, shown = detail.partition(" ")
    code = _PAGE_WORDS.get(where)
    return f"{t(code)}: {shown}" if code is not None else detail


def audit_viewed(
    datacenter: DataCenter, account: str, where: str, keys: Iterable[tuple[str, str]]
) -> None:
    """One ``person_viewed`` line: who saw the people of which records, on which page.

    Nothing is written when the page showed nobody.
    """
    shown = list(keys)
    if not shown:
        return
    with datacenter.store.writing() as conn:
        write_audit(
            conn,
            time.time(),
            actor=account,
            action=VIEWED,
            account=account[:32],
            detail=audit_detail(where, shown),
        )
