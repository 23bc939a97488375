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
import importlib.metadata
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from fieldkit import catalogue
from fieldkit._version import __version__
from fieldkit.cli import (
    enrollment_parser,
    planning_parser,
    quality_parser,
    report_parser,
    review_parser,
    simulators,
)
from fieldkit.cli.deferred import Handlers
from fieldkit.cli.output import (
    EXIT_INTERNAL,
    EXIT_USER,
    Output,
    Parser,
    quiet_when_the_reader_leaves,
    say,
    undecodable_argument,
)
from fieldkit.errors import KnownError

log = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace, Output], int]
#: The handlers of the commands below, imported when one of them runs.
core = Handlers("fieldkit.cli.core_commands")
devices_handlers = Handlers("fieldkit.cli.device_commands")
numbers = Handlers("fieldkit.cli.number_commands")


def _parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(say("not_a_date", text=repr(text))) from None


# --- parser -----------------------------------------------------------------------


#: The options every command takes, before its name or after it: (flags, help, is a switch).
_COMMON_OPTIONS_HELP: tuple[tuple[tuple[str, ...], str, bool], ...] = (
    (("--json",), "machine-readable output", True),
    (("-v", "--verbose"), "more detail in the log, and the log lines on stderr too", True),
    (("--home",), "data folder (default: FIELDKIT_HOME or the platform's)", False),
    (("--officer",), "who is working (default: FIELDKIT_OFFICER, or the last)", False),
    (
        ("--lang",),
        "id (Bahasa Indonesia) or en (English) (default: FIELDKIT_LANG, or the window's, or id)",
        False,
    ),
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
        if name == "lang":
            options["choices"] = catalogue.LANGUAGES
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


class _DeviceKinds:
    """``devices use``'s choices, the drivers' modalities, read when argparse first asks.

    ``fieldkit --help`` and every other command build this parser without the drivers
    package (a tenth of ``--help``'s start-up); only ``devices use`` and its help look.
    """

    def _values(self) -> list[str]:
        from drivers import Modality  # noqa: PLC0415

        return [m.value for m in Modality]

    def __contains__(self, value: object) -> bool:
        return value in self._values()

    def __iter__(self) -> Iterator[str]:
        return iter(self._values())


def build_parser() -> argparse.ArgumentParser:  # noqa: PLR0915 - one block per command group
    common = _common_options(before_command=False)

    parser: argparse.ArgumentParser = Parser(
        prog="fieldkit",
        description=say("fieldkit.help"),
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

    init = add(groups, "init", core.cmd_init, "create a data folder and its first officer")
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
    nik_check = add(nik_group, "check", numbers.cmd_nik_check, "validate a NIK")
    nik_check.add_argument("nik")
    nik_check.add_argument("--birth-date", type=_parse_date, help="date on the form, YYYY-MM-DD")
    nik_check.add_argument("--sex", choices=["L", "P"], help="sex on the form")

    kk_group = groups.add_parser("kk", help="check family-card numbers").add_subparsers(
        dest="kk_command", required=True
    )
    add(kk_group, "check", numbers.cmd_kk_check, "validate a KK number").add_argument("kk")

    audit_group = groups.add_parser("audit", help="the audit log").add_subparsers(
        dest="audit_command", required=True
    )
    add(audit_group, "verify", core.cmd_audit_verify, "check the audit chain")
    audit_list = add(audit_group, "list", core.cmd_audit_list, "show recent events")
    audit_list.add_argument("--limit", type=int, default=50)

    officer_group = groups.add_parser("officer", help="officers and roles").add_subparsers(
        dest="officer_command", required=True
    )
    add(officer_group, "list", core.cmd_officer_list, "list officers")
    officer_add = add(officer_group, "add", core.cmd_officer_add, "add an officer (admin)")
    officer_add.add_argument("username", help="the officer's user name")
    officer_add.add_argument("--role", required=True)
    officer_add.add_argument("--name", required=True, help="the officer's full name")
    officer_add.add_argument("--nip", help="NIP, 18 digits (for the surat tugas)")
    officer_add.add_argument("--rank", help="pangkat/golongan, e.g. 'Penata Muda, III/a'")
    officer_set = add(
        officer_group,
        "set",
        core.cmd_officer_set,
        "set an officer's NIP and pangkat/golongan (admin)",
    )
    officer_set.add_argument("username", help="the officer's user name")
    officer_set.add_argument("--nip", help="NIP, 18 digits ('' clears it)")
    officer_set.add_argument("--rank", help="pangkat/golongan ('' clears it)")
    letters_group = groups.add_parser(
        "letters", help="the letter-number register (agenda surat)"
    ).add_subparsers(dest="letters_command", required=True)
    letters_list = add(letters_group, "list", core.cmd_letters_list, "list the numbers given")
    letters_list.add_argument("--year", type=int, help="only this year")
    add(
        letters_group, "pattern", core.cmd_letters_pattern, "show or set the number format (admin)"
    ).add_argument("--set", help="e.g. '474/{urut:03d}/Disdukcapil/{bulan_romawi}/{tahun}'")
    add(
        officer_group, "disable", core.cmd_officer_disable, "disable an officer (admin)"
    ).add_argument("username", help="the officer's user name")
    add(
        officer_group, "passwd", core.cmd_officer_passwd, "change your password, or reset another's"
    ).add_argument("username", nargs="?", help="the officer's user name (default: yours)")
    add(
        officer_group,
        "first-login",
        core.cmd_officer_first_login,
        "first login of an officer the office added (with the office's one-time code)",
    ).add_argument("username", help="the officer's user name")
    add(officer_group, "unlock", core.cmd_officer_unlock, "clear a lockout (admin)").add_argument(
        "username"
    )
    card_bind = add(
        officer_group,
        "card-bind",
        core.cmd_officer_card_bind,
        "log in with a staff card and PIN too",
    )
    card_bind.add_argument("--reader", help="the PC/SC reader (default: the first)")
    card_bind.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for it")
    add(
        officer_group, "card-unbind", core.cmd_officer_card_unbind, "forget a staff card (lost one)"
    ).add_argument("username", nargs="?", help="the officer's user name (default: yours)")

    store_group = groups.add_parser("store", help="the local store").add_subparsers(
        dest="store_command", required=True
    )
    add(store_group, "info", core.cmd_store_info, "where the store is and its backups")
    add(store_group, "check", core.cmd_store_check, "verify every page of the store")
    add(store_group, "backup", core.cmd_store_backup, "write an encrypted backup now")
    restore = add(store_group, "restore", core.cmd_store_restore, "restore a backup")
    restore.add_argument("--backup", help="backup file name (default: the newest)")

    devices_group = groups.add_parser("devices", help="attached devices").add_subparsers(
        dest="devices_command", required=True
    )
    for name, handler, text in (
        ("list", devices_handlers.cmd_devices_list, "list devices and their status"),
        ("test", devices_handlers.cmd_devices_test, "run every device's self-test"),
    ):
        add(devices_group, name, handler, text).add_argument(
            "--sim", action="store_true", help="use the simulators instead of hardware"
        )

    use = add(devices_group, "use", devices_handlers.cmd_devices_use, "pin a backend, or 'auto'")
    use.add_argument("kind", choices=_DeviceKinds())
    use.add_argument("backend", help="a backend name, or 'auto' to detect")
    use.add_argument(
        "--option", action="append", default=[], metavar="KEY=VALUE", help="e.g. port=COM4"
    )

    sim_group = groups.add_parser(
        "sim", help="run a device simulator (training mode)"
    ).add_subparsers(dest="simulator", required=True)
    for name, text in simulators.SIMULATORS_HELP.items():
        sim_group.add_parser(name, help=text, add_help=False)

    planning_parser.register(groups, add)
    enrollment_parser.register(groups, add)
    report_parser.register(groups, add)
    review_parser.register(groups, add)
    # Layers above the core (``fieldkit sync``) plug in here; the core never imports them.
    for plugin in importlib.metadata.entry_points(group="fieldkit.cli"):
        plugin.load()(groups, add)
    quality_parser.register(groups, add)

    add(groups, "version", numbers.cmd_version, "print the version")
    return parser


@quiet_when_the_reader_leaves
def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    catalogue.use_language(catalogue.choose_language(arguments, _home_in(arguments)))
    not_text = undecodable_argument(arguments)
    if not_text is not None:  # the user's typing, not a bug: named, before argparse
        Output(as_json="--json" in arguments).error(not_text)
        return EXIT_USER
    return _run(arguments)


def _home_in(arguments: Sequence[str]) -> Path:
    """The data folder ``--home`` names, else ``FIELDKIT_HOME``'s or the platform's.

    Read before argparse, for the window's saved language: the command speaks as the
    window does unless ``--lang`` or ``FIELDKIT_LANG`` says otherwise.
    """
    typed = catalogue.option_in_arguments(arguments, "--home")
    if typed is not None:
        return Path(typed)
    from fieldkit import paths  # noqa: PLC0415 - light; only to find the folder

    return paths.data_dir()


def _run(arguments: list[str]) -> int:
    """The command ``arguments`` name, its known errors worded, a bug logged (exit 2)."""
    parser = build_parser()
    args, extra = parser.parse_known_args(arguments)
    _merge_common(parser, args)
    if args.command == "sim":
        # Each simulator parses its own options and runs until SIGTERM or SIGINT.
        return simulators.run_simulator(args.simulator, extra)
    if extra:
        parser.error(say("unrecognized_arguments", arguments=" ".join(extra)))
    out = Output(as_json=args.json)
    # The log file's stack and the drivers' errors, once a command runs (not for --help).
    from drivers import DriverError  # noqa: PLC0415
    from fieldkit import logs  # noqa: PLC0415

    # Log lines go to the file; ``-v`` shows them on stderr too, never among the output.
    log_path = logs.configure(verbose=args.verbose, echo=logs.terminal() if args.verbose else None)
    log.info("FieldKit %s: %s", __version__, args.command)
    handler: Handler = args.handler
    try:
        return handler(args, out)
    except KnownError as error:
        log.info("command %s failed: %s", args.command, error.code)
        out.error(error)
        return EXIT_USER
    except DriverError as error:
        from fieldkit.devices import DeviceError  # noqa: PLC0415 - only when a device failed

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
