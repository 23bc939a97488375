"""The store's own tables (officers, audit, settings) and the one declarative ``Base``.

Each feature's tables live beside the feature, on this ``Base``; this module
imports none of them, so every layer can use it.  :mod:`fieldkit.schema` gathers
them all for Alembic and the warm-up.

Every change to these goes with an Alembic revision in ``migrations/versions``
and a fixture of a store left at the previous revision (tests/fieldkit/store).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, DateTime, Dialect, Integer, String, Text, TypeDecorator
from sqlalchemy import false as sa_false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UtcDateTime(TypeDecorator[dt.datetime]):
    """SQLite drops time zones; store UTC and hand back aware datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        del dialect
        if value is None:
            return None
        if value.tzinfo is None:
            msg = "naive datetimes are ambiguous; pass an aware one"
            raise ValueError(msg)
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        del dialect
        return None if value is None else value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    pass


class Officer(Base):
    __tablename__ = "officers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(32), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    disabled_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    # A civil servant's NIP (18 digits) and pangkat/golongan, for the surat tugas (0007+).
    nip: Mapped[str | None] = mapped_column(String(18))
    rank: Mapped[str | None] = mapped_column(String(80))
    # Who added the account: "local" (an admin here) or "office" (the office package),
    # and whether it waits for its first login with the office's one-time code (0009+).
    source: Mapped[str] = mapped_column(String(8), default="local", server_default="local")
    pending: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())


class AuditEvent(Base):
    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    occurred_at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class Setting(Base):
    """Small typed settings (JSON values) that live inside the encrypted store."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
