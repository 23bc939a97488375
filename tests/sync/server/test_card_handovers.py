"""``POST /v1/handovers`` (issue 49 §2): the laptop reports where each printed card went.

The real service over HTTPS, on SQLite and PostgreSQL; records made by the protocol
itself and printed with the real ``records set-state``.  Each event is kept once
(resends, and two resends at the same moment); an event for a record not printed, or
not this laptop's, is refused alone; a malformed report is refused whole, said in the
catalogue's words; an unsigned or forged request is refused before anything is read.
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric import ed25519

from fieldkit import sentences
from sync.protocol import HANDOVERS_PATH, MAX_HANDOVER_EVENTS
from sync.server.cards import handovers_sentences
from tests.atonce import at_once
from tests.sync.server.dcsupport import (
    DataCenterProcess,
    Laptop,
    new_code,
    searched,
    set_state,
)

if TYPE_CHECKING:
    import httpx

assert handovers_sentences  # the refusals' words are registered

OK, BAD, UNAUTHORIZED, UNPROCESSABLE = 200, 400, 401, 422


def _event(record_id: str, outcome: str = "owner", **changed: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "event_id": str(uuid.uuid4()),
        "record_id": record_id,
        "outcome": outcome,
        "receiver_role": "Pemilik KTP-el",
        "handed_over_on": "2026-11-20",
        "courier_receipt": None,
    }
    return event | changed


def _post(laptop: Laptop, events: list[dict[str, Any]]) -> httpx.Response:
    body = json.dumps({"events": events}).encode()
    return laptop.signed("POST", HANDOVERS_PATH, body, headers={"content-type": "application/json"})


def _printed(datacenter: DataCenterProcess, laptop: Laptop, state: str = "PRINTED") -> str:
    record = laptop.seal()
    laptop.sync(record)
    searched(datacenter, record.record_id)
    set_state(
        datacenter, record.record_id, *{"PRINTED": ["PRINTED"]}.get(state, ["PRINTED", state])
    )
    return record.record_id


def _kept(datacenter: DataCenterProcess, device_id: str) -> list[dict[str, Any]]:
    engine = sa.create_engine(datacenter.database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT event_id, record_id, outcome, receiver_role, handed_over_on,"
                    " courier_receipt FROM card_handovers WHERE device_id = :d"
                    " ORDER BY handed_over_on, event_id"
                ),
                {"d": device_id},
            ).mappings()
            return [dict(r) for r in rows]
    finally:
        engine.dispose()


def _verdicts(response: httpx.Response) -> list[tuple[str, str, str | None]]:
    assert response.status_code == OK, response.text
    return [(v["event_id"], v["verdict"], v.get("reason")) for v in response.json()["verdicts"]]


def test_events_of_printed_cards_are_kept_with_no_name(
    datacenter: DataCenterProcess, laptop: Laptop
) -> None:
    printed = _printed(datacenter, laptop)
    ready = _printed(datacenter, laptop, "READY_FOR_HANDOVER")
    courier = _event(ready, "courier", receiver_role="Kurir", courier_receipt="b7d1e2")
    owner = _event(printed, "family", receiver_role="Wali/pengampu", handed_over_on="2026-11-21")
    answer = _verdicts(_post(laptop, [courier, owner]))
    assert answer == [(courier["event_id"], "stored", None), (owner["event_id"], "stored", None)]
    kept = _kept(datacenter, laptop.device_id)
    assert [(k["record_id"], k["outcome"], k["receiver_role"]) for k in kept] == [
        (ready, "courier", "Kurir"),
        (printed, "family", "Wali/pengampu"),
    ]
    assert kept[0]["courier_receipt"] == "b7d1e2"
    # Nothing but these columns exists to hold a receiver: no name can be kept.
    engine = sa.create_engine(datacenter.database_url)
    with engine.connect() as conn:
        columns = {c["name"] for c in sa.inspect(conn).get_columns("card_handovers")}
    engine.dispose()
    assert not any("name" in column for column in columns)


def test_the_same_events_sent_again_are_kept_once(
    datacenter: DataCenterProcess, laptop: Laptop
) -> None:
    record = _printed(datacenter, laptop)
    event = _event(record)
    assert _verdicts(_post(laptop, [event])) == [(event["event_id"], "stored", None)]
    again = _verdicts(_post(laptop, [event, event]))
    assert again == [(event["event_id"], "already_stored", None)] * 2
    assert [k["event_id"] for k in _kept(datacenter, laptop.device_id)] == [event["event_id"]]


def test_an_event_for_a_record_not_printed_or_unknown_is_refused_alone(
    datacenter: DataCenterProcess, laptop: Laptop
) -> None:
    printed = _printed(datacenter, laptop)
    accepted = laptop.seal()
    laptop.sync(accepted)
    events = [
        _event(accepted.record_id),
        _event(str(uuid.uuid4())),
        _event(printed),
    ]
    answer = _verdicts(_post(laptop, events))
    assert [(verdict, reason) for _id, verdict, reason in answer] == [
        ("refused", "record_not_printed"),
        ("refused", "record_unknown"),
        ("stored", None),
    ]
    assert [k["record_id"] for k in _kept(datacenter, laptop.device_id)] == [printed]


def test_another_laptops_record_is_unknown_to_this_one(
    datacenter: DataCenterProcess, laptop: Laptop
) -> None:
    record = _printed(datacenter, laptop)
    with datacenter.client() as client:
        other = Laptop(client)
        other.enroll(new_code(datacenter))
        answer = _verdicts(_post(other, [_event(record)]))
    assert [(v, r) for _i, v, r in answer] == [("refused", "record_unknown")]
    assert _kept(datacenter, other.device_id) == []


def _refusal(code: str, params: dict[str, object]) -> tuple[int, str, str]:
    return BAD, code, sentences.english("errors", code, params)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda _e: [],
            _refusal("datacenter_handovers_empty", {}),
        ),
        (
            lambda e: [e] * (MAX_HANDOVER_EVENTS + 1),
            _refusal("datacenter_handovers_too_many", {"max": MAX_HANDOVER_EVENTS}),
        ),
        (
            lambda e: [e, e | {"outcome": "tetangga"}],
            _refusal(
                "datacenter_handover_outcome_unknown",
                {"outcome": "tetangga", "known": "courier, desa, family, kecamatan, owner"},
            ),
        ),
        (
            lambda e: [e, e | {"receiver_role": "  "}],
            _refusal("datacenter_handover_field_missing", {"field": "receiver_role"}),
        ),
        (
            lambda e: [e, e | {"receiver_role": "x" * 81}],
            _refusal("datacenter_handover_field_too_long", {"field": "receiver_role", "max": 80}),
        ),
        (
            lambda e: [e, e | {"outcome": "courier", "courier_receipt": None}],
            _refusal("datacenter_handover_courier_receipt_missing", {}),
        ),
        (
            lambda e: [e, e | {"handed_over_on": "20-11-2026"}],
            _refusal("datacenter_handover_date_invalid", {"date": "20-11-2026"}),
        ),
        (
            lambda e: [e, e | {"handed_over_on": "2999-01-01"}],
            _refusal("datacenter_handover_date_invalid", {"date": "2999-01-01"}),
        ),
        (
            lambda e: [e, e | {"event_id": "../x"}],
            _refusal("datacenter_handover_field_invalid", {"field": "event_id"}),
        ),
    ],
    ids=[
        "empty",
        "too_many",
        "outcome",
        "role_missing",
        "role_long",
        "receipt_missing",
        "date_shape",
        "date_future",
        "event_id",
    ],
)
def test_a_malformed_report_is_refused_whole_with_its_reason(
    datacenter: DataCenterProcess,
    laptop: Laptop,
    change: Any,
    expected: tuple[int, str, str],
) -> None:
    record = _printed(datacenter, laptop)
    good = _event(record)
    response = _post(laptop, change(good))
    status, code, message = expected
    assert response.status_code == status, response.text
    body = response.json()
    assert (body["details"]["code"], body["message"]) == (code, message)
    assert _kept(datacenter, laptop.device_id) == [], "nothing of the report was kept"


def test_a_report_of_the_wrong_shape_is_refused(
    datacenter: DataCenterProcess, laptop: Laptop
) -> None:
    record = _printed(datacenter, laptop)
    response = _post(laptop, [{**_event(record), "handed_over_on": 20261120}])
    assert response.status_code == UNPROCESSABLE, response.text
    assert _kept(datacenter, laptop.device_id) == []


def test_an_unsigned_or_forged_report_is_refused(
    datacenter: DataCenterProcess, laptop: Laptop
) -> None:
    record = _printed(datacenter, laptop)
    body = json.dumps({"events": [_event(record)]}).encode()
    unsigned = laptop.client.post(
        HANDOVERS_PATH, content=body, headers={"content-type": "application/json"}
    )
    forged = laptop.signed(
        "POST",
        HANDOVERS_PATH,
        body,
        key=ed25519.Ed25519PrivateKey.generate(),
        headers={"content-type": "application/json"},
    )
    assert unsigned.status_code == UNAUTHORIZED, unsigned.text
    assert forged.status_code == UNAUTHORIZED, forged.text
    assert forged.json()["reason"] == "auth_invalid"
    assert _kept(datacenter, laptop.device_id) == []


def test_two_pushes_of_the_same_events_at_the_same_moment_keep_them_once(
    datacenter: DataCenterProcess, laptop: Laptop
) -> None:
    records = [_printed(datacenter, laptop) for _ in range(3)]
    events = [_event(r) for r in records]

    def push() -> list[str]:
        with datacenter.client() as client:
            twin = Laptop(client)
            twin.key, twin.device_id = laptop.key, laptop.device_id
            return [verdict for _i, verdict, _r in _verdicts(_post(twin, events))]

    first, second = at_once([push, push])
    assert sorted([*first, *second]) == ["already_stored"] * 3 + ["stored"] * 3
    assert {first.count("stored"), second.count("stored")} <= {0, 3}, "one transaction each"
    assert sorted(k["event_id"] for k in _kept(datacenter, laptop.device_id)) == sorted(
        e["event_id"] for e in events
    )
