"""Grafik (``/grafik``): the office's last eight weeks as pictures (issue 49 §3).

Four pictures an office would rather look at than read: records per recording day, per
petugas, per desa, and, week by week, the share of cards printed within the promise.
Each is drawn here as SVG (no script, no charting library: light on an office PC, and
the console's policy allows no script anyway), and each has its table of the very same
numbers beside it, for a screen reader, for copying, and so the picture can be checked.

What is counted (training records never):

- a record's day is its recording day, as the promise counts it (:func:`recorded_on`);
- per petugas: the officer its header named (``record_places.officer``), shown by the
  name the office gave them (their login name beside it in the table, or alone when the
  office knows no name); records stored before officers were kept are "tidak diketahui";
- per desa: its desa by the office's name for it, else its code;
- within the promise: the records whose promise date fell in that week and has passed
  (or is today), whose clock did not stop (rejected, recapture, closed duplicate): on
  time when the card was printed by its promise date.  Still waiting past it counts as
  late, so a week's share never looks better for cards not printed at all.

One read of the window's records (and their first printing), bounded by the window, never
every record; the rest is counting in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from fastapi import Request  # noqa: TC002 - FastAPI reads the routes' annotations at runtime
from fastapi.responses import Response  # noqa: TC002 - FastAPI reads the return annotation
from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool

from fieldkit.records.demo import DEMO_KID
from sync.server.cards.promises import (
    PLACED,
    Clock,
    OfficeClock,
    issued_moments,
    office_clock,
    record_clock,
    recorded_on,
    utc_midnight,
)
from sync.server.console import graphs_sentences  # noqa: F401 - registers the words
from sync.server.console.formats import day_text
from sync.server.console.pages import console_of, current_session, language, redirect, render, words
from sync.server.console.records_query import office_names
from sync.server.office.officer_book import OfficerBook
from sync.server.store.tables import record_places, records

if TYPE_CHECKING:
    from collections.abc import Callable

    from fastapi import FastAPI

    from sync.server.store.database import SqlStore

PATH = "/grafik"
WEEKS = 8
#: Bars a ranking shows; the rest are summed in one "others" bar.
TOP = 12
#: Calendar days before the window whose records may have their promise date inside it
#: (14 working days and a long holiday stretch).
_PROMISE_REACH_DAYS = 45
#: The picture's size in SVG units (it scales to the page's width).
_WIDTH, _HEIGHT, _LEFT, _BOTTOM, _TOP_PAD = 960, 200, 48, 28, 12
_ROW, _LABEL_W = 26, 200
OTHERS, UNKNOWN = "__lainnya__", "__tidak_diketahui__"


@dataclass(frozen=True)
class Counted:
    """One bar: its key (a day, a username, a desa code), its label, its number."""

    key: str
    label: str
    value: int


@dataclass(frozen=True)
class WeekShare:
    start: dt.date
    on_time: int
    late: int

    @property
    def due(self) -> int:
        return self.on_time + self.late

    @property
    def percent(self) -> int | None:
        return None if self.due == 0 else round(100 * self.on_time / self.due)


@dataclass(frozen=True)
class Pictures:
    first_day: dt.date
    today: dt.date
    per_day: list[Counted]
    per_officer: list[Counted]
    per_desa: list[Counted]
    weeks: list[WeekShare]


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _ranked(counts: Counter[str], label: Callable[[str], str], others: str) -> list[Counted]:
    """The biggest first (ties by label), the rest summed in one last bar."""
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], label(kv[0])))
    shown = [Counted(key, label(key), value) for key, value in ordered[:TOP]]
    rest = sum(value for _key, value in ordered[TOP:])
    if rest:
        shown.append(Counted(OTHERS, others, rest))
    return shown


def pictures(store: SqlStore, clock: OfficeClock, labels: Callable[[str, str], str]) -> Pictures:
    """The four pictures' numbers on ``clock``'s day.

    ``labels(kind, key)`` names a desa or an officer (``unknown`` and ``others`` too), so
    the counting is apart from the page's language.
    """
    today = clock.today
    first_day = _monday(today) - dt.timedelta(weeks=WEEKS - 1)
    since = utc_midnight(first_day - dt.timedelta(days=_PROMISE_REACH_DAYS))
    with store.reading() as conn:
        rows = conn.execute(
            sa.select(
                records.c.device_id,
                records.c.record_id,
                records.c.state,
                records.c.received_at,
                record_places.c.visit_date,
                record_places.c.desa_code,
                record_places.c.officer,
            )
            .select_from(PLACED)
            .where(records.c.kid != DEMO_KID, records.c.received_at >= since)
        ).all()
        issued = issued_moments(conn, [(r.device_id, r.record_id) for r in rows])
    per_day: Counter[str] = Counter()
    per_officer: Counter[str] = Counter()
    per_desa: Counter[str] = Counter()
    weeks = {_monday(first_day + dt.timedelta(weeks=n)): [0, 0] for n in range(WEEKS)}
    for row in rows:
        day = recorded_on(row.visit_date, row.received_at)
        if day is None:
            continue
        if first_day <= day <= today:
            per_day[day.isoformat()] += 1
            per_officer[row.officer or UNKNOWN] += 1
            per_desa[row.desa_code or UNKNOWN] += 1
        kept = record_clock(
            clock,
            state=row.state,
            visit_date=row.visit_date,
            received_at=row.received_at,
            issued_at=issued.get((str(row.device_id), str(row.record_id))),
        )
        if kept is None or kept.clock is Clock.STOPPED or kept.promise_date > today:
            continue
        week = weeks.get(_monday(kept.promise_date))
        if week is None:
            continue
        on_time = kept.clock is Clock.MET and kept.late_by == 0
        week[0 if on_time else 1] += 1
    days = [first_day + dt.timedelta(days=n) for n in range((today - first_day).days + 1)]
    return Pictures(
        first_day=first_day,
        today=today,
        per_day=[Counted(d.isoformat(), day_text(d), per_day[d.isoformat()]) for d in days],
        per_officer=_ranked(per_officer, lambda k: labels("officer", k), labels("", OTHERS)),
        per_desa=_ranked(per_desa, lambda k: labels("desa", k), labels("", OTHERS)),
        weeks=[WeekShare(start, on, late) for start, (on, late) in sorted(weeks.items())],
    )


# --- drawing ---------------------------------------------------------------------------


def _svg(title_id: str, height: int, body: list[str]) -> Markup:
    return Markup(  # noqa: S704 - every text inside was escaped where it was put
        f'<svg class="chart" viewBox="0 0 {_WIDTH} {height}" role="img" '
        f'aria-labelledby="{title_id}" preserveAspectRatio="xMinYMin meet">'
        + "".join(body)
        + "</svg>"
    )


def columns(
    title_id: str,
    bars: list[tuple[str, int, str]],
    *,
    most: int,
    ticks: dict[int, str],
    unit: str = "",
    above: dict[int, str] | None = None,
) -> Markup:
    """Vertical bars (``key``, value, its tooltip), ``most`` at the top of the scale.

    ``ticks`` labels some bars below the axis, by their index (a week's Monday);
    ``above`` writes a bar's number over it.
    """
    plot_w, plot_h = _WIDTH - _LEFT - 4, _HEIGHT - _BOTTOM - _TOP_PAD
    step = plot_w / max(1, len(bars))
    scale = plot_h / max(1, most)
    base = _TOP_PAD + plot_h
    body = [
        (
            f'<text class="axis" x="{_LEFT - 6}" y="{_TOP_PAD + 10}" text-anchor="end">'
            f"{most}{escape(unit)}</text>"
        ),
        f'<text class="axis" x="{_LEFT - 6}" y="{base}" text-anchor="end">0{escape(unit)}</text>',
        f'<line class="axis" x1="{_LEFT}" y1="{base}" x2="{_WIDTH - 4}" y2="{base}"/>',
    ]
    for index, (key, value, tip) in enumerate(bars):
        height = value * scale
        x = _LEFT + index * step
        body.append(
            f'<rect class="bar" data-key="{escape(key)}" data-value="{value}" '
            f'x="{x + step * 0.12:.1f}" y="{base - height:.1f}" width="{step * 0.76:.1f}" '
            f'height="{height:.1f}"><title>{escape(tip)}</title></rect>'
        )
        if above and index in above:
            body.append(
                f'<text class="value" x="{x + step / 2:.1f}" y="{base - height - 6:.1f}" '
                f'text-anchor="middle">{escape(above[index])}</text>'
            )
        if index in ticks:
            body.append(
                f'<text class="axis" x="{x + step / 2:.1f}" y="{base + 18}" '
                f'text-anchor="middle">{escape(ticks[index])}</text>'
            )
    return _svg(title_id, _HEIGHT, body)


def rows_chart(title_id: str, bars: list[Counted], tip: Callable[[Counted], str]) -> Markup:
    """Horizontal bars, a label at the left of each and its number at its end."""
    most = max((bar.value for bar in bars), default=0)
    height = max(_ROW, len(bars) * _ROW + 8)
    span = _WIDTH - _LABEL_W - 60
    body = []
    for index, bar in enumerate(bars):
        y = 4 + index * _ROW
        width = span * bar.value / max(1, most)
        label = bar.label if len(bar.label) <= 28 else bar.label[:27] + "…"  # noqa: PLR2004
        body.append(
            f'<text class="label" x="{_LABEL_W - 8}" y="{y + 16}" text-anchor="end">'
            f"{escape(label)}</text>"
            f'<rect class="bar" data-key="{escape(bar.key)}" data-value="{bar.value}" '
            f'x="{_LABEL_W}" y="{y + 3}" width="{width:.1f}" height="{_ROW - 8}">'
            f"<title>{escape(tip(bar))}</title></rect>"
            f'<text class="value" x="{_LABEL_W + width + 6:.1f}" y="{y + 16}">{bar.value}</text>'
        )
    return _svg(title_id, height, body)


def _page_pictures(store: SqlStore, t: Callable[..., str]) -> tuple[Pictures, OfficeClock]:
    clock = office_clock(store)
    names = office_names(store)
    officers = officer_names(store)
    unknown, others = t("console_graphs.unknown"), t("console_graphs.others")

    def label(kind: str, key: str) -> str:
        if key == UNKNOWN:
            return unknown
        if key == OTHERS:
            return others
        if kind == "desa":
            return names.desas.get(key, key)
        return officers.get(key, key)

    return pictures(store, clock, label), clock


def officer_names(store: SqlStore) -> dict[str, str]:
    """Each officer's name by their login name: Grafik names people (issue 59 §9).

    A person reads "Rina Wulandari", not ``rina``; an officer without a name keeps the
    login name.
    """
    return {
        officer["username"]: officer["full_name"]
        for officer in OfficerBook(store).officers()
        if officer["full_name"]
    }


def _views(found: Pictures, t: Callable[..., str]) -> dict[str, Any]:
    """Each picture drawn, with the rows of its table (the same numbers)."""
    day_bars = [
        (bar.key, bar.value, t("console_graphs.day_tip", day=bar.label, count=bar.value))
        for bar in found.per_day
    ]
    mondays = {
        index: bar.label[:5]
        for index, bar in enumerate(found.per_day)
        if dt.date.fromisoformat(bar.key).weekday() == 0
    }
    week_bars = [
        (
            week.start.isoformat(),
            week.percent or 0,
            t(
                "console_graphs.week_tip",
                week=day_text(week.start),
                percent=week.percent if week.percent is not None else "-",
                on_time=week.on_time,
                due=week.due,
            ),
        )
        for week in found.weeks
    ]
    return {
        "per_day": columns(
            "grafik-hari-judul",
            day_bars,
            most=max([1, *(bar.value for bar in found.per_day)]),
            ticks=mondays,
        ),
        "per_officer": rows_chart(
            "grafik-petugas-judul",
            found.per_officer,
            lambda bar: t("console_graphs.bar_tip", name=bar.label, count=bar.value),
        ),
        "per_desa": rows_chart(
            "grafik-desa-judul",
            found.per_desa,
            lambda bar: t("console_graphs.bar_tip", name=bar.label, count=bar.value),
        ),
        "weeks": columns(
            "grafik-janji-judul",
            week_bars,
            most=100,
            ticks={i: day_text(w.start)[:5] for i, w in enumerate(found.weeks)},
            unit="%",
            above={
                i: f"{w.percent}% ({w.on_time}/{w.due})"
                for i, w in enumerate(found.weeks)
                if w.percent is not None
            },
        ),
    }


async def graphs_page(request: Request) -> Response:
    session = await current_session(request)
    if session is None:
        return redirect("/masuk")
    t = words(language(request)[0])
    found, clock = await run_in_threadpool(_page_pictures, console_of(request).datacenter.store, t)
    return render(
        request,
        "graphs.html",
        session=session,
        current="graphs",
        found=found,
        drawn=_views(found, t),
        first_day=day_text(found.first_day),
        today=day_text(found.today),
        promise_days=clock.days,
        total=sum(bar.value for bar in found.per_day),
    )


def install(app: FastAPI) -> None:
    """Grafik's one route."""
    app.add_api_route(PATH, graphs_page, methods=["GET"], include_in_schema=False)
