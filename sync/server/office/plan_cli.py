"""``fieldkit-datacenter``'s commands of the office's plan: regions, holidays, requests, visits.

``regions import``, ``holidays import`` and ``list``, ``plan request add``, ``plan
visit add``, ``plan targets import`` and ``plan list``; registered by
:func:`sync.server.office.cli.register` with the office's other commands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fieldkit import catalogue
from fieldkit.cli.output import import_row_line, say
from fieldkit.errors import InvalidInput
from fieldkit.printable import printable
from sync.server.office.cli_helpers import office_keys, out, steers, with_office

if TYPE_CHECKING:
    import argparse

    from fieldkit.promise import Holiday
    from sync.server.office.holiday_import import HolidayImport, YearChange
    from sync.server.office.plan import TargetsRead
    from sync.server.office.steering import Office


@steers
def cmd_regions_import(args: argparse.Namespace) -> int:
    count, version = with_office(args, lambda o: o.import_regions(args.file))
    return out(
        args,
        {"regions": count, "version": version},
        say("dc.regions_imported", count=count),
        say("dc.office_version", version=version),
    )


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

    done, rows = with_office(args, work, audit="holidays_imported")
    lines: list[str] = []
    for change in done.changes:
        lines += _change_lines(change)
        lines += _year_lines([y for y in rows["years"] if y["year"] == change.year])
    return out(
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
    rows = with_office(args, _holiday_rows)
    lines = _year_lines(rows["years"])
    lines += [
        f"{h['date']}  {say(HOLIDAY_KIND_CODES[h['kind']])}  {printable(h['name'])}"
        for h in rows["holidays"]
    ]
    return out(args, rows, *lines)


@steers
def cmd_plan_request_add(args: argparse.Namespace) -> int:
    request_id, version = with_office(
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
    return out(args, {"id": request_id, "version": version}, request_id)


def _place(office: Office, args: argparse.Namespace) -> tuple[str, str | None, str]:
    """The visit's desa name, code and kecamatan code: from the region table by ``--desa``.

    ``--desa-name`` with ``--kecamatan-code`` (and ``--desa-code``) still types them by
    hand; ``--desa`` finds the desa in the office's region table, as the laptop's
    Perencanaan does, and a ``--kecamatan-code`` given with it must be the desa's.
    """
    if args.desa is None:
        if args.desa_name is None or args.kecamatan_code is None:
            raise InvalidInput(code="datacenter_desa_missing", params={})
        return args.desa_name, args.desa_code, args.kecamatan_code
    desa = office.find_desa(args.desa)
    kecamatan = args.kecamatan_code
    if kecamatan is not None and kecamatan.strip().replace(".", "") != desa.kecamatan_code:
        raise InvalidInput(code="datacenter_plan_field_invalid", params={"field": "kecamatan_code"})
    return desa.name, desa.code, desa.kecamatan_code


@steers
def cmd_plan_visit_add(args: argparse.Namespace) -> int:
    def add(office: Office) -> tuple[str, int]:
        desa_name, desa_code, kecamatan_code = _place(office, args)
        return office.add_visit(
            request_id=args.request,
            visit_date=args.date,
            start_time=args.time,
            place_type=args.place_type,
            place_name=args.place_name,
            desa_name=desa_name,
            desa_code=desa_code,
            kecamatan_code=kecamatan_code,
            terrain=args.terrain,
            team=args.team or [],
            laptop=args.laptop,
            duty_letter_number=args.duty_letter_number,
        )

    visit_id, version = with_office(args, add)
    return out(args, {"id": visit_id, "version": version}, visit_id)


#: The rows a refusal or a report lists before "... and N more rows; use --json".
_SHOWN_PROBLEMS = 20


def _problem_lines(read: TargetsRead) -> list[str]:
    """Each row's notes in the laptop's own sentences (``fieldkit targets import``).

    The office's import and the laptop's say the same thing of the same file (issue 59
    §2): the row, whether it is an error or a warning, and the note, which names its
    column ("Kategori is disabilitas but the Jenis disabilitas column is empty").
    """
    lines = [
        import_row_line(row, status, note)
        for row, status, notes in read.problems[:_SHOWN_PROBLEMS]
        for note in notes
    ]
    if len(read.problems) > _SHOWN_PROBLEMS:
        lines.append(say("import.more_rows", n=len(read.problems) - _SHOWN_PROBLEMS))
    return lines


@steers
def cmd_plan_targets_import(args: argparse.Namespace) -> int:
    keys = office_keys(args)
    read = with_office(args, lambda o: o.import_targets(args.visit_id, args.file, keys))
    accepted = read.refused is None and not read.errors
    value = {
        "visit_id": args.visit_id,
        "imported": len(read.rows) if accepted else 0,
        "refused": read.refused,
        "errors": [{"row": row, "code": code} for row, code in read.errors],
        "ok": len(read.rows) - read.warned,
        "warnings": [
            {"row": row, "messages": [note.as_json() for note in notes]}
            for row, status, notes in read.problems
            if status == "warning"
        ],
        "rows": [
            {"row": row, "status": status, "messages": [note.as_json() for note in notes]}
            for row, status, notes in read.problems
        ],
    }
    if read.refused is not None:
        refusal = read.refusal
        why = catalogue.said(lambda: refusal.message) if refusal else read.refused
        out(args, value, say("dc.targets_refused", reason=why))
        return 2
    summary = say(
        "import.summary",
        ok=len(read.rows) - read.warned,
        warnings=read.warned,
        errors=len(read.errors),
    )
    if read.errors:
        out(args, value, *_problem_lines(read), say("import.nothing", summary=summary))
        return 2
    return out(
        args,
        value,
        *_problem_lines(read),
        say("import.done", n=len(read.rows), summary=summary),
    )


@steers
def cmd_plan_list(args: argparse.Namespace) -> int:
    plan = with_office(args, lambda o: o.plan())
    lines = [
        f"{r['id']}  {r['letter_date']}  {r['number']}  {r['region_code']}"
        for r in plan["requests"]
    ]
    lines += [
        f"  {v['id']}  {v['visit_date']} {v['start_time']}  {v['desa_name']}  "
        + say("dc.plan_visit_targets", n=v["targets"], laptop=v["laptop"] or say("dc.every_laptop"))
        for v in plan["visits"]
    ]
    return out(args, plan, *lines)
