"""The handlers of ``fieldkit``'s own commands (store, officers, audit, letters, NIK).

Imported only when one of them runs (``fieldkit.cli.deferred``): the login they share
opens the encrypted store, which ``fieldkit --help`` never needs.  ``log_in`` is the
one way every command asks for a password, the command classes of the other modules
included.
"""

from __future__ import annotations

import getpass
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from drivers import Modality, get_backend
from fieldkit import (
    catalogue,
    labels_sentences,  # noqa: F401 - registers the role labels it prints
    login,
    office,
    paths,
    staffcard,
)
from fieldkit._version import __version__
from fieldkit.accounts import Accounts
from fieldkit.cli.output import EXIT_OK, EXIT_USER, Output, say, table, window_word
from fieldkit.errors import AuthError, AuthReason, InvalidInput
from fieldkit.officers import Role, parse_role
from fieldkit.reports import agenda
from fieldkit.store import database, keyring
from fieldkit.workspace import Workspace

if TYPE_CHECKING:
    import argparse

log = logging.getLogger(__name__)


ENV_PASSWORD = "FIELDKIT_PASSWORD"  # noqa: S105 - the variable's name, not a password
ENV_NEW_PASSWORD = "FIELDKIT_NEW_PASSWORD"  # noqa: S105
ENV_CARD_PIN = "FIELDKIT_CARD_PIN"
ENV_FIRST_LOGIN_CODE = "FIELDKIT_FIRST_LOGIN_CODE"
ENV_OFFICER = "FIELDKIT_OFFICER"

# --- shared helpers ---------------------------------------------------------------


def _home(args: argparse.Namespace) -> Path:
    return Path(args.home) if args.home else paths.data_dir()


def _password(prompt: str, env: str) -> str:
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise AuthError(
            AuthReason.NO_PASSWORD,
            params={"env": env},
        )
    return getpass.getpass(prompt)


def _new_password(prompt: str) -> str:
    if os.environ.get(ENV_NEW_PASSWORD) is not None or not sys.stdin.isatty():
        return _password(prompt, ENV_NEW_PASSWORD)
    first = getpass.getpass(prompt)
    if getpass.getpass(say("prompt.repeat_password")) != first:
        raise InvalidInput(code="cli_passwords_differ")
    return first


def _officer_name(args: argparse.Namespace, home: Path) -> str:
    """Who logs in: ``--officer`` (before or after the command), FIELDKIT_OFFICER, the last.

    An empty ``--officer`` (an unset shell variable) is refused rather than taken as
    "nobody named", which would log in, and count a wrong password, as the last officer.
    """
    if args.officer is not None and not args.officer.strip():
        raise InvalidInput(code="cli_officer_empty")
    name = args.officer or os.environ.get(ENV_OFFICER)
    if name:
        return str(name)
    last = keyring.load(home).last_officer
    if last:
        return last
    raise InvalidInput(code="cli_officer_required", params={"env": ENV_OFFICER})


def log_in(args: argparse.Namespace) -> Workspace:
    home = _home(args)
    username = _officer_name(args, home)
    return login.log_in(
        home, username, _password(say("prompt.password_for", username=username), ENV_PASSWORD)
    )


# --- commands ---------------------------------------------------------------------


def cmd_init(args: argparse.Namespace, out: Output) -> int:
    if not args.officer:
        raise InvalidInput(code="cli_first_officer_required")
    # The first officer's password comes from FIELDKIT_PASSWORD, as for every later login.
    password = os.environ.get(ENV_PASSWORD)
    if password is None:
        password = _new_password(say("prompt.new_password_for", username=args.officer))
    with Workspace.init(
        _home(args),
        office_code=args.office_code,
        username=args.officer,
        full_name=args.name or args.officer,
        role=parse_role(args.role),
        password=password,
        training=args.training,
    ) as ws:
        data = {
            "home": str(ws.directory),
            "office_code": ws.keyring.office_code,
            "officer": ws.officer.as_json(),
            "training": args.training,
        }
    code = "store.created_training" if args.training else "store.created"
    out.result(data, say(code, home=data["home"], office=args.office_code))
    return EXIT_OK


def cmd_audit_verify(args: argparse.Namespace, out: Output) -> int:
    with log_in(args) as ws:
        result = ws.verify_audit()
    if result.ok:
        text = say("audit.intact", n=result.events)
    else:
        bad = result.first_bad
        text = say(
            "audit.broken",
            seq=bad.seq if bad else "?",
            problem=bad.message if bad else "",
        )
    out.result(result.as_json(), text)
    return EXIT_OK if result.ok else EXIT_USER


def cmd_audit_list(args: argparse.Namespace, out: Output) -> int:
    with log_in(args) as ws:
        events = ws.recent_audit(args.limit)
    text = "\n".join(
        f"{e['seq']:>6} {e['at']} {e['actor']:<12} {e['action']:<24} {e['record_id'] or ''}"
        for e in events
    )
    out.result(events, text or say("audit.none"))
    return EXIT_OK


def _role_name(role: Role) -> str:
    """A role's name in the command's language, from the UI's catalogue (``labels``)."""
    return catalogue.spoken("labels", f"role.{role.value}")


#: An officer's state and who added them, as the window's officers dialog words them
#: (``ui/officers_box.py``, Qt context ``OfficersDialog``); ``--json`` keeps the values.
OFFICER_WORDS_CONTEXT = "OfficersDialog"
OFFICER_STATE_WORDS = {
    "active": "active",
    "pending": "waiting for the first login",
    "disabled": "disabled",
}
OFFICER_SOURCE_WORDS = {"office": "Office", "local": "This laptop"}


def cmd_officer_list(args: argparse.Namespace, out: Output) -> int:
    with log_in(args) as ws:
        officers = Accounts(ws).list_officers()
    rows = [
        [
            o.username,
            _role_name(o.role),
            window_word(OFFICER_WORDS_CONTEXT, OFFICER_STATE_WORDS.get(o.state, o.state)),
            window_word(OFFICER_WORDS_CONTEXT, OFFICER_SOURCE_WORDS.get(o.source, o.source)),
        ]
        for o in officers
    ]
    out.result([o.as_json() for o in officers], table(rows))
    return EXIT_OK


def cmd_officer_add(args: argparse.Namespace, out: Output) -> int:
    role = parse_role(args.role)
    with log_in(args) as ws:
        password = _new_password(say("prompt.new_officer_password", username=args.username))
        info = Accounts(ws).add_officer(
            args.username, args.name, role, password, nip=args.nip, rank=args.rank
        )
    out.result(
        info.as_json(),
        say("officer.added", username=info.username, role=_role_name(info.role)),
    )
    return EXIT_OK


def cmd_officer_set(args: argparse.Namespace, out: Output) -> int:
    """Set an officer's NIP and pangkat/golongan, as the surat tugas prints them (admin)."""
    with log_in(args) as ws:
        info = Accounts(ws).set_officer_details(args.username, nip=args.nip, rank=args.rank)
    out.result(
        info.as_json(),
        say(
            "officer.details",
            username=info.username,
            nip=info.nip or "-",
            rank=info.rank or "-",
        ),
    )
    return EXIT_OK


def cmd_letters_list(args: argparse.Namespace, out: Output) -> int:
    """The letter-number register (agenda surat keluar)."""
    with log_in(args) as ws:
        issued = agenda.list_letters(ws, year=args.year)
        pattern = agenda.number_pattern(ws)
    text = "\n".join(
        f"{i.letter_date.isoformat()}  {i.number:<40} {i.letter_type.value:<16} {i.subject}"
        for i in issued
    )
    out.result(
        [i.as_json() for i in issued],
        text or say("letters.none", pattern=pattern),
    )
    return EXIT_OK


def cmd_letters_pattern(args: argparse.Namespace, out: Output) -> int:
    """Show, or (admin) set, the office's letter-number format."""
    with log_in(args) as ws:
        pattern = agenda.set_number_pattern(ws, args.set) if args.set else agenda.number_pattern(ws)
    out.result({"pattern": pattern}, pattern)
    return EXIT_OK


def cmd_officer_first_login(args: argparse.Namespace, out: Output) -> int:
    """An officer the office added sets a password with its one-time code (in a login)."""
    with log_in(args) as ws:
        code = _password(
            say("prompt.first_login_code", username=args.username), ENV_FIRST_LOGIN_CODE
        )
        password = _new_password(say("prompt.new_password_for", username=args.username))
        info = office.first_login(ws, args.username, code, password)
    out.result(info.as_json(), say("officer.first_login_done", username=info.username))
    return EXIT_OK


def cmd_officer_disable(args: argparse.Namespace, out: Output) -> int:
    with log_in(args) as ws:
        Accounts(ws).disable_officer(args.username)
    out.result(
        {"disabled": args.username},
        say(
            "officer.disabled",
            username=args.username,
        ),
    )
    return EXIT_OK


def cmd_officer_passwd(args: argparse.Namespace, out: Output) -> int:
    with log_in(args) as ws:
        if args.username and args.username != ws.officer.username:
            Accounts(ws).reset_password(
                args.username,
                _new_password(say("prompt.new_password_for", username=args.username)),
            )
            who = args.username
        else:
            old = _password(say("prompt.current_password"), ENV_PASSWORD)
            Accounts(ws).change_password(old, _new_password(say("prompt.new_password")))
            who = ws.officer.username
    out.result({"password_changed": who}, say("officer.password_changed", username=who))
    return EXIT_OK


def cmd_officer_card_bind(args: argparse.Namespace, out: Output) -> int:
    pin = staffcard.valid_pin(_password(say("prompt.card_pin"), ENV_CARD_PIN))
    with log_in(args) as ws:
        password = _password(say("prompt.password_to_bind"), ENV_PASSWORD)
        with get_backend(Modality.CARD, "pcsc", reader=args.reader) as reader:
            staff = staffcard.bind(ws, reader, password, pin, timeout_s=args.timeout)
        who = ws.officer.username
    out.result(
        {"card_bound": who, "card_officer_id": staff.officer_id},
        say(
            "card.bound",
            card=staff.officer_id,
            username=who,
        ),
    )
    return EXIT_OK


def cmd_officer_card_unbind(args: argparse.Namespace, out: Output) -> int:
    with log_in(args) as ws:
        who = args.username or ws.officer.username
        bound = Accounts(ws).unbind_card(who)
    code = "card.forgotten" if bound else "card.none_bound"
    text = say(code, username=who)
    out.result({"card_unbound": who, "was_bound": bound}, text)
    return EXIT_OK


def cmd_officer_unlock(args: argparse.Namespace, out: Output) -> int:
    with log_in(args) as ws:
        Accounts(ws).clear_lockout(args.username)
    out.result({"unlocked": args.username}, say("officer.unlocked", username=args.username))
    return EXIT_OK


def cmd_store_info(args: argparse.Namespace, out: Output) -> int:
    home = _home(args)
    ring = keyring.load(home)
    backups = database.list_backups(home)
    data = {
        "home": str(home),
        "store_id": ring.store_id,
        "office_code": ring.office_code,
        "officers": sum(1 for s in ring.slots.values() if not s.disabled),
        "key_version": ring.key_version,
        "schema_head": database.head_revision(),
        "backups": [b.as_json() for b in backups],
        "version": __version__,
    }
    text = "\n".join(
        [
            say("store.info", store=ring.store_id, office=ring.office_code, home=home),
            say("store.officers", n=data["officers"]),
            say("store.backups", n=len(backups)),
        ]
    )
    out.result(data, text)
    return EXIT_OK


def cmd_store_check(args: argparse.Namespace, out: Output) -> int:
    with log_in(args) as ws:
        report = ws.check()
    out.result(
        report.as_json(),
        say("store.healthy")
        if report.ok
        else say("store.damaged") + "\n  " + "\n  ".join(report.problems),
    )
    return EXIT_OK if report.ok else EXIT_USER


def cmd_store_backup(args: argparse.Namespace, out: Output) -> int:
    with log_in(args) as ws:
        backup = ws.backup()
    out.result(backup.as_json(), say("store.backup_written", path=backup.path))
    return EXIT_OK


def cmd_store_restore(args: argparse.Namespace, out: Output) -> int:
    """Restore needs only the keyring, because the store itself may be unreadable."""
    home = _home(args)
    username = _officer_name(args, home)
    done = login.restore_from_backup(
        home,
        username,
        _password(say("prompt.password_for", username=username), ENV_PASSWORD),
        args.backup,
    )
    text = say("store.restored", name=done.backup.path.name)
    if done.damaged_copy:
        text += " " + say("store.damaged_kept", path=done.damaged_copy)
    out.result(done.as_json(), text)
    return EXIT_OK
