"""The review screen's words: target and sarpras states, revisit sources, a record's flags.

Apart from the screen's layout because they change with the core (a new state,
flag or exception reason in ``fieldkit.review`` or the enrollment's codes), not
when the screen is rearranged.  They keep the screen's translation context
(``ReviewPage``), so the catalogue's translations carry over.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from fieldkit.review import day, queue, revisits
from ui.design.pill import PillKind, Word, pill_texts
from ui.nik_catalogue import stored_finding_text

#: A bare call, which lupdate extracts with its literal context.
translate = QCoreApplication.translate

#: The pill of each of a person's states that is no fixed :class:`Word`: its kind and symbol.
#: The symbols are the enrollment list's own (⌂ not at home) and the flag's (⚑), so a
#: state looks the same on Perekaman and on Tinjauan.
STATE_LOOKS: dict[day.TargetState, tuple[PillKind, str]] = {
    day.TargetState.AWAITING_REVIEW: (PillKind.WARNING, "⚑"),
    day.TargetState.NOT_AT_HOME: (PillKind.WARNING, "⌂"),
    day.TargetState.NOT_YET: (PillKind.NEUTRAL, "○"),
    day.TargetState.OTHER: (PillKind.NEUTRAL, "•"),
}
#: The states the fixed words name, worded as on every other screen.
STATE_WORDS = {
    day.TargetState.RECORDED: Word.RECORDED,
    day.TargetState.RETURNED: Word.RETURNED,
    day.TargetState.REJECTED: Word.REJECTED,
}


class ReviewWords:
    """Each code the review screen shows, in words; translated when made (one language a run)."""

    def __init__(self) -> None:
        self.states = {
            day.TargetState.RECORDED: translate("ReviewPage", "recorded"),
            day.TargetState.AWAITING_REVIEW: translate("ReviewPage", "waiting for review"),
            day.TargetState.RETURNED: translate("ReviewPage", "returned"),
            day.TargetState.REJECTED: translate("ReviewPage", "rejected by the data center"),
            day.TargetState.NOT_AT_HOME: translate("ReviewPage", "not at home"),
            day.TargetState.NOT_YET: translate("ReviewPage", "not yet"),
            day.TargetState.OTHER: translate("ReviewPage", "other outcome"),
        }
        # What each empty list says: why nothing is there, and where its rows come from.
        self.empty_day = (
            translate("ReviewPage", "Nobody is to be visited today."),
            translate(
                "ReviewPage",
                "The people of today's visits appear here once their list is imported"
                " in Planning → Targets.",
            ),
        )
        self.empty_review = (
            translate("ReviewPage", "No record waits for review."),
            translate(
                "ReviewPage",
                "Records the petugas finish with a flag (an exception, a thumbprint,"
                " a guardian's consent) appear here.",
            ),
        )
        self.empty_revisits = (
            translate("ReviewPage", "Nobody is on the revisit list."),
            translate(
                "ReviewPage",
                "People not at home, returned for recapture or refused by the data center"
                " appear here.",
            ),
        )
        self.sarpras = {
            day.SarprasState.NOT_STARTED: translate("ReviewPage", "not started"),
            day.SarprasState.INCOMPLETE: translate("ReviewPage", "incomplete"),
            day.SarprasState.COMPLETE: translate("ReviewPage", "complete, not signed"),
            day.SarprasState.SIGNED: translate("ReviewPage", "signed"),
        }
        self.sources = {
            revisits.RevisitSource.RETURNED: translate("ReviewPage", "returned by the ketua tim"),
            revisits.RevisitSource.DATACENTER_REJECTED: translate(
                "ReviewPage", "refused by the data center"
            ),
            revisits.RevisitSource.DATACENTER_RECAPTURE: translate(
                "ReviewPage", "data center asks for a recapture"
            ),
            revisits.RevisitSource.NOT_AT_HOME: translate("ReviewPage", "not at home"),
        }
        self.contacts = {
            revisits.ContactResult.NOTIFIED: translate("ReviewPage", "family notified"),
            revisits.ContactResult.UNREACHABLE: translate("ReviewPage", "family unreachable"),
        }
        self.exceptions = {
            "amputated": translate("ReviewPage", "amputated / missing"),
            "bandaged_or_injured": translate("ReviewPage", "bandaged / injured"),
            "worn_or_unreadable": translate("ReviewPage", "worn / unreadable"),
            "tremor": translate("ReviewPage", "tremor"),
            "blind_or_eye_disease": translate("ReviewPage", "blind / eye disease"),
            "unable_to_cooperate": translate("ReviewPage", "cannot cooperate"),
            "other": translate("ReviewPage", "other"),
        }
        self.forces = {
            "worn_prints": translate("ReviewPage", "worn prints"),
            "skin_condition": translate("ReviewPage", "skin condition"),
            "cannot_cooperate": translate("ReviewPage", "cannot cooperate"),
            "eye_condition": translate("ReviewPage", "eye condition"),
            "device_limit": translate("ReviewPage", "device limit"),
            "time_limit": translate("ReviewPage", "time limit"),
            "other": translate("ReviewPage", "other"),
        }
        fingers = [
            translate("ReviewPage", "right thumb"),
            translate("ReviewPage", "right index finger"),
            translate("ReviewPage", "right middle finger"),
            translate("ReviewPage", "right ring finger"),
            translate("ReviewPage", "right little finger"),
            translate("ReviewPage", "left thumb"),
            translate("ReviewPage", "left index finger"),
            translate("ReviewPage", "left middle finger"),
            translate("ReviewPage", "left ring finger"),
            translate("ReviewPage", "left little finger"),
        ]
        self.parts = {f"finger:{n}": name for n, name in enumerate(fingers, 1)}
        self.parts |= {
            "eye:right": translate("ReviewPage", "right eye"),
            "eye:left": translate("ReviewPage", "left eye"),
            "iris": translate("ReviewPage", "both eyes"),
            "face": translate("ReviewPage", "face photo"),
            "signature": translate("ReviewPage", "signature"),
            "finger:13": translate("ReviewPage", "right four fingers"),
            "finger:14": translate("ReviewPage", "left four fingers"),
            "finger:15": translate("ReviewPage", "both thumbs"),
            queue.THUMBPRINT_PART: translate("ReviewPage", "thumbprint"),
            queue.CONSENT_PART: translate("ReviewPage", "consent letter"),
        }

    def sarpras_line(self, visit: day.DayVisit) -> str:
        """A visit's equipment, and a warning where recording began with it unchecked.

        "pengambilan belum dimulai" read as "nothing to worry about yet" while the team
        was recording with equipment nobody had checked out (issue 59 §6).
        """
        line = (
            translate("ReviewPage", "%1: taken out %2, handed back %3")
            .replace("%1", visit.desa)
            .replace("%2", self.sarpras[visit.checkout])
            .replace("%3", self.sarpras[visit.checkin])
        )
        if not visit.unchecked_equipment:
            return line
        state = self.sarpras[visit.checkout]
        if visit.override_by is not None:
            return "⚠ " + (
                translate(
                    "ReviewPage",
                    "%1: recording without the equipment check, allowed by %2 (%3);"
                    " check-out %4. Check the equipment in Sarpras.",
                )
                .replace("%1", visit.desa)
                .replace("%2", visit.override_by)
                .replace("%3", visit.override_reason or "")
                .replace("%4", state)
            )
        return "⚠ " + (
            translate(
                "ReviewPage",
                "%1: recording has started, but the equipment taken out was not checked"
                " (check-out %2). Check the equipment in Sarpras.",
            )
            .replace("%1", visit.desa)
            .replace("%2", state)
        )

    def state_pill(self, state: day.TargetState) -> tuple[str, PillKind]:
        """A person's state as a pill: its text (symbol and word) and its kind."""
        word = STATE_WORDS.get(state)
        if word is not None:
            return pill_texts(word)
        kind, symbol = STATE_LOOKS[state]
        return f"{symbol} {self.states[state]}", kind

    def flag(self, detail: dict[str, str | None], *, full: bool = False) -> str:
        """One flag of a record in words (never a code), with the officer's own reason.

        ``full``: also what the ketua tim checks a consent by (the guardian's NIK, whether
        the letter was photographed), for the chosen record; the list keeps a line each.
        """
        kind, code, text = detail.get("kind"), detail.get("code") or "", detail.get("text")
        part = self.parts.get(detail.get("part") or "", detail.get("part") or "")
        own = f" ({text})" if text else ""
        if kind == "exception":
            permanent = detail.get("permanence") == "permanent"
            lasting = (
                translate("ReviewPage", "permanent")
                if permanent
                else translate("ReviewPage", "temporary")
            )
            reason = self.exceptions.get(code, code)
            return (
                translate("ReviewPage", "Exception, %1: %2, %3")
                .replace("%1", part)
                .replace("%2", reason)
                .replace("%3", lasting)
                + own
            )
        if kind == "forced":
            reason = self.forces.get(code, code)
            return (
                translate("ReviewPage", "%1 kept below the threshold: %2")
                .replace("%1", part)
                .replace("%2", reason)
                + own
            )
        if kind == "signature":
            return translate("ReviewPage", "Thumbprint instead of a signature") + own
        if kind == "nik_warning":
            stored = detail.get("params")
            if stored is not None:  # a finding's code and params, worded here
                text = stored_finding_text(detail.get("wording") or "", stored)
            kept = detail.get("reason")
            because = (
                translate("ReviewPage", "; kept by the petugas because: %1").replace("%1", kept)
                if kept
                else ""
            )
            return translate("ReviewPage", "NIK warning") + (f": {text}" if text else "") + because
        if kind == "consent":
            return self._consent(detail, full=full)
        return translate("ReviewPage", "Other flag")

    def _consent(self, detail: dict[str, str | None], *, full: bool) -> str:
        """Who consented for the person, as recorded: name, relation, NIK, the letter's photo.

        A record sealed before the name was kept has the relation alone, as ``text``.
        """
        who = (
            translate("ReviewPage", "a guardian (wali)")
            if detail.get("code") == "guardian"
            else translate("ReviewPage", "a carer")
        )
        words = translate("ReviewPage", "Consent given by %1").replace("%1", who)
        name, relation = detail.get("name"), detail.get("relation") or detail.get("text")
        if name and relation:
            words += ": " + translate("ReviewPage", "%1, %2 of the person").replace(
                "%1", name
            ).replace("%2", relation)
        elif relation:
            words += f" ({relation})"
        if not full:
            return words
        if detail.get("nik_masked"):
            words += "; " + translate("ReviewPage", "NIK %1").replace(
                "%1", detail["nik_masked"] or ""
            )
        if detail.get("photo") == "yes":
            words += "; " + translate("ReviewPage", "the letter's photo is below")
        elif detail.get("photo") == "no":
            words += "; " + translate("ReviewPage", "no photo of a consent letter was taken")
        return words
