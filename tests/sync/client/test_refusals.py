"""A data center's refusal reaches the laptop as its reason code and details, never its English."""

from __future__ import annotations

import httpx

from sync.client.errors import SyncReason
from sync.client.transport import error_from_response


def _answer(status: int, body: dict[str, object]) -> httpx.Response:
    return httpx.Response(status, json=body)


def test_a_known_reason_is_worded_by_the_catalogue_not_by_the_servers_message() -> None:
    error = error_from_response(
        _answer(
            409,
            {"reason": "code_used", "message": "SERVER WORDS", "hint": "SERVER HINT"},
        )
    )
    assert (error.reason, error.server_reason, error.status) == (
        SyncReason.REFUSED,
        "code_used",
        409,
    )
    assert error.message == "This enrollment code has already been used."
    assert error.hint == "Ask the operator for a new code."
    assert "SERVER" not in str(error.as_dict())


def test_a_reason_from_a_newer_data_center_is_named_by_its_code() -> None:
    error = error_from_response(_answer(400, {"reason": "quota_reached", "message": "Quota."}))
    assert error.reason is SyncReason.REFUSED
    assert error.message == "The data center refused the request. (quota_reached)"
    assert "Quota." not in str(error.as_dict())


def test_a_clock_refusal_says_how_far_off_the_laptop_is_from_the_details() -> None:
    body = {
        "reason": "clock_skew",
        "message": "SERVER WORDS",
        "details": {"skew_s": -7200, "window_s": 300},
        "server_timestamp": 1_800_000_000,
    }
    error = error_from_response(_answer(401, body))
    assert (error.reason, error.detail) == (SyncReason.CLOCK_SKEW, "clock_behind.hours")
    assert error.message == "The laptop's clock is 2.0 hours (7200 s) behind the data center's."
    assert error.details["server_timestamp"] == 1_800_000_000


def test_an_answer_that_is_not_json_is_a_plain_refusal() -> None:
    error = error_from_response(httpx.Response(418, text="teapot"))
    assert (error.reason, error.server_reason) == (SyncReason.REFUSED, None)
    assert error.message == "The data center refused the request."
