"""The office's name and team for each laptop (issue 49 §3).

A laptop reports its hostname, which is whatever Windows' installer left
(``DESKTOP-8F2K1QX``) and tells an operator nothing.  The office names each laptop
("Laptop Tim 1") and says which team takes it; the console and the CLI then show that
name wherever a laptop is shown (Laptop, Beranda, Rekaman, Audit, Petugas), and the CLI
accepts it wherever it takes a laptop.  A laptop the office has not named is shown by
its hostname, as before.

The name and the team are the office's words, typed in a form or on the command line:
they are kept as typed (trimmed) but refused when they hold a control or formatting
character, are empty or too long, or when another laptop already has the same name in
other letters' case (two laptops an operator cannot tell apart).  The database's unique
key on the folded name refuses the second of two namings at the same moment.
"""

from __future__ import annotations

import datetime as dt
import time
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit.errors import InvalidInput
from fieldkit.printable import printable
from sync.server.accounts.trail import write_audit
from sync.server.store.tables import laptop_labels

if TYPE_CHECKING:
    from sync.server.store.database import SqlStore

MAX_NAME_CHARS = 40
MAX_TEAM_CHARS = 40


@dataclass(frozen=True)
class LaptopLabel:
    device_id: str
    name: str
    team: str
    set_by: str
    set_at: str


def _tidied(text: str) -> str:
    """``text`` trimmed and its inner runs of spaces made one."""
    return " ".join(text.split())


def _printable(value: str) -> bool:
    return not any(unicodedata.category(ch)[0] == "C" for ch in value)


def check_label(name: str, team: str) -> tuple[str, str]:
    """The name and team as they are kept, or the first refusal (the name's first)."""
    name, team = _tidied(name), _tidied(team)
    if not name:
        raise InvalidInput(code="laptop_name_empty")
    if len(name) > MAX_NAME_CHARS:
        raise InvalidInput(code="laptop_name_too_long", params={"max": MAX_NAME_CHARS})
    if not _printable(name):
        raise InvalidInput(code="laptop_name_invalid")
    if len(team) > MAX_TEAM_CHARS:
        raise InvalidInput(code="laptop_team_too_long", params={"max": MAX_TEAM_CHARS})
    if not _printable(team):
        raise InvalidInput(code="laptop_team_invalid")
    return name, team


def name_key(name: str) -> str:
    """The name as compared: case folded, so "Laptop tim 1" is "LAPTOP TIM 1"."""
    return unicodedata.normalize("NFKC", name).casefold()[:MAX_NAME_CHARS]


def set_label(store: SqlStore, device_id: str, name: str, team: str, *, actor: str) -> LaptopLabel:
    """Name the laptop ``device_id`` (already known to be enrolled), replacing its old name.

    Refused, nothing changed, when another laptop has the name (``laptop_name_taken``):
    read first for the message, and held by the unique key when two namings race.  The
    ``console_audit`` line (``laptop_named``, by ``actor``) is written in the same
    transaction, so no name is kept without it.
    """
    name, team = check_label(name, team)
    key = name_key(name)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    label = LaptopLabel(device_id, name, team, actor, stamp)
    values = {"name": name, "name_key": key, "team": team, "set_by": actor, "set_at": stamp}
    try:
        with store.writing() as conn:
            holder = conn.execute(
                sa.select(laptop_labels.c.device_id).where(laptop_labels.c.name_key == key)
            ).scalar_one_or_none()
            if holder is not None and holder != device_id:
                raise InvalidInput(code="laptop_name_taken", params={"name": name})
            done = conn.execute(
                laptop_labels.update().where(laptop_labels.c.device_id == device_id).values(values)
            )
            if done.rowcount == 0:
                conn.execute(laptop_labels.insert().values(device_id=device_id, **values))
            write_audit(
                conn,
                time.time(),
                actor=actor,
                action="laptop_named",
                account=device_id[:32],
                detail=f"name: {name}; team: {team or '-'}",
            )
    except sa.exc.IntegrityError:
        # The other naming committed between our read and our write: its name stands.
        raise InvalidInput(code="laptop_name_taken", params={"name": name}) from None
    return label


def labels(store: SqlStore) -> dict[str, LaptopLabel]:
    """Every named laptop's label, by device id, in one read."""
    with store.reading() as conn:
        rows = conn.execute(sa.select(laptop_labels)).mappings().all()
    return {
        str(row["device_id"]): LaptopLabel(
            str(row["device_id"]),
            str(row["name"]),
            str(row["team"]),
            str(row["set_by"]),
            str(row["set_at"]),
        )
        for row in rows
    }


def shown_name(label: LaptopLabel | None, hostname: object, device_id: str) -> str:
    """What a person reads for a laptop: the office's name, else its hostname, else its id."""
    if label is not None:
        return label.name
    if hostname:
        return printable(str(hostname))  # a report kept before issue 57 §12 too
    return device_id[:12]
