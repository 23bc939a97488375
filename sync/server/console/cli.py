"""``fieldkit-datacenter users``: the console's accounts, managed from the data center's shell.

Whoever runs these commands holds the data folder (or the database's credentials), so
the shell acts as an administrator, named in the audit trail as ``cli:<login name>``.
A password comes from ``FIELDKIT_DATACENTER_NEW_PASSWORD`` or is typed twice at a
prompt; it never goes on the command line, which every local account can read.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import sys
from typing import TYPE_CHECKING, Any

from fieldkit.cli.output import say
from fieldkit.errors import InvalidInput
from sync.server.accounts.book import Accounts
from sync.server.accounts.roles import Actor, Role

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from sync.server.office.cli_helpers import CliHelpers
    from sync.server.store.database import SqlStore

PASSWORD_ENV = "FIELDKIT_DATACENTER_NEW_PASSWORD"  # noqa: S105 - a variable's name


def _with_accounts(args: argparse.Namespace, work: Callable[[Accounts], Any]) -> Any:
    store: SqlStore = args.helpers.store(args)
    try:
        return work(Accounts(store))
    finally:
        store.close()


def _out(args: argparse.Namespace, value: dict[str, Any] | list[Any], *lines: str) -> int:
    args.helpers.write(json.dumps(value) if args.json else "\n".join(lines))
    return 0


def new_password(name: str) -> str:
    """The new password: the variable's, else typed twice at a prompt (never echoed)."""
    given = os.environ.get(PASSWORD_ENV)
    if given:
        return given
    try:
        first = getpass.getpass(say("dc.console_password_prompt", name=name))
        second = getpass.getpass(say("dc.console_password_again"))
    except EOFError:
        # The prompt is still on its line (nothing was typed, not even Enter): the refusal
        # begins a line of its own, as a log line used to give it.
        sys.stderr.write("\n")
        raise InvalidInput(code="console_password_not_given") from None
    if not first:
        raise InvalidInput(code="console_password_not_given")
    if first != second:
        raise InvalidInput(code="console_passwords_differ")
    return first


def cmd_users_add(args: argparse.Namespace) -> int:
    password = new_password(args.name)
    account = _with_accounts(
        args, lambda a: a.add(args.name, args.role, password, by=Actor.shell())
    )
    return _out(
        args,
        {"name": account.name, "role": account.role.value, "state": account.state.value},
        say("dc.console_user_added", name=account.name, role=account.role.value),
    )


def cmd_users_disable(args: argparse.Namespace) -> int:
    _with_accounts(args, lambda a: a.disable(args.name, by=Actor.shell()))
    return _out(
        args,
        {"name": args.name, "state": "disabled"},
        say("dc.console_user_disabled", name=args.name),
    )


def cmd_users_passwd(args: argparse.Namespace) -> int:
    def change(accounts: Accounts) -> None:
        if accounts.get(args.name) is None:  # before the prompt: no password typed for nothing
            raise InvalidInput(code="console_account_unknown", params={"name": args.name})
        accounts.set_password(args.name, new_password(args.name), by=Actor.shell())

    _with_accounts(args, change)
    return _out(args, {"name": args.name}, say("dc.console_password_set", name=args.name))


def cmd_users_unlock(args: argparse.Namespace) -> int:
    """On the server, for the office whose last administrator is locked out."""
    _with_accounts(args, lambda a: a.unlock(args.name, by=Actor.shell()))
    return _out(
        args,
        {"name": args.name, "locked_until": None},
        say("dc.console_user_unlocked", name=args.name),
    )


def _until(locked_until: float | None) -> str | None:
    if locked_until is None or locked_until <= dt.datetime.now(dt.UTC).timestamp():
        return None
    return dt.datetime.fromtimestamp(locked_until, dt.UTC).replace(microsecond=0).isoformat()


def cmd_users_list(args: argparse.Namespace) -> int:
    accounts = _with_accounts(args, lambda a: a.list())
    rows = [
        {
            "name": a.name,
            "role": a.role.value,
            "state": a.state.value,
            "locked_until": _until(a.locked_until),
            "last_login_at": a.last_login_at,
            "created_at": a.created_at,
        }
        for a in accounts
    ]
    if not rows:
        return _out(args, rows, say("dc.console_no_users"))
    return _out(
        args,
        rows,
        *(
            say(
                "dc.console_user_line",
                name=f"{r['name']:<16}",
                role=f"{r['role']:<9}",
                state=f"{r['state']:<9}",
                locked=say("dc.console_user_locked", until=r["locked_until"])
                if r["locked_until"]
                else "",
            ).rstrip()
            for r in rows
        ),
    )


def register(sub: Any, helpers: CliHelpers) -> None:
    """Add ``users`` to ``fieldkit-datacenter``'s subcommands."""

    def add(group: Any, name: str, func: Callable[[argparse.Namespace], int], **kw: Any) -> Any:
        p = group.add_parser(name, **kw)
        helpers.data_args(p)
        p.add_argument("--json", action="store_true", help="machine-readable output")
        p.set_defaults(func=func, helpers=helpers)
        return p

    users = sub.add_parser("users", help="the office's console accounts").add_subparsers(
        dest="action", required=True
    )
    uadd = add(
        users,
        "add",
        cmd_users_add,
        help=f"add a console account; the password from ${PASSWORD_ENV} or a prompt",
    )
    uadd.add_argument("name", help="the account's name, for logging in")
    uadd.add_argument(
        "--role",
        required=True,
        choices=[r.value for r in Role],
        help=", ".join(r.value for r in Role),
    )
    disable = add(users, "disable", cmd_users_disable, help="the account logs in no more")
    disable.add_argument("name", help="the account's name")
    passwd = add(users, "passwd", cmd_users_passwd, help="a new password for the account")
    passwd.add_argument("name", help="the account's name")
    unlock = add(users, "unlock", cmd_users_unlock, help="a locked account logs in again now")
    unlock.add_argument("name", help="the account's name")
    add(users, "list", cmd_users_list, help="the console accounts and their state")
