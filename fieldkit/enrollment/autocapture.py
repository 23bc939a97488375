"""Auto-capture: a capture step takes its capture by itself, hands-free.

The petugas's hands are busy holding a bed-bound person's hand on the scanner, so a
step should not wait for a click once the person is ready.  Two ways, by device:

* **A steady spell** (cameras, single-finger sensors: whatever has a live verdict in the
  preview).  :class:`SteadySpell` watches the preview's live verdicts; once they have
  stayed good for the office's ``steady_s`` without a bad one in between, it fires, once
  for the step (a latch), and the screen captures as if Rekam were pressed.  A bad
  verdict restarts the spell; a new slot, a device error or auto-capture switched off
  disarms it until the next slot.
* **The device's own auto-capture** (a MOSIP SBI slap scanner or dual-iris camera,
  whose RCAPTURE waits for ``requestedScore`` within its timeout; a signature pad, which
  ends when the pen has been lifted): the screen starts the capture on entering the step
  and the device waits for the person.

Either way the still that comes back is judged *before* anything is recorded
(:func:`capture_when_good`): the live verdict said good, but the person may have
blinked, or lifted the finger, between the verdict and the shutter.  A bad still, or a
signature whose pen never left the pad, records nothing (no attempt is used up) and the
step keeps waiting.  Pressing Rekam still records whatever the device gives, as before.

The rule (on/off, the steady spell) is the office's, in the store's settings table,
read once per person; the petugas can switch it off for one restless person on the
step itself.  It travels like the co-sign rule: the office sets it in its package
(``rules.autocapture``, ``rules.autocapture_steady_s``), a laptop admin changes it with
:func:`set_rule` (Pengaturan, ``fieldkit enrollment rules --autocapture``), audited.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from fieldkit import audit, office_sent
from fieldkit.enrollment import capture

# The rule lives apart: the data center reads it without the capture machinery.
from fieldkit.enrollment.autocapture_rule import (
    DEFAULT_STEADY_S,
    ON_KEY,
    STEADY_KEY,
    AutoCaptureRule,
)
from fieldkit.events import RulesChanged
from fieldkit.officers import require_role
from fieldkit.permissions import ADMINISTRATORS
from fieldkit.store.models import Setting

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import Session

    from drivers.base import CancelToken, ImageDevice
    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

#: How long the device's own auto-capture waits for the person in one go (a finger on
#: the platen, a pen on the pad); then it asks again, until the step changes.
DEVICE_WAIT_S = 15.0
#: Bad stills in a row before auto-capture gives the step back to the petugas: a person
#: whose prints are worn never gives a good one, and the device should not keep trying.
MAX_MISSES = 3


def load_rule(session: Session) -> AutoCaptureRule:
    """The office's rule from the settings table; the defaults for what is not set."""
    on = session.get(Setting, ON_KEY)
    steady = session.get(Setting, STEADY_KEY)
    return AutoCaptureRule(
        on=on is None or on.value.strip().lower() not in {"0", "false", "off", "no"},
        steady_s=float(steady.value) if steady is not None else DEFAULT_STEADY_S,
    )


def store_rule(
    session: Session, *, on: bool | None = None, steady_s: float | None = None
) -> AutoCaptureRule:
    """Change the rule (the caller checks the role and audits, as for the quality policy)."""
    current = load_rule(session)
    rule = AutoCaptureRule(
        on=current.on if on is None else on,
        steady_s=current.steady_s if steady_s is None else steady_s,
    )  # validates the range before anything is written
    # "1"/"0", as the office package writes it (``fieldkit.office.apply``): the same
    # rule sent again is then no change.
    session.merge(Setting(key=ON_KEY, value="1" if rule.on else "0"))
    session.merge(Setting(key=STEADY_KEY, value=f"{rule.steady_s:g}"))
    session.flush()
    return rule


def current_rule(ws: Workspace) -> AutoCaptureRule:
    with ws.transaction() as session:
        return load_rule(session)


def set_rule(
    ws: Workspace, *, on: bool | None = None, steady_s: float | None = None
) -> AutoCaptureRule:
    """Change auto-capture on this laptop (admin only, audited); None leaves a part as it is.

    What the office's package set binds the laptop's admin as the co-sign rule does:

    * **on/off** is stored as 1 or 0, and the office's value is a ceiling
      (``office_sent.refuse_above``): an office "off" is a floor the admin cannot lift
      (hands-free capture is the looser way: no click confirms the moment), an office
      "on" may still be switched off here.
    * **the steady spell** has no stricter side (a longer one asks more of a tired person,
      a shorter one catches a swaying head), so the office's value is the value, word for
      word (``office_sent.refuse_change``, as for the letterhead); the admin may set it
      only while the office has not.

    Refused: a role other than admin, a spell outside :data:`STEADY_RANGE_S`
    (``autocapture_steady_range``), a change against the office (``rule_set_by_office``).
    Nothing is stored when any part is refused.
    """
    require_role(ws.officer, *ADMINISTRATORS)
    with ws.transaction() as session:
        before = load_rule(session)
        if on is not None:
            office_sent.refuse_above(session, ON_KEY, int(on))
        if steady_s is not None:
            AutoCaptureRule(on=before.on, steady_s=steady_s)  # the range, before the office
            office_sent.refuse_change(session, STEADY_KEY, steady_s)
        after = store_rule(session, on=on, steady_s=steady_s)
        changed: dict[str, str] = {}
        if after.on != before.on:
            changed["autocapture"] = f"{int(before.on)} -> {int(after.on)}"
        if after.steady_s != before.steady_s:
            changed["autocapture_steady_s"] = f"{before.steady_s:g} -> {after.steady_s:g}"
        if changed:
            audit.append(session, ws.officer.username, "settings.rules_changed", None, changed)
    if changed:
        keys = {"autocapture": ON_KEY, "autocapture_steady_s": STEADY_KEY}
        log.info("auto-capture rule changed: %s", ", ".join(sorted(changed)))
        ws.events.emit(RulesChanged(tuple(keys[name] for name in sorted(changed))))
    return after


class SteadySpell:
    """One capture step's watch over the live verdicts: fires once per slot.

    Not thread-safe: the screen feeds it from the GUI thread, one verdict at a time.
    ``now`` is a monotonic clock's reading, given by the caller so tests need no clock.
    """

    def __init__(self, rule: AutoCaptureRule) -> None:
        self.rule = rule
        self.slot: str | None = None
        self._since: float | None = None
        self._fired = False
        self._armed = False
        self._misses = 0
        #: The spell that fired last (seconds of good verdicts before the capture).
        self.last_spell_s = 0.0

    @property
    def armed(self) -> bool:
        """Watching: a slot is set, auto-capture is on and this slot has not fired yet."""
        return self._armed and not self._fired

    @property
    def fired(self) -> bool:
        return self._fired

    def start(self, slot: str) -> None:
        """A new slot on screen (or the same one again after a retry): watch afresh."""
        self.slot = slot
        self._since = None
        self._fired = False
        self._misses = 0
        self._armed = self.rule.on

    def set_on(self, *, on: bool) -> None:
        """The petugas switched auto-capture for this person (the step's checkbox)."""
        self.rule = AutoCaptureRule(on=on, steady_s=self.rule.steady_s)
        self._since = None
        self._armed = on and self.slot is not None

    def feed(self, *, good: bool, now: float) -> bool:
        """One live verdict; True exactly once, when the spell is met."""
        if not self.armed:
            return False
        if not good:
            self._since = None
            return False
        if self._since is None:
            self._since = now
        held = now - self._since
        if held < self.rule.steady_s:
            return False
        self._fired = True
        self.last_spell_s = held
        return True

    def missed(self) -> bool:
        """The still came back bad, so nothing was recorded: watch for another spell.

        False once :data:`MAX_MISSES` stills in a row were bad: auto-capture stops for
        this slot and the petugas decides (Rekam keeps a below-threshold attempt).
        """
        self._since = None
        self._misses += 1
        if self.slot is None or not self.rule.on or self._misses >= MAX_MISSES:
            self._armed = False
            return False
        self._fired = False
        self._armed = True
        return True

    def interrupted(self) -> None:
        """The preview paused (its device is reconnecting): a spell starts afresh after it.

        Still armed: the device may come back.  Without this, the first good frame after
        the gap counted the gap as held still, and the capture fired on it at once.
        """
        self._since = None

    def stop(self) -> None:
        """A device error (unplugged) or the step left: no auto-capture until the next slot."""
        self._since = None
        self._armed = False


def capture_when_good(
    ws: Workspace,
    enrollment_ref: str,
    slot_name: str,
    device: ImageDevice,
    *,
    timeout_s: float = DEVICE_WAIT_S,
    cancel: CancelToken | None = None,
    on_shot: Callable[[str], None] | None = None,
) -> capture.CaptureOutcome | None:
    """Auto-capture's capture: the outcome, or None when the still was bad (nothing kept).

    The same path as Rekam (``capture.capture``), told to judge before recording.
    """
    try:
        return capture.capture(
            ws,
            enrollment_ref,
            slot_name,
            device,
            timeout_s=timeout_s,
            cancel=cancel,
            on_shot=on_shot,
            only_if_good=True,
        )
    except capture.StillNotGood:
        log.info("auto-capture: the still of %s was not good; nothing recorded", slot_name)
        return None
