"""Entry point of the ``fieldkit`` command.

Exit codes (stable, for scripts): 0 ok; 1 the user's error or a negative
answer (an invalid NIK, a broken audit chain, a wrong password), or an output
pipe closed by its reader (``| head``); 2 an internal error, which is logged
with its traceback.

No prompts when ``FIELDKIT_PASSWORD`` (and, for new accounts,
``FIELDKIT_NEW_PASSWORD``) are set; ``FIELDKIT_HOME`` picks the data folder
and ``FIELDKIT_OFFICER`` the officer.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import importlib.metadata
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from drivers import DriverError, Modality, get_backend
from fieldkit import (
    labels_sentences,  # noqa: F401 - registers the role labels it prints
    login,
    logs,
    nik,
    office,
    paths,
    sentences,
    staffcard,
)
from fieldkit._version import __version__
from fieldkit.accounts import Accounts
from fieldkit.cli import (
    device_commands,
    enrollment_commands,
    planning_commands,
    quality_commands,
    report_commands,
    review_commands,
)
from fieldkit.cli.output import (
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_USER,
    Output,
    Parser,
    quiet_when_the_reader_leaves,
    say,
    undecodable_argument,
)
from fieldkit.devices import DeviceError
from fieldkit.errors import (
    AuthError,
    AuthReason,
    InvalidInput,
    KnownError,
)
from fieldkit.officers import Role, parse_role
from fieldkit.reports import agenda
from fieldkit.store import database, keyring
from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)


ENV_PASSWORD = "FIELDKIT_PASSWORD"  # noqa: S105 - the variable's name, not a password
ENV_NEW_PASSWORD = "FIELDKIT_NEW_PASSWORD"  # noqa: S105
ENV_CARD_PIN = "FIELDKIT_CARD_PIN"
ENV_FIRST_LOGIN_CODE = "FIELDKIT_FIRST_LOGIN_CODE"
ENV_OFFICER = "FIELDKIT_OFFICER"

Handler = Callable[[argparse.Namespace, Output], int]


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


def _login(args: argparse.Namespace) -> Workspace:
    home = _home(args)
    username = _officer_name(args, home)
    return login.log_in(
        home, username, _password(say("prompt.password_for", username=username), ENV_PASSWORD)
    )


def _parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(say("not_a_date", text=repr(text))) from None


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


def cmd_nik_check(args: argparse.Namespace, out: Output) -> int:
    sex = nik.Sex(args.sex) if args.sex else None
    result = nik.check_nik(args.nik, birth_date=args.birth_date, sex=sex)
    lines = ["valid" if result.valid else "INVALID"]
    lines += [f"  error: {f.message}" for f in result.errors]
    lines += [f"  warning: {f.message}" for f in result.warnings]
    if result.valid:
        lines.append(
            say(
                "nik.decoded",
                province=result.province,
                regency=result.regency,
                district=result.district,
                born=result.birth_date,
                sex=result.sex,
            )
        )
    out.result(result.as_json(), "\n".join(lines))
    return EXIT_OK if result.valid else EXIT_USER


def cmd_kk_check(args: argparse.Namespace, out: Output) -> int:
    result = nik.check_kk(args.kk)
    lines = ["valid" if result.valid else "INVALID"]
    lines += [f"  error: {f.message}" for f in result.errors]
    lines += [f"  warning: {f.message}" for f in result.warnings]
    out.result(result.as_json(), "\n".join(lines))
    return EXIT_OK if result.valid else EXIT_USER


def cmd_audit_verify(args: argparse.Namespace, out: Output) -> int:
    with _login(args) as ws:
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
    with _login(args) as ws:
        events = ws.recent_audit(args.limit)
    text = "\n".join(
        f"{e['seq']:>6} {e['at']} {e['actor']:<12} {e['action']:<24} {e['record_id'] or ''}"
        for e in events
    )
    out.result(events, text or say("audit.none"))
    return EXIT_OK


def _role_name(role: Role) -> str:
    """A role's English name for the command line, from the UI's catalogue (``labels``)."""
    return sentences.english("labels", f"role.{role.value}")


def cmd_officer_list(args: argparse.Namespace, out: Output) -> int:
    with _login(args) as ws:
        officers = Accounts(ws).list_officers()
    text = "\n".join(
        f"{o.username:<16} {_role_name(o.role):<18} {o.state:<9} {o.source}" for o in officers
    )
    out.result([o.as_json() for o in officers], text)
    return EXIT_OK


def cmd_officer_add(args: argparse.Namespace, out: Output) -> int:
    role = parse_role(args.role)
    with _login(args) as ws:
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
    with _login(args) as ws:
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
    with _login(args) as ws:
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
    with _login(args) as ws:
        pattern = agenda.set_number_pattern(ws, args.set) if args.set else agenda.number_pattern(ws)
    out.result({"pattern": pattern}, pattern)
    return EXIT_OK


def cmd_officer_first_login(args: argparse.Namespace, out: Output) -> int:
    """An officer the office added sets a password with its one-time code (in a login)."""
    with _login(args) as ws:
        code = _password(
            say("prompt.first_login_code", username=args.username), ENV_FIRST_LOGIN_CODE
        )
        password = _new_password(say("prompt.new_password_for", username=args.username))
        info = office.first_login(ws, args.username, code, password)
    out.result(info.as_json(), say("officer.first_login_done", username=info.username))
    return EXIT_OK


def cmd_officer_disable(args: argparse.Namespace, out: Output) -> int:
    with _login(args) as ws:
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
    with _login(args) as ws:
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
    with _login(args) as ws:
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
    with _login(args) as ws:
        who = args.username or ws.officer.username
        bound = Accounts(ws).unbind_card(who)
    code = "card.forgotten" if bound else "card.none_bound"
    text = say(code, username=who)
    out.result({"card_unbound": who, "was_bound": bound}, text)
    return EXIT_OK


def cmd_officer_unlock(args: argparse.Namespace, out: Output) -> int:
    with _login(args) as ws:
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
    with _login(args) as ws:
        report = ws.check()
    out.result(
        report.as_json(),
        say("store.healthy")
        if report.ok
        else say("store.damaged") + "\n  " + "\n  ".join(report.problems),
    )
    return EXIT_OK if report.ok else EXIT_USER


def cmd_store_backup(args: argparse.Namespace, out: Output) -> int:
    with _login(args) as ws:
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


def cmd_version(_args: argparse.Namespace, out: Output) -> int:
    out.result({"version": __version__}, f"FieldKit {__version__}")
    return EXIT_OK


# --- parser -----------------------------------------------------------------------


#: The options every command takes, before its name or after it: (flags, help, is a switch).
_COMMON_OPTIONS_HELP: tuple[tuple[tuple[str, ...], str, bool], ...] = (
    (("--json",), "machine-readable output", True),
    (("-v", "--verbose"), "more detail in the log", True),
    (("--home",), "data folder (default: FIELDKIT_HOME or the platform's)", False),
    (("--officer",), "who is working (default: FIELDKIT_OFFICER, or the last)", False),
)
#: Where an option typed before the command's name is kept until :func:`_merge_common`.
_BEFORE = "before_command_"


def _common_options(*, before_command: bool) -> argparse.ArgumentParser:
    """The common options, for the top level (``before_command``) or for every command.

    argparse lets a command's own defaults overwrite what the top level parsed, so
    ``fieldkit --officer budi officer list`` lost "budi" and logged in as the last
    officer (issue 24). The top level keeps its values under their own names; a command
    sets its options only when they are typed (``SUPPRESS``); :func:`_merge_common`
    joins the two.
    """
    common = Parser(add_help=False)
    for flags, help_text, switch in _COMMON_OPTIONS_HELP:
        name = flags[-1].lstrip("-")
        options: dict[str, object] = {"help": help_text}
        if switch:
            options["action"] = "store_true"
        else:
            options["metavar"] = name.upper()
        if before_command:
            options["dest"] = _BEFORE + name
        else:
            options["default"] = argparse.SUPPRESS
        common.add_argument(*flags, **options)  # type: ignore[arg-type]
    return common


def _merge_common(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """One value per common option, wherever it was typed; two different values are refused."""
    for flags, _help, switch in _COMMON_OPTIONS_HELP:
        name = flags[-1].lstrip("-")
        before = getattr(args, _BEFORE + name)
        delattr(args, _BEFORE + name)
        after = getattr(args, name, None)
        if switch:
            setattr(args, name, bool(before or after))
            continue
        if before is not None and after is not None and before != after:
            parser.error(
                say("option_given_twice", option=flags[-1], first=repr(before), second=repr(after))
            )
        setattr(args, name, after if after is not None else before)


def build_parser() -> argparse.ArgumentParser:  # noqa: PLR0915 - one block per command group
    common = _common_options(before_command=False)

    parser: argparse.ArgumentParser = Parser(
        prog="fieldkit",
        description="FieldKit: offline e-KTP enrollment for jemput bola teams.",
        parents=[_common_options(before_command=True)],
    )
    parser.add_argument("--version", action="version", version=f"FieldKit {__version__}")
    groups = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(
        sub: argparse._SubParsersAction[argparse.ArgumentParser],
        name: str,
        handler: Handler,
        help_text: str,
    ) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        cmd.set_defaults(handler=handler)
        return cmd

    init = add(groups, "init", cmd_init, "create a data folder and its first officer")
    init.add_argument("--office-code", required=True, help="Kemendagri regency code, e.g. 3505")
    init.add_argument("--role", default="admin")
    init.add_argument("--name", help="the officer's full name")
    init.add_argument(
        "--training",
        action="store_true",
        help="a training store: records before enrolling, sealed to the demo key, never sent",
    )

    nik_group = groups.add_parser("nik", help="check NIK numbers").add_subparsers(
        dest="nik_command", required=True
    )
    nik_check = add(nik_group, "check", cmd_nik_check, "validate a NIK")
    nik_check.add_argument("nik")
    nik_check.add_argument("--birth-date", type=_parse_date, help="date on the form, YYYY-MM-DD")
    nik_check.add_argument("--sex", choices=["L", "P"], help="sex on the form")

    kk_group = groups.add_parser("kk", help="check family-card numbers").add_subparsers(
        dest="kk_command", required=True
    )
    add(kk_group, "check", cmd_kk_check, "validate a KK number").add_argument("kk")

    audit_group = groups.add_parser("audit", help="the audit log").add_subparsers(
        dest="audit_command", required=True
    )
    add(audit_group, "verify", cmd_audit_verify, "check the audit chain")
    audit_list = add(audit_group, "list", cmd_audit_list, "show recent events")
    audit_list.add_argument("--limit", type=int, default=50)

    officer_group = groups.add_parser("officer", help="officers and roles").add_subparsers(
        dest="officer_command", required=True
    )
    add(officer_group, "list", cmd_officer_list, "list officers")
    officer_add = add(officer_group, "add", cmd_officer_add, "add an officer (admin)")
    officer_add.add_argument("username")
    officer_add.add_argument("--role", required=True)
    officer_add.add_argument("--name", required=True, help="the officer's full name")
    officer_add.add_argument("--nip", help="NIP, 18 digits (for the surat tugas)")
    officer_add.add_argument("--rank", help="pangkat/golongan, e.g. 'Penata Muda, III/a'")
    officer_set = add(
        officer_group, "set", cmd_officer_set, "set an officer's NIP and pangkat/golongan (admin)"
    )
    officer_set.add_argument("username")
    officer_set.add_argument("--nip", help="NIP, 18 digits ('' clears it)")
    officer_set.add_argument("--rank", help="pangkat/golongan ('' clears it)")
    letters_group = groups.add_parser(
        "letters", help="the letter-number register (agenda surat)"
    ).add_subparsers(dest="letters_command", required=True)
    letters_list = add(letters_group, "list", cmd_letters_list, "list the numbers given")
    letters_list.add_argument("--year", type=int, help="only this year")
    add(
        letters_group, "pattern", cmd_letters_pattern, "show or set the number format (admin)"
    ).add_argument("--set", help="e.g. '474/{urut:03d}/Disdukcapil/{bulan_romawi}/{tahun}'")
    add(officer_group, "disable", cmd_officer_disable, "disable an officer (admin)").add_argument(
        "username"
    )
    add(
        officer_group, "passwd", cmd_officer_passwd, "change your password, or reset another's"
    ).add_argument("username", nargs="?")
    add(
        officer_group,
        "first-login",
        cmd_officer_first_login,
        "first login of an officer the office added (with the office's one-time code)",
    ).add_argument("username")
    add(officer_group, "unlock", cmd_officer_unlock, "clear a lockout (admin)").add_argument(
        "username"
    )
    card_bind = add(
        officer_group, "card-bind", cmd_officer_card_bind, "log in with a staff card and PIN too"
    )
    card_bind.add_argument("--reader", help="the PC/SC reader (default: the first)")
    card_bind.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for it")
    add(
        officer_group, "card-unbind", cmd_officer_card_unbind, "forget a staff card (lost one)"
    ).add_argument("username", nargs="?")

    store_group = groups.add_parser("store", help="the local store").add_subparsers(
        dest="store_command", required=True
    )
    add(store_group, "info", cmd_store_info, "where the store is and its backups")
    add(store_group, "check", cmd_store_check, "verify every page of the store")
    add(store_group, "backup", cmd_store_backup, "write an encrypted backup now")
    restore = add(store_group, "restore", cmd_store_restore, "restore a backup")
    restore.add_argument("--backup", help="backup file name (default: the newest)")

    devices_group = groups.add_parser("devices", help="attached devices").add_subparsers(
        dest="devices_command", required=True
    )
    for name, handler, text in (
        ("list", device_commands.cmd_devices_list, "list devices and their status"),
        ("test", device_commands.cmd_devices_test, "run every device's self-test"),
    ):
        add(devices_group, name, handler, text).add_argument(
            "--sim", action="store_true", help="use the simulators instead of hardware"
        )

    use = add(devices_group, "use", device_commands.cmd_devices_use, "pin a backend, or 'auto'")
    use.add_argument("kind", choices=[m.value for m in Modality])
    use.add_argument("backend", help="a backend name, or 'auto' to detect")
    use.add_argument(
        "--option", action="append", default=[], metavar="KEY=VALUE", help="e.g. port=COM4"
    )

    sim_group = groups.add_parser(
        "sim", help="run a device simulator (training mode)"
    ).add_subparsers(dest="simulator", required=True)
    for name, text in device_commands.SIMULATORS_HELP.items():
        sim_group.add_parser(name, help=text, add_help=False)

    planning_commands.register(groups, add, _login)
    enrollment_commands.register(groups, add, _login)
    report_commands.register(groups, add, _login)
    review_commands.register(groups, add, _login)
    # Layers above the core (``fieldkit sync``) plug in here; the core never imports them.
    for plugin in importlib.metadata.entry_points(group="fieldkit.cli"):
        plugin.load()(groups, add, _login)
    quality_commands.register(groups, add)

    add(groups, "version", cmd_version, "print the version")
    return parser


@quiet_when_the_reader_leaves
def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    not_text = undecodable_argument(arguments)
    if not_text is not None:  # the user's typing, not a bug: named, before argparse
        Output(as_json="--json" in arguments).error(not_text)
        return EXIT_USER
    return _run(arguments)


def _run(arguments: list[str]) -> int:
    """The command ``arguments`` name, its known errors worded, a bug logged (exit 2)."""
    parser = build_parser()
    args, extra = parser.parse_known_args(arguments)
    _merge_common(parser, args)
    if args.command == "sim":
        # Each simulator parses its own options and runs until SIGTERM or SIGINT.
        return device_commands.run_simulator(args.simulator, extra)
    if extra:
        parser.error(say("unrecognized_arguments", arguments=" ".join(extra)))
    out = Output(as_json=args.json)
    log_path = logs.configure(verbose=args.verbose)
    log.info("FieldKit %s: %s", __version__, args.command)
    handler: Handler = args.handler
    try:
        return handler(args, out)
    except KnownError as error:
        log.info("command %s failed: %s", args.command, error.code)
        out.error(error)
        return EXIT_USER
    except DriverError as error:
        log.info("command %s failed: %s", args.command, error.code)
        out.error(DeviceError(error))
        return EXIT_USER
    except KeyboardInterrupt:
        return EXIT_USER
    except BrokenPipeError:
        raise  # the reader of stdout left (``| head``): not a bug; see the decorator
    except Exception:
        log.exception("internal error in command %s", args.command)
        out.internal_error(str(log_path) if log_path else None)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
