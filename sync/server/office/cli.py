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

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldkit import safejson
from fieldkit.cli.output import say
from fieldkit.durable import atomic_write
from fieldkit.enrollment.autocapture_rule import STEADY_RANGE_S
from fieldkit.enrollment.consent_words import MAX_CHARS
from fieldkit.errors import InvalidInput
from fieldkit.planning import kinds
from fieldkit.printable import printable
from fieldkit.safejson import canonical_json
from sync.server.accounts.roles import Actor
from sync.server.office.cli_helpers import (
    CliHelpers,
    code_expires,
    office_keys,
    out,
    steers,
    with_office,
)
from sync.server.office.fleet import STALE_DAYS, laptop_rows
from sync.server.office.health import device_for
from sync.server.office.laptop_labels import (
    MAX_NAME_CHARS,
    MAX_TEAM_CHARS,
    labels,
    set_label,
)
from sync.server.office.plan_cli import (
    cmd_holidays_import,
    cmd_holidays_list,
    cmd_plan_list,
    cmd_plan_request_add,
    cmd_plan_targets_import,
    cmd_plan_visit_add,
    cmd_regions_import,
)
from sync.server.office.steering import Office, check_package

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable


PACKAGE_FILE = "office-package.json"
_MAX_LETTERHEAD_FILE = 64 * 1024
#: Room for the longest consent text (consent_words.MAX_CHARS) in any UTF-8 letters.
_MAX_CONSENT_FILE = 4 * MAX_CHARS
#: The letterhead file's fields, named in its refusal.
LETTERHEAD_FIELDS = ", ".join(("address", "contact", "head_name", "head_rank", "head_nip"))  # noqa: FLY002


def _code_shown(args: argparse.Namespace, issued: tuple[str, int], sentence: str) -> int:
    """An officer's new first-login code, shown this once, with its expiry and the version."""
    code, version = issued
    expires = code_expires()
    return out(
        args,
        {"username": args.username, "code": code, "expires_on": expires, "version": version},
        say(sentence, username=args.username, code=code, expires=expires),
    )


@steers
def cmd_officers_add(args: argparse.Namespace) -> int:
    issued = with_office(
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


@steers
def cmd_officers_code(args: argparse.Namespace) -> int:
    return _code_shown(
        args,
        with_office(args, lambda o: o.new_code(args.username, by=Actor.shell())),
        "dc.officer_code",
    )


@steers
def cmd_officers_enable(args: argparse.Namespace) -> int:
    issued = with_office(args, lambda o: o.enable_officer(args.username, by=Actor.shell()))
    return _code_shown(args, issued, "dc.officer_enabled")


@steers
def cmd_officers_disable(args: argparse.Namespace) -> int:
    version = with_office(args, lambda o: o.disable_officer(args.username))
    return out(
        args,
        {"username": args.username, "state": "disabled", "version": version},
        say("dc.officer_disabled", username=args.username),
    )


def cmd_officers_list(args: argparse.Namespace) -> int:
    officers, used, names = with_office(
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
    return out(
        args,
        rows,
        *(
            say(
                "dc.officer_line",
                username=f"{r['username']:<16}",
                role=f"{r['role']:<10}",
                state=f"{_officer_state(r['state']):<9}",
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


def _officer_state(state: str) -> str:
    """An officer's state in the command's language, as the console's officers page says it.

    ``--json`` keeps the value ("active", "disabled").
    """
    words = {"active": "dc.officer_state.active", "disabled": "dc.officer_state.disabled"}
    return say(words[state]) if state in words else state


def cmd_office_set(args: argparse.Namespace) -> int:
    """The office code (and name); ``--time-zone`` alone, or beside them, sets its clock."""
    if args.code is None and args.time_zone is None:
        raise InvalidInput(code="datacenter_office_set_nothing")
    lines = []
    version = 0
    if args.code is not None:
        version = with_office(args, lambda o: o.set_office(args.code, args.name))
    if args.time_zone is not None:
        version = with_office(
            args, lambda o: o.set_time_zone(args.time_zone), audit="office_time_zone_set"
        )
        lines.append(say("dc.office_time_zone", zone=args.time_zone.strip().upper()))
    return out(args, {"version": version}, say("dc.office_version", version=version), *lines)


def cmd_office_show(args: argparse.Namespace) -> int:
    settings = with_office(args, lambda o: o.settings())
    lines = [say("dc.office_version", version=settings["version"])]
    if settings["office_code"] is None:
        lines.append(say("dc.office_not_set"))
    else:
        lines.append(f"{settings['office_code']}  {settings['office_name'] or ''}".rstrip())
    if settings["time_zone"] is not None:
        lines.append(say("dc.office_time_zone", zone=settings["time_zone"]))
    lines.append(say("dc.office_training" if settings["training"] else "dc.office_real"))
    return out(args, settings, *lines)


def cmd_office_training(args: argparse.Namespace) -> int:
    """A training data center prints simulated records' cards; a real office never does."""
    training = args.state == "on"
    version = with_office(args, lambda o: o.set_training(training), audit="office_training_set")
    said = say("dc.office_training" if training else "dc.office_real")
    return out(args, {"version": version, "training": training}, said)


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


@steers
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
    rules = with_office(args, lambda o: o.set_rules(**given))
    version = with_office(args, lambda o: o.settings()["version"])
    return out(
        args, {"rules": rules, "version": version}, say("dc.office_version", version=version)
    )


def cmd_rules_show(args: argparse.Namespace) -> int:
    settings = with_office(args, lambda o: o.settings())
    value = {"rules": settings["rules"], "version": settings["version"]}
    return out(args, value, json.dumps(settings["rules"], indent=2, sort_keys=True))


@steers
def cmd_release_set(args: argparse.Namespace) -> int:
    version = with_office(args, lambda o: o.set_min_version(args.min_version))
    return out(args, {"version": version}, say("dc.office_version", version=version))


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

    keys = office_keys(args)

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

    rows = with_office(args, export)
    return out(
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
    keys = office_keys(args)

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

    counts = with_office(args, show)
    if counts is None:
        return out(args, {"package": None}, say("dc.office_not_set"))
    return out(args, counts, *(f"{k}: {v}" for k, v in counts.items()))


def _cell(value: object, width: int) -> str:
    """A table cell of text a laptop sent: printable first (``fieldkit.printable``), then cut.

    A hostname, version or device kind is the laptop's to choose; an escape sequence or a
    newline in it would otherwise reach the office's terminal raw.  Escaped before it is
    cut, so the columns stay where they are.
    """
    return printable(str(value) if value else "-")[:width]


def cmd_laptops_list(args: argparse.Namespace) -> int:
    rows = with_office(args, lambda o: laptop_rows(o, args.stale_days))
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
    return out(args, rows, *lines)


def cmd_laptops_name(args: argparse.Namespace) -> int:
    """The office's name and team for a laptop, shown instead of its hostname (issue 49 §3)."""

    def name(office: Office) -> dict[str, Any]:
        device_id = device_for(office.store, args.laptop)
        label = set_label(office.store, device_id, args.name, args.team, actor=Actor.shell().name)
        return {"device_id": device_id, "name": label.name, "team": label.team}

    named = with_office(args, name)
    team = say("dc.laptop_named_team", team=named["team"]) if named["team"] else ""
    return out(
        args,
        named,
        say("dc.laptop_named", device=named["device_id"][:24], name=named["name"], team=team),
    )


def _command(
    helpers: CliHelpers,
) -> Callable[..., Any]:
    def add(sub: Any, name: str, func: Callable[[argparse.Namespace], int], **kw: Any) -> Any:
        p = sub.add_parser(name, **kw)
        helpers.data_args(p)
        p.add_argument("--json", action="store_true", help="machine-readable output")
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
    add.add_argument("username", help="the officer's user name, for logging in")
    add.add_argument("--role", required=True, help="petugas, ketua_tim, operator or admin")
    add.add_argument("--name", required=True, help="the officer's full name")
    add.add_argument("--nip", help="NIP, 18 digits (for the surat tugas)")
    add.add_argument("--rank", help="pangkat/golongan, e.g. 'Penata Muda, III/a'")
    code = _parser(officers, "code", cmd_officers_code, help="a new first-login code")
    code.add_argument("username", help="the officer's user name")
    disable = _parser(
        officers, "disable", cmd_officers_disable, help="the officer logs in on no laptop any more"
    )
    disable.add_argument("username", help="the officer's user name")
    enable = _parser(
        officers, "enable", cmd_officers_enable, help="enable again; prints a one-time code"
    )
    enable.add_argument("username", help="the officer's user name")
    _parser(officers, "list", cmd_officers_list, help="the officers and their state")

    office = sub.add_parser("office", help="the office's identity").add_subparsers(
        dest="action", required=True
    )
    oset = _parser(office, "set", cmd_office_set, help="set the office's code, name or clock")
    oset.add_argument("code", nargs="?", help="the office's 4-digit regency code")
    oset.add_argument("--name", help="the office's name, as its letters write it")
    oset.add_argument(
        "--time-zone",
        metavar="WIB|WITA|WIT",
        help="the office's clock for every day and time shown (default: its province's)",
    )
    _parser(office, "show", cmd_office_show, help="the office's code, name and clock")
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
    rset = _parser(rules, "set", cmd_rules_set, help="change the rules the laptops follow")
    rset.add_argument(
        "--threshold",
        action="append",
        metavar="MODALITY=N",
        help="a quality check's pass mark, 0-100, e.g. face=61 (repeatable)",
    )
    rset.add_argument("--attempts", type=int, help="attempts per capture before a reason is needed")
    rset.add_argument("--freeze-days", type=int, help="days without a sync before new work stops")
    rset.add_argument("--freeze-max-waiting", type=int, help="sealed records waiting at most")
    rset.add_argument(
        "--idle-lock-minutes", type=int, help="minutes without use before the laptop locks"
    )
    rset.add_argument(
        "--letterhead",
        type=Path,
        metavar="FILE.json",
        help="the letters' letterhead, as a JSON file",
    )
    rset.add_argument(
        "--number-pattern",
        metavar="TEXT",
        help="e.g. '474/{urut:03d}/Disdukcapil/{bulan_romawi}/{tahun}'",
    )
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
    _parser(rules, "show", cmd_rules_show, help="the rules the laptops follow now")

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
    request = plan.add_parser("request", help="requests (surat permohonan)").add_subparsers(
        dest="action", required=True
    )
    radd = _parser(request, "add", cmd_plan_request_add, help="record a surat permohonan")
    radd.add_argument("--number", required=True, help="the letter's number")
    radd.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="the letter's date")
    radd.add_argument(
        "--requester-type", required=True, help=", ".join(t.value for t in kinds.RequesterType)
    )
    radd.add_argument("--requester-name", required=True, help="e.g. 'Pemerintah Desa Sumberjo'")
    radd.add_argument("--region", required=True, help="kecamatan or desa code, e.g. 33.15.01")
    radd.add_argument("--subject", help="perihal")
    visit = plan.add_parser("visit", help="visits and teams").add_subparsers(
        dest="action", required=True
    )
    vadd = _parser(visit, "add", cmd_plan_visit_add, help="plan a visit; prints its id")
    vadd.add_argument("--request", required=True, help="request id (or its first characters)")
    vadd.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="the visit's day")
    vadd.add_argument("--time", required=True, metavar="HH:MM", help="start, e.g. 08:00")
    vadd.add_argument(
        "--place-type", required=True, help=", ".join(p.value for p in kinds.PlaceType)
    )
    vadd.add_argument("--place-name", help="hospital or panti name")
    place = vadd.add_mutually_exclusive_group(required=True)
    place.add_argument(
        "--desa",
        metavar="NAME_OR_CODE",
        help="the desa from the office's region table (regions import): its name or code",
    )
    place.add_argument("--desa-name", help="a desa typed by hand, with --kecamatan-code")
    vadd.add_argument("--desa-code", help="with --desa-name: the desa's 10-digit code")
    vadd.add_argument("--kecamatan-code", help="with --desa-name: the kecamatan's 6-digit code")
    vadd.add_argument("--terrain", required=True, help=", ".join(t.value for t in kinds.Terrain))
    vadd.add_argument(
        "--team",
        action="append",
        metavar="USER:ROLE",
        required=True,
        help="a member and role, e.g. rudi:ketua_tim (repeat for each)",
    )
    vadd.add_argument(
        "--laptop",
        metavar="DEVICE_ID_HOSTNAME_OR_NAME",
        help="the one laptop that receives the visit (default: every laptop)",
    )
    vadd.add_argument("--duty-letter-number", help="the surat tugas's number")
    targets = plan.add_parser("targets", help="data sasaran").add_subparsers(
        dest="action", required=True
    )
    timport = _parser(
        targets,
        "import",
        cmd_plan_targets_import,
        help="import a CSV/XLSX list (all or nothing)",
    )
    timport.add_argument("visit_id", help="the visit's id, as 'plan visit add' printed it")
    timport.add_argument("file", type=Path, help="CSV or XLSX")
    _parser(plan, "list", cmd_plan_list, help="the requests, visits and targets planned")

    release = sub.add_parser("release", help="FieldKit versions").add_subparsers(
        dest="action", required=True
    )
    rel = _parser(release, "set", cmd_release_set, help="the oldest FieldKit laptops may run")
    rel.add_argument("--min-version", required=True, help="e.g. 0.9.0")

    package = sub.add_parser("package", help="the laptops' office packages").add_subparsers(
        dest="action", required=True
    )
    export = _parser(package, "export", cmd_package_export, help="write them onto a stick")
    export.add_argument("stick", type=Path, help="the stick's folder")
    show = _parser(package, "show", cmd_package_show, help="a laptop's package's counts")
    show.add_argument("device_id", help="the laptop's device id")

    laptops = sub.add_parser("laptops", help="what each laptop last reported").add_subparsers(
        dest="action", required=True
    )
    llist = _parser(laptops, "list", cmd_laptops_list, help="each laptop's last report")
    llist.add_argument(
        "--stale-days",
        type=int,
        default=STALE_DAYS,
        help="a laptop silent this many days is marked (default: %(default)s)",
    )
    lname = _parser(
        laptops, "name", cmd_laptops_name, help="the office's name and team for a laptop"
    )
    lname.add_argument("laptop", help="its device id, hostname or current name")
    lname.add_argument("--name", required=True, help=f"at most {MAX_NAME_CHARS} characters")
    lname.add_argument("--team", default="", help=f"at most {MAX_TEAM_CHARS} characters")
    return release
