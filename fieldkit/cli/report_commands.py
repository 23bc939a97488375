"""``fieldkit report ba-*|rekap-harian``, ``fieldkit handover``, ``fieldkit referral``.

Thin wrappers over :mod:`fieldkit.reports`, :mod:`fieldkit.handover.cards`
and :mod:`fieldkit.referral`; the app's screens call the same functions.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from drivers import Modality, get_backend
from fieldkit import referral
from fieldkit.card_uid import normalise_uid
from fieldkit.cli.output import say
from fieldkit.errors import InvalidInput
from fieldkit.handover import cards
from fieldkit.handover.cards import Relation
from fieldkit.receipts import document
from fieldkit.reports import berita_acara, sarpras_report, serah_terima
from fieldkit.reports.photos import include_photos, set_include_photos

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from drivers.interfaces import CardReader, SignaturePad
    from fieldkit.cli.output import Output
    from fieldkit.workspace import Workspace

    Handler = Callable[[argparse.Namespace, Output], int]
    Adder = Callable[[Any, str, Handler, str], argparse.ArgumentParser]
    Login = Callable[[argparse.Namespace], Workspace]

EXIT_OK = 0


def _card_reader(args: argparse.Namespace) -> CardReader:
    if args.sim:
        if not args.card_uid:
            raise InvalidInput(code="cli_sim_card_uid_required")
        return get_backend(Modality.CARD, "sim", uid=normalise_uid(args.card_uid), staff=None)
    return get_backend(Modality.CARD, "pcsc", reader=args.reader)


def _pad(args: argparse.Namespace) -> SignaturePad:
    if args.sim:
        return get_backend(
            Modality.SIGNATURE, "sim", strokes=args.sim_strokes, speed=6.0, lead_in_s=0.0
        )
    if not args.pad_port:
        raise InvalidInput(code="cli_pad_port_required")
    return get_backend(Modality.SIGNATURE, "isdv4", port=args.pad_port)


def _read_uid(args: argparse.Namespace, out: Output) -> str:
    reader = _card_reader(args)
    reader.open()
    try:
        out.line(say("handover.put_card"))
        return cards.read_card_uid(reader, timeout_s=args.timeout)
    finally:
        reader.close()


def _signature(args: argparse.Namespace, out: Output, who: str) -> cards.SignatureInput:
    pad = _pad(args)
    pad.open()
    try:
        out.line(say("handover.sign", who=who))
        return cards.capture_signature(pad, timeout_s=args.timeout)
    finally:
        pad.close()


def _card_words(check: cards.CardCheck) -> str:
    """Honest about what a read showed: a first read compares nothing."""
    if check.office_uid_matched:
        return say("handover.card_matches_office", record=check.record_id[:8])
    if check.first_read:
        return say(
            "handover.card_bound",
            card=check.card_uid,
            record=check.record_id[:8],
        )
    return say(
        "handover.card_matches",
        record=check.record_id[:8],
    )


class ReportCommands:
    def __init__(self, login: Login) -> None:
        self._login = login

    # --- reports ------------------------------------------------------------------------

    def ba_perekaman(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            path = berita_acara.ba_perekaman(ws, args.visit, Path(args.out), number=args.number)
        out.result({"report": "ba-perekaman", "path": str(path)}, say("report.wrote", path=path))
        return EXIT_OK

    def bukti_perekaman(self, args: argparse.Namespace, out: Output) -> int:
        """The family's receipt of one record, until the record is purged."""
        with self._login(args) as ws:
            path = document.save_receipt_pdf(ws, args.record, Path(args.out))
        out.result({"report": "bukti-perekaman", "path": str(path)}, say("report.wrote", path=path))
        return EXIT_OK

    def ba_sarpras(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            path = sarpras_report.ba_pengembalian_sarpras(ws, args.visit, Path(args.out))
        out.result({"report": "ba-sarpras", "path": str(path)}, say("report.wrote", path=path))
        return EXIT_OK

    def rekap_harian(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            path = berita_acara.rekap_harian(ws, args.date, Path(args.out))
            recap = berita_acara.daily_recap(ws, args.date)
        out.result(
            {"report": "rekap-harian", "path": str(path), **recap.as_json()},
            say("report.wrote", path=path),
        )
        return EXIT_OK

    def ba_serah_terima(self, args: argparse.Namespace, out: Output) -> int:
        if args.delivery is not None:
            if args.date is not None or args.handover:
                raise InvalidInput(code="cli_serah_terima_delivery_alone")
            with self._login(args) as ws:
                path = serah_terima.ba_serah_terima_delivery(ws, Path(args.out), args.delivery)
            out.result(
                {"report": "ba-serah-terima", "delivery": args.delivery, "path": str(path)},
                say("report.wrote", path=path),
            )
            return EXIT_OK
        if args.date is None and not args.handover:
            raise InvalidInput(code="cli_serah_terima_needs_date")
        with self._login(args) as ws:
            path = serah_terima.ba_serah_terima(
                ws, Path(args.out), date=args.date, handover_ids=args.handover or None
            )
        out.result({"report": "ba-serah-terima", "path": str(path)}, say("report.wrote", path=path))
        return EXIT_OK

    def photos(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            if args.setting is not None:
                set_include_photos(ws, enabled=args.setting == "on")
            enabled = include_photos(ws)
        photos = "report.photos_on" if enabled else "report.photos_off"
        out.result({"include_photos": enabled}, say(photos))
        return EXIT_OK

    # --- handover -----------------------------------------------------------------------

    def handover_list(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            items = cards.handover_list(ws, include_done=args.all)
        lines = [
            f"{i.record_id[:8]}  {i.state.value:<12} {i.server_state:<18} "
            f"{i.name or '-'} ({i.desa or '-'})"
            for i in items
        ]
        out.result(
            [i.as_json() for i in items],
            "\n".join(lines) or say("handover.none"),
        )
        return EXIT_OK

    def handover_give(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            uid = _read_uid(args, out)
            check = cards.read_card_for(
                ws, args.record, uid, accept_unrecorded=args.accept_unrecorded_card
            )
            record_id = check.record_id
            out.line(_card_words(check))
            info = cards.give_card(
                ws,
                record_id,
                card_uid=uid,
                recipient=args.recipient,
                relation=Relation(args.relation),
                signature=_signature(args, out, args.recipient),
                note=args.note,
            )
        out.result(
            info.as_json(),
            say("handover.done", record=info.record_id[:8], handover=info.id[:8]),
        )
        return EXIT_OK

    def handover_courier(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            pairs = []
            for ref in args.records:
                out.line(say("handover.record", record=ref))
                uid = _read_uid(args, out)
                check = cards.read_card_for(ws, ref, uid)
                out.line(_card_words(check))
                pairs.append((check.record_id, uid))
            infos = cards.give_to_courier(
                ws,
                pairs,
                courier=args.courier,
                organisation=args.organisation,
                signature=_signature(args, out, args.courier),
            )
        out.result(
            [i.as_json() for i in infos],
            say(
                "handover.courier",
                n=len(infos),
                courier=args.courier,
                organisation=args.organisation,
            ),
        )
        return EXIT_OK

    def handover_delivered(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            signature = _signature(args, out, args.recipient) if args.signed else None
            info = cards.confirm_delivery(
                ws,
                args.record,
                recipient=args.recipient,
                relation=Relation(args.relation),
                signature=signature,
                note=args.note,
            )
        out.result(info.as_json(), say("handover.delivered", record=info.record_id[:8]))
        return EXIT_OK

    # --- referral -----------------------------------------------------------------------

    def referral_mark(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            entry = referral.mark(ws, args.target, note=args.note)
        out.result(entry.as_json(), say("referral.marked", target=entry.target_id[:8]))
        return EXIT_OK

    def referral_list(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            if args.candidates:
                ids = referral.candidates(ws, args.visit)
                out.result({"candidates": ids}, "\n".join(ids) or say("referral.no_candidate"))
                return EXIT_OK
            entries = referral.list_referrals(ws)
        out.result(
            [e.as_json() for e in entries],
            "\n".join(f"{e.target_id[:8]}  {e.name} ({e.desa or '-'})" for e in entries)
            or say("referral.none"),
        )
        return EXIT_OK

    def referral_export(self, args: argparse.Namespace, out: Output) -> int:
        write = referral.export_csv if args.format == "csv" else referral.export_pdf
        with self._login(args) as ws:
            path = write(ws, Path(args.out))
        out.result({"format": args.format, "path": str(path)}, say("report.wrote", path=path))
        return EXIT_OK
