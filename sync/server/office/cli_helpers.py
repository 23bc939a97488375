"""What ``sync.server.cli`` lends every room's commands, and the office's own helpers.

:class:`CliHelpers` (the ``--data`` options, the store, the output, the database URL)
is made by the entry point and handed to each room's ``register``; the entry point
imports the rooms, never the other way.  The rest runs an office command: on the
office, audited, its JSON or its lines.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fieldkit.cli.output import say
from sync.server.accounts.roles import Actor
from sync.server.keys import DataCenterKeys, passphrase_from_environment
from sync.server.office.codes import CODE_TTL
from sync.server.office.steering import Office, audited_office

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from sync.server.store.database import SqlStore


@dataclass(frozen=True)
class CliHelpers:
    """What ``sync.server.cli`` lends these commands (it imports this module, not back)."""

    data_args: Callable[[argparse.ArgumentParser], None]
    store: Callable[[argparse.Namespace], SqlStore]
    write: Callable[..., None]
    #: The database's URL (``--database``, its password file, the environment), for a
    #: command that opens more than the store (``import`` builds a ``DataCenter``).
    database: Callable[[argparse.Namespace], str]


def office_keys(args: argparse.Namespace) -> DataCenterKeys:
    return DataCenterKeys(args.data / "keys", passphrase_from_environment())


def with_office(
    args: argparse.Namespace, work: Callable[[Office], Any], *, audit: str | None = None
) -> Any:
    """``work`` on the office; with ``audit``, each change also writes its ``console_audit`` line.

    The line names the shell's user (:meth:`Actor.shell`) and joins the change's own
    transaction, as the console's changes do (:func:`audited_office`).
    """
    store: SqlStore = args.helpers.store(args)
    try:
        if audit is None:
            return work(Office(store))
        actor = Actor.shell().name
        return work(audited_office(store, actor=actor, action=audit, subject=actor))
    finally:
        store.close()


def out(args: argparse.Namespace, value: dict[str, Any] | list[Any], *lines: str) -> int:
    args.helpers.write(json.dumps(value) if args.json else "\n".join(lines))
    return 0


def steers(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """A command whose work reaches the laptops only in the office package, said so when unset.

    The data center makes no office package until its office code is set
    (:meth:`Office.document`), so officers, rules and a plan saved before then reach no
    laptop, and nothing said why (issue 47, finding B3: a first day that followed README
    left every laptop without officers).  The work is done and kept all the same; the
    warning goes to stderr, so ``--json`` on stdout stays one document.
    """

    @functools.wraps(command)
    def run(args: argparse.Namespace) -> int:
        code = command(args)
        if with_office(args, lambda o: o.settings()["office_code"]) is None:
            sys.stderr.write(say("dc.office_not_set_yet") + "\n")
        return code

    return run


def code_expires() -> str:
    return (dt.datetime.now(dt.UTC) + CODE_TTL).date().isoformat()
