"""Rekaman's filtered list, whole: to CSV and XLSX, and as a page the browser prints.

The same query as ``/rekaman`` (its search and filters, read by the same
``parse_filter``), every page of it.  Each row names the person as the console's rule
says (``sync.server.console.people``: name, sex, birth year, the NIK's last four digits),
so each kept record's header is opened in memory with the data center's keys
(:func:`sync.server.intake.record_search.open_header`; never its images) and the file or page
is built in memory: nothing with a name is written to a disk or a log, and the answers
say ``Cache-Control: no-store``.  Every export is written to ``console_audit``: who, the
format, the row count, the filter, with the search said by its kind only (never the
name or NIK searched), and each record it carried.

Who may export: every console account, as every account may open Rekaman (the list is
the operator's daily work).  A request without a session goes to the login page.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from fastapi import Request  # noqa: TC002 - FastAPI reads the routes' annotations at runtime
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from fieldkit import regions
from fieldkit.reports import OFFICE_NAME
from sync.server.accounts.trail import write_audit
from sync.server.cards.promises import local_day
from sync.server.console.formats import day_text, moment_text
from sync.server.console.pages import console_of, current_session, language, redirect, render, words
from sync.server.console.people import Person, opened_header, person_in
from sync.server.console.records import state_words
from sync.server.console.records_query import (
    Q_DESA,
    Q_DUE,
    Q_FROM,
    Q_KECAMATAN,
    Q_LAPTOP,
    Q_OFFICER,
    Q_SEARCH,
    Q_STATE,
    Q_TO,
    Q_TRAINING,
    Q_VISIT,
    SEARCH_NAME,
    Filter,
    Listing,
    Names,
    desa_label,
    kecamatan_label,
    list_records,
    office_names,
    parse_filter,
)
from sync.server.intake import record_search
from sync.server.office.steering import Office
from sync.server.store.stamps import office_time
from sync.server.store.tables import plan_requests, plan_visits

if TYPE_CHECKING:
    from collections.abc import Callable

    from fastapi import FastAPI

    from sync.server.console.sessions import Session
    from sync.server.intake.service import DataCenter

log = logging.getLogger(__name__)

CSV, XLSX, PRINT = "csv", "xlsx", "print"
_MEDIA = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
#: A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: The person's columns are ``console.people``'s rule: the NIK by its last four digits.
_COLUMNS = (
    "console_records.export_name",
    "console_people.sex",
    "console_people.born",
    "console_people.nik",
    "console_records.export_desa",
    "console_records.export_kecamatan",
    "console_records.export_request",
    "console_records.export_state",
    "console_records.export_recorded",
    "console_records.export_promise",
)
_NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def safe_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: a leading ``'`` before what would be a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


#: An export's cell: words, or a day (a date in a spreadsheet, issue 59 §9).
Cell = str | dt.date
#: How an XLSX shows a day: the office's order; the cell stays a date Excel sorts and filters.
XLSX_DAY_FORMAT = "dd-mm-yyyy"


def cell_text(cell: Cell) -> str:
    """A cell as CSV and the printable list write it: a day as ``26-11-2026``."""
    return day_text(cell) if isinstance(cell, dt.date) else cell


@dataclass(frozen=True)
class Export:
    """The filtered list's rows (words and days), and what the audit says of them."""

    header: list[str]
    rows: list[list[Cell]]
    listing: Listing
    #: The filter in words, (label, value) each (the printable list's heading).
    filters: list[tuple[str, str]]

    @property
    def text_rows(self) -> list[list[str]]:
        """Every row in words, its days written as the office reads them."""
        return [[cell_text(cell) for cell in row] for row in self.rows]


def _request_numbers(datacenter: DataCenter) -> tuple[dict[str, str], dict[str, str]]:
    """The office's request numbers by request id, and each planned visit's request id."""
    with datacenter.store.reading() as conn:
        numbers = {
            str(r.id): str(json.loads(r.document).get("number") or "")
            for r in conn.execute(sa.select(plan_requests.c.id, plan_requests.c.document))
        }
        visits = {
            str(r.id): str(r.request_id)
            for r in conn.execute(sa.select(plan_visits.c.id, plan_visits.c.request_id))
        }
    return numbers, visits


def _person(datacenter: DataCenter, row: dict[str, Any]) -> tuple[Person, dict[str, Any]]:
    """The person and the visit named by a record's header, opened in memory; empty if not."""
    header = opened_header(datacenter, row["device_id"], row["record_id"])
    if header is None:
        return Person(), {}
    visit = header.get("visit")
    return person_in(header), (visit if isinstance(visit, dict) else {})


def build_export(
    datacenter: DataCenter, chosen: Filter, t: Callable[..., str], key: bytes | None
) -> Export:
    """Every row the filter keeps, newest first, in the page's words, with its person."""
    listing = list_records(datacenter.store, chosen, key, everything=True)
    names = office_names(datacenter.store)
    numbers, visit_requests = _request_numbers(datacenter)
    unknown = t("console_records.unknown")
    rows: list[list[Cell]] = []
    for row in listing.rows:
        person, visit = _person(datacenter, row)
        request_id = visit_requests.get(row["visit_id"] or "") or visit.get("request_id")
        clock = listing.clocks.get((row["device_id"], row["record_id"]))
        received = local_day(row["received_at"])
        recorded = clock.recorded_on if clock else received
        sex = {"L": t("console_people.male"), "P": t("console_people.female")}.get(person.sex)
        rows.append(
            [
                person.name,
                sex or "",
                person.birth_year,
                person.nik_last,
                desa_label(row["desa_code"], names, unknown),
                kecamatan_label(row["kecamatan_code"], names, unknown),
                numbers.get(str(request_id), "") if request_id else "",
                state_words(row["state"], t),
                recorded or "",
                clock.promise_date if clock else "",
            ]
        )
    header = [t(code) for code in _COLUMNS]
    return Export(header, rows, listing, filter_words(chosen, names, t))


def filter_words(chosen: Filter, names: Names, t: Callable[..., str]) -> list[tuple[str, str]]:
    """The filter as the printable list says it: (label, value) per field in use."""
    unknown = t("console_records.unknown")
    said: list[tuple[str, str]] = []
    if chosen.search_terms:
        kind = t(f"console_records.search_kind_{chosen.search_kind}")
        said.append((kind, chosen.typed.get(Q_SEARCH, "")))
    if chosen.date_from:
        said.append((t("console_records.date_from"), day_text(chosen.date_from)))
    if chosen.date_to:
        said.append((t("console_records.date_to"), day_text(chosen.date_to)))
    if chosen.desa:
        said.append((t("console_records.desa"), desa_label(chosen.desa, names, unknown)))
    if chosen.kecamatan:
        label = kecamatan_label(chosen.kecamatan, names, unknown)
        said.append((t("console_records.kecamatan"), label))
    if chosen.laptop:
        said.append((t("console_records.col_laptop"), names.laptops.get(chosen.laptop, "")))
    if chosen.officer:
        said.append((t("console_records.officer"), chosen.officer))
    said.extend(_state_words(chosen, t))
    return said or [(t("console_records.print_all"), "")]


def _state_words(chosen: Filter, t: Callable[..., str]) -> list[tuple[str, str]]:
    said = []
    if chosen.state:
        said.append((t("console_records.state"), state_words(chosen.state.value, t)))
    if chosen.due:
        said.append((t("console_records.due"), t("console_records.due_" + _DUE[chosen.due])))
    if chosen.training:
        said.append((t("console_records.with_training"), ""))
    return said


_DUE = {"terlambat": "overdue", "minggu-ini": "week"}


#: The filter's fields the audit names as typed (the search and officer are said apart).
_AUDITED = (Q_FROM, Q_TO, Q_DESA, Q_VISIT, Q_STATE, Q_DUE, Q_TRAINING, Q_KECAMATAN, Q_LAPTOP)


def audit_detail(
    chosen: Filter, form: str, count: int, shown: list[tuple[str, str]] | None = None
) -> str:
    """What the audit keeps of an export: format, rows, filter, and the records it carried.

    The search is said by its kind only; each record as ``laptop/record``
    (``console.people``'s rule: every view of a person is audited).
    """
    kept = {
        name: chosen.typed[name]
        for name in _AUDITED
        if chosen.typed.get(name) and name not in chosen.errors
    }
    if chosen.officer:
        kept[Q_OFFICER] = chosen.officer
    if chosen.search_terms:
        kept[Q_SEARCH] = chosen.search_kind  # never the name, NIK or number searched
    filters = " ".join(f"{k}={v}" for k, v in sorted(kept.items())) or "-"
    said = f"format={form} rows={count} filter: {filters}"
    if shown:
        said += " records: " + " ".join(f"{device}/{record}" for device, record in shown)
    return said


def csv_bytes(export: Export) -> bytes:
    """UTF-8 with a BOM (so Excel reads the Indonesian right), every cell formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(c) for c in export.header])
    writer.writerows([safe_cell(c) for c in row] for row in export.text_rows)
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(export: Export, title: str) -> bytes:
    """One sheet, built and saved in memory (never openpyxl's write-only temporary files)."""
    from openpyxl import Workbook  # noqa: PLC0415 - only an XLSX export loads it
    from openpyxl.styles import Font  # noqa: PLC0415 - as above

    book = Workbook()
    sheet = book.active
    if sheet is None:  # pragma: no cover - a new workbook always has its sheet
        raise RuntimeError("openpyxl made a workbook without a sheet")
    sheet.title = title[:31]
    sheet.append([safe_cell(c) for c in export.header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in export.rows:
        sheet.append([c if isinstance(c, dt.date) else safe_cell(c) for c in row])
    for cells in sheet.iter_rows(min_row=2, min_col=3, max_col=4):
        for cell in cells:
            cell.number_format = "@"  # a year and the NIK's digits are text, never numbers
    # The recording day and the promise date are dates (issue 59 §9): Excel sorts and
    # filters them as days, shown in the office's order.
    for cells in sheet.iter_rows(min_row=2, min_col=9, max_col=10):
        for cell in cells:
            if isinstance(cell.value, dt.date):
                cell.number_format = XLSX_DAY_FORMAT
    widths = (32, 12, 10, 12, 28, 28, 20, 24, 14, 14)
    for letter, width in zip("ABCDEFGHIJ", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _key_for(datacenter: DataCenter, chosen: Filter) -> bytes | None:
    """The blind index's key when the query needs it (a search, an officer), else None."""
    needed = (chosen.search_terms and chosen.search_kind != "permohonan") or chosen.officer
    return record_search.search_key(datacenter.keys) if needed else None


def export_file(
    datacenter: DataCenter, session: Session, chosen: Filter, t: Callable[..., str], form: str
) -> bytes:
    """The file, and its line in ``console_audit`` (who, what, how many; never a name)."""
    export = build_export(datacenter, chosen, t, _key_for(datacenter, chosen))
    body = (
        csv_bytes(export) if form == CSV else xlsx_bytes(export, t("console_records.export_sheet"))
    )
    _audit(datacenter, session, chosen, form, export)
    return body


def _audit(
    datacenter: DataCenter, session: Session, chosen: Filter, form: str, export: Export
) -> None:
    shown = [(row["device_id"], row["record_id"]) for row in export.listing.rows]
    with datacenter.store.writing() as conn:
        write_audit(
            conn,
            time.time(),
            actor=session.account,
            action="records_export",
            account=session.account,
            detail=audit_detail(chosen, form, len(export.rows), shown),
        )
    log.info("console: %s exported %d records as %s", session.account, len(export.rows), form)


@dataclass(frozen=True)
class Letterhead:
    """The office's letterhead as its letters print it (``fieldkit.reports.letters``)."""

    government: str | None
    office: str
    address: str | None
    contact: str | None


def letterhead(datacenter: DataCenter) -> Letterhead:
    """From the office's settings: its regency's government, the office, address, contact."""
    settings = Office(datacenter.store).settings()
    code = settings.get("office_code")
    regency = regions.regency(str(code)[:4]) if code else None
    rules = settings.get("rules") or {}
    lines = rules.get("letterhead") or {}
    return Letterhead(
        f"Pemerintah {regency.name}".upper() if regency else None,
        (settings.get("office_name") or OFFICE_NAME).upper(),
        lines.get("address"),
        lines.get("contact"),
    )


def _printable(
    datacenter: DataCenter, session: Session, chosen: Filter, t: Callable[..., str]
) -> tuple[Export, Letterhead]:
    """The printable list: it names people as an export does, so it is audited as one."""
    export = build_export(datacenter, chosen, t, _key_for(datacenter, chosen))
    _audit(datacenter, session, chosen, PRINT, export)
    return export, letterhead(datacenter)


class QueryOutOfAccessLog(logging.Filter):
    """Keeps a search's terms out of the server's access log: ``/rekaman?…`` loses its query.

    Uvicorn's access line names the path with its query (``cari=`` a name or a NIK); the
    records' pages are logged by their path alone.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3:  # noqa: PLR2004 - uvicorn's (client, method, path, …)
            path = args[2]
            if isinstance(path, str) and path.startswith("/rekaman") and "?" in path:
                record.args = (*args[:2], path.split("?", 1)[0] + "?…", *args[3:])
        return True


def install(app: FastAPI) -> None:
    """The export's routes (``/rekaman/unduh.csv``, ``.xlsx``) and the printable list's."""
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, QueryOutOfAccessLog) for f in access.filters):
        access.addFilter(QueryOutOfAccessLog())

    async def _export(request: Request, form: str) -> Response:
        session = await current_session(request)
        if session is None:
            return redirect("/masuk")
        chosen = parse_filter(request.query_params)
        t = words(language(request)[0])
        datacenter = console_of(request).datacenter
        body = await run_in_threadpool(export_file, datacenter, session, chosen, t, form)
        stamp = office_time(dt.datetime.now(dt.UTC)).strftime("%Y%m%d-%H%M")
        return Response(
            body,
            media_type=_MEDIA[form],
            headers=_NO_STORE
            | {"Content-Disposition": f'attachment; filename="rekaman-{stamp}.{form}"'},
        )

    @app.get("/rekaman/unduh.csv", include_in_schema=False)
    async def export_csv(request: Request) -> Response:
        return await _export(request, CSV)

    @app.get("/rekaman/unduh.xlsx", include_in_schema=False)
    async def export_xlsx(request: Request) -> Response:
        return await _export(request, XLSX)

    @app.get("/rekaman/cetak", include_in_schema=False)
    async def printable(request: Request) -> Response:
        session = await current_session(request)
        if session is None:
            return redirect("/masuk")
        chosen = parse_filter(request.query_params)
        t = words(language(request)[0])
        datacenter = console_of(request).datacenter
        export, head = await run_in_threadpool(_printable, datacenter, session, chosen, t)
        response = render(
            request,
            "records_print.html",
            session=session,
            current="records",
            export=export,
            letterhead=head,
            chosen=chosen,
            printed_at=moment_text(dt.datetime.now(dt.UTC)),
            back="/rekaman?" + chosen.query(),
            search_name=SEARCH_NAME,
        )
        response.headers.update(_NO_STORE)
        return response
