"""``fieldkit-datacenter`` commands that steer the laptops (issue 38, protocol §14).

``officers``, ``office``, ``rules``, ``regions``, ``plan`` and ``release`` change the
office's settings (each change raises its version by one); ``package`` writes the
sealed packages onto a stick and ``laptops list`` shows what each laptop last reported.

Who acts.  As for ``fieldkit-datacenter console`` (:meth:`Actor.shell`), the person at
the data center's terminal is an administrator: whoever may run these commands holds
the database and the keys.  So the administrators' acts :class:`Office` keeps to them
(an admin-role officer's first-login code: added, a new code, enabled again) are the
shell's to do, and the console asks the same :class:`Office` with its account's role.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldkit import safejson
from fieldkit.cli.output import say
from fieldkit.durable import atomic_write
from fieldkit.enrollment.autocapture_rule import STEADY_RANGE_S
from fieldkit.enrollment.consent_words import MAX_CHARS
from fieldkit.errors import InvalidInput
from fieldkit.printable import printable
from fieldkit.safejson import canonical_json
from sync.server.accounts.roles import Actor
from sync.server.keys import DataCenterKeys, passphrase_from_environment
from sync.server.office.codes import CODE_TTL
from sync.server.office.fleet import STALE_DAYS, laptop_rows
from sync.server.office.health import device_for
from sync.server.office.laptop_labels import (
    MAX_NAME_CHARS,
    MAX_TEAM_CHARS,
    labels,
    set_label,
)
from sync.server.office.steering import Office, audited_office, check_package

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from fieldkit.promise import Holiday
    from sync.server.office.holiday_import import HolidayImport, YearChange
    from sync.server.store.database import SqlStore

PACKAGE_FILE = "office-package.json"
_MAX_LETTERHEAD_FILE = 64 * 1024
#: Room for the longest consent text (consent_words.MAX_CHARS) in any UTF-8 letters.
_MAX_CONSENT_FILE = 4 * MAX_CHARS


@dataclass(frozen=True)
class CliHelpers:
    """What ``sync.server.cli`` lends these commands (it imports this module, not back)."""

    data_args: Callable[[argparse.ArgumentParser], None]
    store: Callable[[argparse.Namespace], SqlStore]
    write: Callable[..., None]
    #: The database's URL (``--database``, its password file, the environment), for a
    #: command that opens more than the store (``import`` builds a ``DataCenter``).
    database: Callable[[argparse.Namespace], str]


def _keys(args: argparse.Namespace) -> DataCenterKeys:
    return DataCenterKeys(args.data / "keys", passphrase_from_environment())


def _with_office(
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


def _out(args: argparse.Namespace, value: dict[str, Any] | list[Any], *lines: str) -> int:
    args.helpers.write(json.dumps(value) if args.json else "\n".join(lines))
    return 0


def _steers(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
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
        if _with_office(args, lambda o: o.settings()["office_code"]) is None:
            sys.stderr.write(say("dc.office_not_set_yet") + "\n")
        return code

    return run


def _expires() -> str:
    return (dt.datetime.now(dt.UTC) + CODE_TTL).date().isoformat()


#: The letterhead file's fields, named in its refusal.
LETTERHEAD_FIELDS = ", ".join(("address", "contact", "head_name", "head_rank", "head_nip"))  # noqa: FLY002


# --- officers ------------------------------------------------------------------------


def _code_shown(args: argparse.Namespace, issued: tuple[str, int], sentence: str) -> int:
    """An officer's new first-login code, shown this once, with its expiry and the version."""
    code, version = issued
    expires = _expires()
    return _out(
        args,
        {"username": args.username, "code": code, "expires_on": expires, "version": version},
        say(sentence, username=args.username, code=code, expires=expires),
    )


@_steers
def cmd_officers_add(args: argparse.Namespace) -> int:
    issued = _with_office(
        args,
        lambda o: o.add_officer(
            args.username,
            role=args.role,
            full_name=args.name,
            nip=args.nip,
            rank=args.rank,
            by=Actor.shell(),
        ),
    )
    return _code_shown(args, issued, "dc.officer_added")


@_steers
def cmd_officers_code(args: argparse.Namespace) -> int:
    return _code_shown(
        args,
        _with_office(args, lambda o: o.new_code(args.username, by=Actor.shell())),
        "dc.officer_code",
    )


@_steers
def cmd_officers_enable(args: argparse.Namespace) -> int:
    issued = _with_office(args, lambda o: o.enable_officer(args.username, by=Actor.shell()))
    return _code_shown(args, issued, "dc.officer_enabled")


@_steers
def cmd_officers_disable(args: argparse.Namespace) -> int:
    version = _with_office(args, lambda o: o.disable_officer(args.username))
    return _out(
        args,
        {"username": args.username, "state": "disabled", "version": version},
        say("dc.officer_disabled", username=args.username),
    )


def cmd_officers_list(args: argparse.Namespace) -> int:
    officers, used, names = _with_office(
        args, lambda o: (o.officers(), o.first_logins_used(), labels(o.store))
    )
    rows = [
        {
            "username": o["username"],
            "full_name": o["full_name"],
            "role": o["role"],
            "nip": o["nip"],
            "rank": o["rank"],
            "state": o["state"],
            "waiting_first_login": o["first_login"] is not None,
            # Issue 56.4: the laptop (device id) and moment the last code was used.
            "first_login_on": used[o["username"]][0] if o["username"] in used else None,
            "first_login_at": used[o["username"]][1] if o["username"] in used else None,
        }
        for o in officers
    ]
    return _out(
        args,
        rows,
        *(
            say(
                "dc.officer_line",
                username=f"{r['username']:<16}",
                role=f"{r['role']:<10}",
                state=f"{r['state']:<9}",
                waiting=say("dc.officer_waiting")
                if r["waiting_first_login"]
                else say(
                    "dc.officer_first_login_on",
                    laptop=names[r["first_login_on"]].name
                    if r["first_login_on"] in names
                    else r["first_login_on"],
                )
                if r["first_login_on"]
                else "",
                name=r["full_name"],
            )
            for r in rows
        ),
    )


# --- office, rules, release ----------------------------------------------------------


def cmd_office_set(args: argparse.Namespace) -> int:
    version = _with_office(args, lambda o: o.set_office(args.code, args.name))
    return _out(args, {"version": version}, say("dc.office_version", version=version))


def cmd_office_show(args: argparse.Namespace) -> int:
    settings = _with_office(args, lambda o: o.settings())
    lines = [say("dc.office_version", version=settings["version"])]
    if settings["office_code"] is None:
        lines.append(say("dc.office_not_set"))
    else:
        lines.append(f"{settings['office_code']}  {settings['office_name'] or ''}".rstrip())
    lines.append(say("dc.office_training" if settings["training"] else "dc.office_real"))
    return _out(args, settings, *lines)


def cmd_office_training(args: argparse.Namespace) -> int:
    """A training data center prints simulated records' cards; a real office never does."""
    training = args.state == "on"
    version = _with_office(args, lambda o: o.set_training(training), audit="office_training_set")
    said = say("dc.office_training" if training else "dc.office_real")
    return _out(args, {"version": version, "training": training}, said)


def _thresholds(given: list[str] | None) -> dict[str, float] | None:
    if not given:
        return None
    thresholds: dict[str, float] = {}
    for item in given:
        name, _, value = item.partition("=")
        try:
            thresholds[name] = float(value)
        except ValueError:
            raise InvalidInput(code="threshold_range", params={"modality": name}) from None
    return thresholds


def _seconds(given: str | None) -> float | None:
    """``--steady-s 0.8`` (or ``0,8``); a word is refused with the range it must be in."""
    if given is None:
        return None
    try:
        return float(given.strip().replace(",", "."))
    except ValueError:
        low, high = STEADY_RANGE_S
        raise InvalidInput(
            code="autocapture_steady_range", params={"low": f"{low:g}", "high": f"{high:g}"}
        ) from None


def _letterhead(path: Path | None) -> object:
    if path is None:
        return None
    try:
        value, _data = safejson.load_file(path, max_bytes=_MAX_LETTERHEAD_FILE)
    except safejson.JsonRefused:
        raise InvalidInput(
            code="datacenter_letterhead_invalid", params={"fields": LETTERHEAD_FIELDS}
        ) from None
    return value


def _consent_text(given: str | None, path: Path | None) -> str | None:
    """``--consent-text TEXT`` or ``--consent-text-file FILE``: UTF-8, a BOM allowed."""
    if path is None:
        return given
    refused = InvalidInput(
        code="datacenter_consent_text_file", params={"file": str(path), "max": _MAX_CONSENT_FILE}
    )
    try:
        with path.open("rb") as file:
            data = file.read(_MAX_CONSENT_FILE + 1)
        text = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        raise refused from None
    if len(data) > _MAX_CONSENT_FILE:
        raise refused
    return text


@_steers
def cmd_rules_set(args: argparse.Namespace) -> int:
    given = {
        "thresholds": _thresholds(args.threshold),
        "max_attempts": args.attempts,
        "freeze_days": args.freeze_days,
        "freeze_max_waiting": args.freeze_max_waiting,
        "idle_lock_minutes": args.idle_lock_minutes,
        "letterhead": _letterhead(args.letterhead),
        "number_pattern": args.number_pattern,
        "cosign_on_spot": None if args.cosign_on_spot is None else args.cosign_on_spot == "on",
        "autocapture": None if args.autocapture is None else args.autocapture == "on",
        "autocapture_steady_s": _seconds(args.steady_s),
        "consent_text": _consent_text(args.consent_text, args.consent_text_file),
        "promise_days": args.promise_days,
    }
    rules = _with_office(args, lambda o: o.set_rules(**given))
    version = _with_office(args, lambda o: o.settings()["version"])
    return _out(
        args, {"rules": rules, "version": version}, say("dc.office_version", version=version)
    )


def cmd_rules_show(args: argparse.Namespace) -> int:
    settings = _with_office(args, lambda o: o.settings())
    value = {"rules": settings["rules"], "version": settings["version"]}
    return _out(args, value, json.dumps(settings["rules"], indent=2, sort_keys=True))


@_steers
def cmd_release_set(args: argparse.Namespace) -> int:
    version = _with_office(args, lambda o: o.set_min_version(args.min_version))
    return _out(args, {"version": version}, say("dc.office_version", version=version))


@_steers
def cmd_regions_import(args: argparse.Namespace) -> int:
    count, version = _with_office(args, lambda o: o.import_regions(args.file))
    return _out(
        args,
        {"regions": count, "version": version},
        say("dc.regions_imported", count=count),
        say("dc.office_version", version=version),
    )


# --- days off --------------------------------------------------------------------------


def _year_lines(years: list[dict[str, Any]]) -> list[str]:
    return [
        say(
            "dc.holidays_year",
            year=str(y["year"]),  # a year, not a count: no thousands' dot
            days=y["days"],
            state=say("dc.holidays_complete" if y["complete"] else "dc.holidays_partial"),
            origin=say("dc.holidays_office" if y["origin"] == "office" else "dc.holidays_shipped"),
            source=printable(y["source"]),
        )
        for y in years
    ]


def _holiday_rows(office: Office) -> dict[str, Any]:
    """Every year's days off as the office counts with them, and where each year comes from."""
    calendar = office.holidays()
    _imported, imported_at = office.imported_holidays()
    return {
        "years": [
            {
                "year": y.year,
                "complete": y.complete,
                "source": y.source,
                "origin": "office" if y.year in imported_at else "shipped",
                "imported_at": imported_at.get(y.year),
                "days": sum(1 for h in calendar.holidays if h.day.year == y.year),
            }
            for y in calendar.years
        ],
        "holidays": calendar.as_json()["holidays"],
    }


def _day_words(h: Holiday) -> dict[str, str]:
    return {
        "date": h.day.isoformat(),
        "kind": say(HOLIDAY_KIND_CODES[h.kind.value]),
        "name": printable(h.name),
    }


def _change_lines(change: YearChange) -> list[str]:
    """One year's import for the operator: the summary, then each day added, changed, removed.

    The days a merge kept are only counted (they are the year's list as it was), with the
    way to replace the list instead when the file was meant to be the whole year.
    """
    year = str(change.year)  # a year, not a count: no thousands' dot
    counts = {"added": len(change.added), "changed": len(change.changed)}
    lines = [
        say("dc.holidays_replaced", year=year, removed=len(change.removed), **counts)
        if change.replaced
        else say("dc.holidays_merged", year=year, kept=len(change.kept), **counts)
    ]
    lines += [say("dc.holidays_added", **_day_words(h)) for h in change.added]
    lines += [
        say(
            "dc.holidays_changed",
            **_day_words(after),
            kind_before=say(HOLIDAY_KIND_CODES[before.kind.value]),
            name_before=printable(before.name),
        )
        for before, after in change.changed
    ]
    lines += [say("dc.holidays_removed", **_day_words(h)) for h in change.removed]
    if change.kept:
        lines.append(say("dc.holidays_kept", year=year, kept=len(change.kept)))
    return lines


def cmd_holidays_import(args: argparse.Namespace) -> int:
    def work(office: Office) -> tuple[HolidayImport, dict[str, Any]]:
        done = office.import_holidays(args.file, replace=args.replace)
        return done, _holiday_rows(office)

    done, rows = _with_office(args, work, audit="holidays_imported")
    lines: list[str] = []
    for change in done.changes:
        lines += _change_lines(change)
        lines += _year_lines([y for y in rows["years"] if y["year"] == change.year])
    return _out(
        args,
        rows | {"version": done.version, "changes": [c.as_json() for c in done.changes]},
        *lines,
        say("dc.office_version", version=done.version),
    )


# Each kind's sentence code, spelt out so the catalogue check sees every code the CLI says.
HOLIDAY_KIND_CODES = {
    "libur_nasional": "dc.holiday_libur_nasional",
    "cuti_bersama": "dc.holiday_cuti_bersama",
}


def cmd_holidays_list(args: argparse.Namespace) -> int:
    rows = _with_office(args, _holiday_rows)
    lines = _year_lines(rows["years"])
    lines += [
        f"{h['date']}  {say(HOLIDAY_KIND_CODES[h['kind']])}  {printable(h['name'])}"
        for h in rows["holidays"]
    ]
    return _out(args, rows, *lines)


# --- the plan ------------------------------------------------------------------------


@_steers
def cmd_plan_request_add(args: argparse.Namespace) -> int:
    request_id, version = _with_office(
        args,
        lambda o: o.add_request(
            number=args.number,
            letter_date=args.date,
            requester_type=args.requester_type,
            requester_name=args.requester_name,
            region_code=args.region,
            subject=args.subject,
        ),
    )
    return _out(args, {"id": request_id, "version": version}, request_id)


@_steers
def cmd_plan_visit_add(args: argparse.Namespace) -> int:
    visit_id, version = _with_office(
        args,
        lambda o: o.add_visit(
            request_id=args.request,
            visit_date=args.date,
            start_time=args.time,
            place_type=args.place_type,
            place_name=args.place_name,
            desa_name=args.desa_name,
            desa_code=args.desa_code,
            kecamatan_code=args.kecamatan_code,
            terrain=args.terrain,
            team=args.team or [],
            laptop=args.laptop,
            duty_letter_number=args.duty_letter_number,
        ),
    )
    return _out(args, {"id": visit_id, "version": version}, visit_id)


@_steers
def cmd_plan_targets_import(args: argparse.Namespace) -> int:
    keys = _keys(args)
    read = _with_office(args, lambda o: o.import_targets(args.visit_id, args.file, keys))
    value = {
        "visit_id": args.visit_id,
        "imported": 0 if read.refused or read.errors else len(read.rows),
        "refused": read.refused,
        "errors": [{"row": row, "code": code} for row, code in read.errors],
    }
    if read.refused is not None:
        _out(args, value, say("dc.targets_refused", reason=read.refused))
        return 2
    if read.errors:
        _out(
            args,
            value,
            say("dc.targets_refused", reason="row_errors"),
            *(say("dc.targets_row_error", row=row, code=code) for row, code in read.errors),
        )
        return 2
    return _out(args, value, say("dc.targets_imported", count=len(read.rows), visit=args.visit_id))


@_steers
def cmd_plan_list(args: argparse.Namespace) -> int:
    plan = _with_office(args, lambda o: o.plan())
    lines = [
        f"{r['id']}  {r['letter_date']}  {r['number']}  {r['region_code']}"
        for r in plan["requests"]
    ]
    lines += [
        f"  {v['id']}  {v['visit_date']} {v['start_time']}  {v['desa_name']}  "
        + say("dc.plan_visit_targets", n=v["targets"], laptop=v["laptop"] or say("dc.every_laptop"))
        for v in plan["visits"]
    ]
    return _out(args, plan, *lines)


# --- packages ------------------------------------------------------------------------


def _counts(document: dict[str, Any]) -> dict[str, Any]:
    """A package document's counts only: nothing personal."""
    return {
        "device_id": document["device_id"],
        "office_code": document["office_code"],
        "version": document["version"],
        "issued_at": document["issued_at"],
        "officers": len(document["officers"]),
        "regions": len(document["regions"]),
        "requests": len(document["plan"]["requests"]),
        "visits": len(document["plan"]["visits"]),
        "targets": len(document["plan"]["targets"]),
        "recorded": document["recorded"]["count"],
        "rules": document["rules"] is not None,
        "min_version": document["release"]["min_version"],
    }


def _package_path(stick: Path, device_id: str) -> Path:
    """``STICK/<device_id>/office-package.json`` (protocol §14.3)."""
    return stick / device_id / PACKAGE_FILE


def cmd_package_export(args: argparse.Namespace) -> int:
    from sync.server.office.stick import refuse_links  # noqa: PLC0415 - this command only

    keys = _keys(args)

    def export(office: Office) -> list[dict[str, Any]]:
        if office.settings()["office_code"] is None:
            raise InvalidInput(code="datacenter_office_not_set")
        rows: list[dict[str, Any]] = []
        live = [device for device in office.store.devices() if device.revoked_at is None]
        # Every laptop's folder and file checked before the first is written: a link on
        # the stick refuses the export whole, and nothing has been written through it.
        for device in live:
            refuse_links(args.stick, _package_path(args.stick, device.device_id), export=True)
        for device in live:
            sealed = office.sealed_package(device.device_id, keys)
            if sealed is None:
                rows.append({"device_id": device.device_id, "path": None, "version": None})
                continue
            path = _package_path(args.stick, device.device_id)
            path.parent.mkdir(parents=True, exist_ok=True)
            refuse_links(args.stick, path, export=True)  # none now the folder is there
            atomic_write(path, canonical_json(sealed))
            rows.append(
                {"device_id": device.device_id, "path": str(path), "version": sealed["version"]}
            )
        return rows

    rows = _with_office(args, export)
    return _out(
        args,
        rows,
        *(
            say("dc.package_written", device=r["device_id"], path=r["path"], version=r["version"])
            if r["path"]
            else say("dc.package_no_key", device=r["device_id"])
            for r in rows
        ),
    )


def cmd_package_show(args: argparse.Namespace) -> int:
    keys = _keys(args)

    def show(office: Office) -> dict[str, Any] | None:
        if office.store.device(args.device_id) is None:
            raise InvalidInput(
                code="datacenter_device_unknown", params={"device_id": args.device_id}
            )
        document = office.document(args.device_id, keys)
        if document is None:
            return None
        # What a laptop would be refused is refused here too, in its words: a field the
        # laptop's reader refuses, or (with the laptop's package key) a package over budget.
        check_package(document)
        if office.package_key(args.device_id) is not None:
            office.sealed_package(args.device_id, keys)
        return _counts(document) | {"package_key": office.package_key(args.device_id) is not None}

    counts = _with_office(args, show)
    if counts is None:
        return _out(args, {"package": None}, say("dc.office_not_set"))
    return _out(args, counts, *(f"{k}: {v}" for k, v in counts.items()))


# --- laptops -------------------------------------------------------------------------


def _cell(value: object, width: int) -> str:
    """A table cell of text a laptop sent: printable first (``fieldkit.printable``), then cut.

    A hostname, version or device kind is the laptop's to choose; an escape sequence or a
    newline in it would otherwise reach the office's terminal raw.  Escaped before it is
    cut, so the columns stay where they are.
    """
    return printable(str(value) if value else "-")[:width]


def cmd_laptops_list(args: argparse.Namespace) -> int:
    rows = _with_office(args, lambda o: laptop_rows(o, args.stale_days))
    header = say("dc.laptops_header")
    lines = [header]
    for r in rows:
        free = r["free_disk_bytes"]
        failed = [f"failed:{printable(str(d))}" for d in r["devices_failed"]]
        lines.append(
            f"{r['device_id'][:24]:<24} {_cell(r['name'], 18):<18} "
            f"{_cell(r['fieldkit_version'], 9):<9} "
            f"{'-' if r['package_version'] is None else r['package_version']:>4} "
            f"{_cell(r['last_seen_at'], 19):<20} "
            f"{'-' if r['unsent_records'] is None else r['unsent_records']:>6} "
            f"{'-' if free is None else f'{free / 1e9:.1f}':>8}  "
            + ",".join(
                r["flags"]
                + failed
                + [
                    f"officer:{printable(str(c['username']))}:{printable(str(c['reason']))}"
                    for c in r["officer_conflicts"]
                ]
            )
        )
    return _out(args, rows, *lines)


def cmd_laptops_name(args: argparse.Namespace) -> int:
    """The office's name and team for a laptop, shown instead of its hostname (issue 49 §3)."""

    def name(office: Office) -> dict[str, Any]:
        device_id = device_for(office.store, args.laptop)
        label = set_label(office.store, device_id, args.name, args.team, actor=Actor.shell().name)
        return {"device_id": device_id, "name": label.name, "team": label.team}

    named = _with_office(args, name)
    team = say("dc.laptop_named_team", team=named["team"]) if named["team"] else ""
    return _out(
        args,
        named,
        say("dc.laptop_named", device=named["device_id"][:24], name=named["name"], team=team),
    )


# --- the parser ----------------------------------------------------------------------


def _command(
    helpers: CliHelpers,
) -> Callable[..., Any]:
    def add(sub: Any, name: str, func: Callable[[argparse.Namespace], int], **kw: Any) -> Any:
        p = sub.add_parser(name, **kw)
        helpers.data_args(p)
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=func, helpers=helpers)
        return p

    return add


def register(sub: Any, helpers: CliHelpers) -> Any:  # noqa: PLR0915 - one flat list
    """Add the office's commands to ``fieldkit-datacenter``'s subcommands.

    Returns the ``release`` group's subcommands, where the update's ``offer`` and
    ``withdraw`` (``sync.server.office.releases``) join ``set``.
    """
    _parser = _command(helpers)
    officers = sub.add_parser("officers", help="the office's officers").add_subparsers(
        dest="action", required=True
    )
    add = _parser(officers, "add", cmd_officers_add, help="add an officer; prints a one-time code")
    add.add_argument("username")
    add.add_argument("--role", required=True, help="petugas, ketua_tim, operator or admin")
    add.add_argument("--name", required=True)
    add.add_argument("--nip")
    add.add_argument("--rank")
    code = _parser(officers, "code", cmd_officers_code, help="a new first-login code")
    code.add_argument("username")
    disable = _parser(officers, "disable", cmd_officers_disable)
    disable.add_argument("username")
    enable = _parser(
        officers, "enable", cmd_officers_enable, help="enable again; prints a one-time code"
    )
    enable.add_argument("username")
    _parser(officers, "list", cmd_officers_list)

    office = sub.add_parser("office", help="the office's identity").add_subparsers(
        dest="action", required=True
    )
    oset = _parser(office, "set", cmd_office_set, help="the office's 4-digit regency code")
    oset.add_argument("code")
    oset.add_argument("--name")
    _parser(office, "show", cmd_office_show)
    training = _parser(
        office,
        "training",
        cmd_office_training,
        help="run this data center as a training one: cards of simulated records may print",
    )
    training.add_argument("state", choices=("on", "off"))

    rules = sub.add_parser("rules", help="rules the laptops follow").add_subparsers(
        dest="action", required=True
    )
    rset = _parser(rules, "set", cmd_rules_set)
    rset.add_argument("--threshold", action="append", metavar="MODALITY=N")
    rset.add_argument("--attempts", type=int)
    rset.add_argument("--freeze-days", type=int)
    rset.add_argument("--freeze-max-waiting", type=int)
    rset.add_argument("--idle-lock-minutes", type=int)
    rset.add_argument("--letterhead", type=Path, metavar="FILE.json")
    rset.add_argument("--number-pattern", metavar="TEXT")
    rset.add_argument(
        "--cosign-on-spot",
        choices=("on", "off"),
        help="the ketua tim may countersign a forced capture or an exception on the spot",
    )
    rset.add_argument(
        "--autocapture",
        choices=("on", "off"),
        help="a capture step takes its capture by itself once the person holds still",
    )
    rset.add_argument(
        "--steady-s",
        metavar="SECONDS",
        help="how long the live verdict stays good before auto-capture takes it (0.2-5)",
    )
    consent = rset.add_mutually_exclusive_group()
    consent.add_argument(
        "--consent-text",
        metavar="TEXT",
        help='the words the petugas reads before consent; "" for the laptops\' default again',
    )
    consent.add_argument(
        "--consent-text-file",
        type=Path,
        metavar="FILE.txt",
        help="the same words from a UTF-8 text file (several lines)",
    )
    rset.add_argument(
        "--promise-days",
        type=int,
        metavar="N",
        help="working days from a complete recording to the card (SOP 004: 14; 1-60)",
    )
    _parser(rules, "show", cmd_rules_show)

    holidays = sub.add_parser(
        "holidays", help="national holidays and cuti bersama: the promise date skips them"
    ).add_subparsers(dest="action", required=True)
    himport = _parser(
        holidays,
        "import",
        cmd_holidays_import,
        help="add a JSON or CSV (tanggal,nama,jenis) file's days to the years it names",
    )
    himport.add_argument("file", type=Path)
    himport.add_argument(
        "--replace",
        action="store_true",
        help="make the file each named year's whole list: the days it leaves out are removed",
    )
    _parser(holidays, "list", cmd_holidays_list, help="the days off the office counts with")

    regions = sub.add_parser("regions", help="the region table").add_subparsers(
        dest="action", required=True
    )
    rimport = _parser(regions, "import", cmd_regions_import, help="replace it with a code,name CSV")
    rimport.add_argument("file", type=Path)

    plan = sub.add_parser("plan", help="the plan the laptops receive").add_subparsers(
        dest="what", required=True
    )
    request = plan.add_parser("request").add_subparsers(dest="action", required=True)
    radd = _parser(request, "add", cmd_plan_request_add)
    radd.add_argument("--number", required=True)
    radd.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    radd.add_argument("--requester-type", required=True)
    radd.add_argument("--requester-name", required=True)
    radd.add_argument("--region", required=True)
    radd.add_argument("--subject")
    visit = plan.add_parser("visit").add_subparsers(dest="action", required=True)
    vadd = _parser(visit, "add", cmd_plan_visit_add)
    vadd.add_argument("--request", required=True)
    vadd.add_argument("--date", required=True)
    vadd.add_argument("--time", required=True, metavar="HH:MM")
    vadd.add_argument("--place-type", required=True)
    vadd.add_argument("--place-name")
    vadd.add_argument("--desa-name", required=True)
    vadd.add_argument("--desa-code")
    vadd.add_argument("--kecamatan-code", required=True)
    vadd.add_argument("--terrain", required=True)
    vadd.add_argument("--team", action="append", metavar="USER:ROLE", required=True)
    vadd.add_argument("--laptop", metavar="DEVICE_ID_HOSTNAME_OR_NAME")
    vadd.add_argument("--duty-letter-number")
    targets = plan.add_parser("targets").add_subparsers(dest="action", required=True)
    timport = _parser(targets, "import", cmd_plan_targets_import, help="CSV or XLSX")
    timport.add_argument("visit_id")
    timport.add_argument("file", type=Path)
    _parser(plan, "list", cmd_plan_list)

    release = sub.add_parser("release", help="FieldKit versions").add_subparsers(
        dest="action", required=True
    )
    rel = _parser(release, "set", cmd_release_set)
    rel.add_argument("--min-version", required=True)

    package = sub.add_parser("package", help="the laptops' office packages").add_subparsers(
        dest="action", required=True
    )
    export = _parser(package, "export", cmd_package_export, help="write them onto a stick")
    export.add_argument("stick", type=Path)
    show = _parser(package, "show", cmd_package_show, help="a laptop's package's counts")
    show.add_argument("device_id")

    laptops = sub.add_parser("laptops", help="what each laptop last reported").add_subparsers(
        dest="action", required=True
    )
    llist = _parser(laptops, "list", cmd_laptops_list)
    llist.add_argument("--stale-days", type=int, default=STALE_DAYS)
    lname = _parser(
        laptops, "name", cmd_laptops_name, help="the office's name and team for a laptop"
    )
    lname.add_argument("laptop", help="its device id, hostname or current name")
    lname.add_argument("--name", required=True, help=f"at most {MAX_NAME_CHARS} characters")
    lname.add_argument("--team", default="", help=f"at most {MAX_TEAM_CHARS} characters")
    return release
