"""``fieldkit request|visit|targets|sarpras|report``: planning a trip and its paperwork.

Every handler is a thin wrapper over a typed function in ``fieldkit.planning``,
``fieldkit.sarpras`` or ``fieldkit.reports``; the app's screens call the same ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldkit import catalogue
from fieldkit.cli.output import import_row_line, say, table, window_word
from fieldkit.enrollment import visits as field_visits
from fieldkit.errors import InvalidInput
from fieldkit.planning import kinds, requests, schedule, targets_import
from fieldkit.planning.targets_import import ImportReport, Status
from fieldkit.reports import letters
from fieldkit.sarpras import checklist
from fieldkit.sarpras.checklist import ItemStatus, Phase

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from fieldkit.cli.output import Output
    from fieldkit.workspace import Workspace

    Handler = Callable[[argparse.Namespace, Output], int]
    Adder = Callable[[Any, str, Handler, str], argparse.ArgumentParser]
    Login = Callable[[argparse.Namespace], Workspace]

EXIT_OK = 0
EXIT_USER = 1
_SHOWN_PROBLEMS = 20


def _pairs(items: list[str], what: str) -> dict[str, str]:
    """``KEY=VALUE`` options as a dict, with a message naming the option on a typo."""
    pairs = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InvalidInput(code="cli_pair_format", params={"option": what, "item": item})
        pairs[key.strip()] = value.strip()
    return pairs


def _count(text: str, key: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise InvalidInput(code="cli_quantity_not_whole", params={"key": key}) from None


def _checklist_text(view: checklist.ChecklistView) -> str:
    signed = (
        say("sarpras.signed_by", officer=view.signed_by)
        if view.signed
        else say("sarpras.not_signed")
    )
    head = say(
        "sarpras.heading",
        phase=view.phase.value,
        visit=view.visit_id[:8],
        signed=signed,
    )
    if not view.complete:
        head += say("sarpras.rows_to_do", n=len(view.incomplete))
    lines = [head]
    for item in view.items:
        why = item.missing(view.phase)
        mark = "[x]" if why is None else "[ ]"
        detail = catalogue.spoken("sarpras", why) if why else ""
        if item.self_test_ok is not None:
            verdict = (
                "sarpras.self_test_passed" if item.self_test_ok else "sarpras.self_test_failed"
            )
            detail = f"{say(verdict)} {detail}".strip()
        lines.append(f"  {mark} {item.key:<18} {item.label:<45} {detail}")
    return "\n".join(lines)


class PlanningCommands:
    """The handlers; ``login`` is the CLI's own, so passwords are asked the same way."""

    def __init__(self, login: Login) -> None:
        self._login = login

    # --- requests ---------------------------------------------------------------------

    def request_create(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            info = requests.create_request(
                ws,
                number=args.number,
                letter_date=args.date,
                requester_type=kinds.parse_requester_type(args.type),
                requester_name=args.name,
                region_code=args.region,
                subject=args.subject,
            )
        out.result(info.as_json(), say("request.recorded", request=info.id))
        return EXIT_OK

    def request_list(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            infos = requests.list_requests(ws)
        rows = [
            [
                r.id[:8],
                str(r.letter_date),
                r.number,
                r.requester_name,
                say("request.visits", n=r.visits),
            ]
            for r in infos
        ]
        out.result([r.as_json() for r in infos], table(rows) or say("request.none"))
        return EXIT_OK

    # --- visits -----------------------------------------------------------------------

    def visit_create(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            visits = schedule.create_visit(
                ws,
                args.request,
                visit_date=args.date,
                start_time=args.time,
                place_type=kinds.PlaceType(args.place),
                place_name=args.place_name,
                desa_name=args.desa,
                desa_code=args.desa_code,
                kecamatan_code=args.kecamatan,
                terrain=kinds.Terrain(args.terrain),
                team=schedule.TeamPlan(args.ketua, tuple(args.petugas)),
                weeks=args.weeks,
                cadence_days=args.every_days,
            )
        text = "\n".join(say("visit.planned", visit=v.id, date=v.visit_date) for v in visits)
        out.result([v.as_json() for v in visits], text)
        return EXIT_OK

    def visit_list(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            visits = schedule.list_visits(ws, request_ref=args.request, from_date=args.from_date)
        rows = [
            [
                v.id[:8],
                f"{v.visit_date} {v.start_time}",
                v.place_type.value,
                v.desa_name,
                say("visit.target_count", n=v.targets),
                # The window's word for the state (ui/planning_page.py, PlanningPage).
                window_word("PlanningPage", v.status.value),
            ]
            for v in visits
        ]
        out.result([v.as_json() for v in visits], table(rows) or say("visit.none"))
        return EXIT_OK

    def visit_show(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            visit = schedule.get_visit(ws, args.visit)
            suggestion = schedule.suggest_for_visit(ws, visit.id)
        data = visit.as_json() | {"suggested_team": suggestion.as_json()}
        team = ", ".join(f"{m.username} ({m.team_role.value})" for m in visit.team)
        head = say(
            "visit.show",
            visit=visit.id,
            date=visit.visit_date,
            time=visit.start_time,
            desa=visit.desa_name,
        )
        lines = [
            head,
            say("visit.team", team=team),
            say("visit.targets", count=visit.targets),
            say(
                "visit.suggested",
                petugas=suggestion.petugas,
                minutes=suggestion.minutes,
            ),
            *catalogue.said(lambda: [f"    - {r.message}" for r in suggestion.reasons]),
        ]
        text = "\n".join(lines)
        out.result(data, text)
        return EXIT_OK

    def visit_assign(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            visit = schedule.assign_team(
                ws, args.visit, schedule.TeamPlan(args.ketua, tuple(args.petugas))
            )
        out.result(visit.as_json(), say("visit.team_updated", visit=visit.id[:8]))
        return EXIT_OK

    def visit_cancel(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            field_visits.cancel_visit(ws, args.visit, args.reason)
            visit = schedule.get_visit(ws, args.visit)
        out.result(visit.as_json(), say("visit.cancelled", visit=visit.id[:8]))
        return EXIT_OK

    def visit_move(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            field_visits.reschedule_visit(
                ws, args.visit, visit_date=args.date, start_time=args.time
            )
            visit = schedule.get_visit(ws, args.visit)
        out.result(
            visit.as_json(),
            say("visit.moved", visit=visit.id[:8], date=visit.visit_date, time=visit.start_time),
        )
        return EXIT_OK

    # --- targets ----------------------------------------------------------------------

    def targets_import(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            report = targets_import.import_targets(ws, args.visit, Path(args.file))
        out.result(report.as_json(), self._import_text(report))
        return EXIT_OK if report.accepted else EXIT_USER

    @staticmethod
    def _import_text(report: ImportReport) -> str:
        counts = {s: report.count(s) for s in Status}
        lines = catalogue.said(lambda: [m.message for m in report.file_messages])
        problems = [r for r in report.rows if r.status is not Status.OK]
        for row in problems[:_SHOWN_PROBLEMS]:
            lines += [import_row_line(row.row, row.status.value, m) for m in row.messages]
        if len(problems) > _SHOWN_PROBLEMS:
            lines.append(say("import.more_rows", n=len(problems) - _SHOWN_PROBLEMS))
        summary = say(
            "import.summary",
            ok=counts[Status.OK],
            warnings=counts[Status.WARNING],
            errors=counts[Status.ERROR],
        )
        if report.accepted:
            lines.append(say("import.done", n=report.imported, summary=summary))
        else:
            lines.append(say("import.nothing", summary=summary))
        return "\n".join(lines)

    def targets_list(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            targets = targets_import.list_targets(ws, args.visit)
        lines = [
            f"{t.as_json()['nik']}  {t.name:<30} {','.join(c.value for c in t.categories)}"
            for t in targets
        ]
        out.result([t.as_json() for t in targets], "\n".join(lines) or say("targets.none"))
        return EXIT_OK

    # --- sarpras ----------------------------------------------------------------------

    def _self_test(self, ws: Workspace, args: argparse.Namespace, phase: Phase) -> None:
        if not args.no_self_test:
            checklist.run_self_tests(ws, args.visit, phase, sim=args.sim)

    def sarpras_checkout(self, args: argparse.Namespace, out: Output) -> int:
        quantities = _pairs(args.qty, "--qty")
        with self._login(args) as ws:
            view = checklist.open_checklist(ws, args.visit, Phase.CHECKOUT)
            self._self_test(ws, args, Phase.CHECKOUT)
            for key in args.ok:
                qty = quantities.pop(key, None)
                view = checklist.record_checkout_item(
                    ws,
                    args.visit,
                    key,
                    status=ItemStatus.OK,
                    quantity=_count(qty, key) if qty is not None else None,
                )
            for key, qty in quantities.items():
                view = checklist.record_checkout_item(
                    ws, args.visit, key, status=ItemStatus.OK, quantity=_count(qty, key)
                )
            for status, option in (
                (ItemStatus.FAULTY, args.faulty),
                (ItemStatus.MISSING, args.missing),
            ):
                for key, note in _pairs(option, f"--{status.value}").items():
                    view = checklist.record_checkout_item(
                        ws, args.visit, key, status=status, notes=note
                    )
            if args.ok_rest:
                view = checklist.mark_rest_ok(ws, args.visit, Phase.CHECKOUT)
            view = checklist.get_checklist(ws, args.visit, Phase.CHECKOUT) or view
        out.result(view.as_json(), _checklist_text(view))
        return EXIT_OK

    def sarpras_checkin(self, args: argparse.Namespace, out: Output) -> int:
        quantities = _pairs(args.qty, "--qty")
        photos = {k: Path(v) for k, v in _pairs(args.photo, "--photo").items()}
        problems: dict[str, dict[str, bool]] = {}
        notes: dict[str, str] = {}
        for flag, option in (
            ("baik", args.damaged),
            ("lengkap", args.incomplete),
            ("bersih", args.dirty),
        ):
            for key, note in _pairs(option, f"--{flag}").items():
                problems.setdefault(key, {})[flag] = False
                notes[key] = "; ".join(filter(None, [notes.get(key), note]))
        for key, note in _pairs(args.note, "--note").items():
            notes[key] = "; ".join(filter(None, [notes.get(key), note]))
        with self._login(args) as ws:
            view = checklist.open_checklist(ws, args.visit, Phase.CHECKIN)
            self._self_test(ws, args, Phase.CHECKIN)
            for key in dict.fromkeys([*args.ok, *problems, *quantities, *photos, *notes]):
                if key in args.ok or key in problems:
                    flags = {"baik": True, "lengkap": True, "bersih": True} | problems.get(key, {})
                else:
                    flags = {}
                view = checklist.record_checkin_item(
                    ws,
                    args.visit,
                    key,
                    **flags,
                    quantity=_count(quantities[key], key) if key in quantities else None,
                    notes=notes.get(key),
                    photo=_read_photo(photos[key]) if key in photos else None,
                )
            if args.ok_rest:
                view = checklist.mark_rest_ok(ws, args.visit, Phase.CHECKIN)
            view = checklist.get_checklist(ws, args.visit, Phase.CHECKIN) or view
        out.result(view.as_json(), _checklist_text(view))
        return EXIT_OK

    def sarpras_accept(self, args: argparse.Namespace, out: Output) -> int:
        """The pengurus barang took the equipment back (SOP 004 step 11)."""
        with self._login(args) as ws:
            view = checklist.record_acceptance(ws, args.visit, args.by)
        out.result(
            view.as_json(),
            say("sarpras.accepted", name=view.accepted_by_name),
        )
        return EXIT_OK

    def sarpras_sign(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            view = checklist.sign_checklist(ws, args.visit, Phase(args.phase))
        out.result(view.as_json(), say("sarpras.signed", phase=view.phase.value))
        return EXIT_OK

    def sarpras_show(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            view = checklist.get_checklist(ws, args.visit, Phase(args.phase))
        if view is None:
            out.result(
                {"visit": args.visit, "phase": args.phase, "checklist": None},
                say("sarpras.none"),
            )
            return EXIT_OK
        out.result(view.as_json(), _checklist_text(view))
        return EXIT_OK

    def sarpras_override(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            info = checklist.grant_recording_override(ws, args.visit, args.reason)
        out.result(
            info.as_json(),
            say("sarpras.override", visit=info.visit_id[:8]),
        )
        return EXIT_OK

    def sarpras_ready(self, args: argparse.Namespace, out: Output) -> int:
        """Exit 0 when recording may start on the visit; the reason is printed otherwise."""
        with self._login(args) as ws:
            override = checklist.ensure_recording_allowed(ws, args.visit)
        data = {"allowed": True, "override": override.as_json() if override else None}
        allowed = "sarpras.ready_override" if override else "sarpras.ready"
        out.result(data, say(allowed))
        return EXIT_OK

    # --- reports ----------------------------------------------------------------------

    def report_letter(self, args: argparse.Namespace, out: Output) -> int:
        write = letters.surat_tugas if args.kind == "surat-tugas" else letters.surat_balasan
        with self._login(args) as ws:
            path = write(ws, args.visit, Path(args.out), number=args.number, issued=args.date)
        out.result({"report": args.kind, "path": str(path)}, f"Wrote {path}")
        return EXIT_OK

    def report_office(self, args: argparse.Namespace, out: Output) -> int:
        changes = {
            k: getattr(args, k)
            for k in ("address", "contact", "head_name", "head_rank", "head_nip")
            if getattr(args, k) is not None
        }
        with self._login(args) as ws:
            profile = (
                letters.set_office_profile(ws, **changes) if changes else letters.office_profile(ws)
            )
        out.result(profile.as_json(), f"{profile.government}\n{profile.address or ''}")
        return EXIT_OK


def _read_photo(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            code="cli_photo_unreadable", params={"path": path, "reason": exc.strerror}
        ) from exc
