"""MOSIP's ABIS API v1.1 messages: built as the API shows them, parsed strictly.

The shapes are the API's own (docs.mosip.io "ABIS API", ``mosip/documentation``
``docs/biometrics/abis-api.md``; ``mosip/mosip-mock-services`` ``mock-abis``'s DTOs).  Each
refusal has its own code, and a request's refusal the failure reason an ABIS answers.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from fieldkit import sentences
from sync.server.dedup.abis import messages as abis
from sync.server.dedup.abis.messages import (
    AbisMessageError,
    FailureReason,
    IdentifyRequest,
    InsertRequest,
    parse_request,
    parse_response,
)

#: The API documentation's identify answer, its comments taken out (and its missing comma).
MOSIP_IDENTIFY_ANSWER = {
    "id": "mosip.abis.identify",
    "requestId": "01234567-89AB-CDEF-0123-456789ABCDEF",
    "responsetime": "2020-03-29T07:01:24.692Z",
    "returnValue": "1",
    "candidateList": {
        "count": "1",
        "candidates": [
            {
                "referenceId": "7acce7b7d-b58a-4466-a006-c79297281456",
                "analytics": {"internalScore": "112", "confidence": "90", "key1": "value1"},
                "modalities": [
                    {"biometricType": "FIR", "analytics": {"confidence": "90"}},
                    {"biometricType": "IIR", "analytics": {"internalScore": "112"}},
                    {"biometricType": "FID", "analytics": {}},
                ],
            }
        ],
        "analytics": {},
    },
}
MOSIP_INSERT_REQUEST = {
    "id": "mosip.abis.insert",
    "version": "1.1",
    "requestId": "91234567-89AB-CDEF-0123-456789ABCDEF",
    "requesttime": "2020-03-29T07:01:24.692Z",
    "referenceId": "01234567-89AB-CDEF-0123-456789ABCDEF",
    "referenceURL": "https://example.org/v1/datashare/get/mpolicy-default-abis/x",
}


def _bytes(document: Any) -> bytes:
    return json.dumps(document).encode()


def test_requests_are_built_as_the_api_shows_them_and_read_back_equal() -> None:
    insert = InsertRequest("r-1", abis.timestamp(), "FKREF", "file:///q/references/FKREF.an2")
    identify = IdentifyRequest(
        "r-2", abis.timestamp(), "FKREF", "", ("FKA", "FKB"), {"maxResults": "10"}
    )
    assert list(insert.to_json()) == list(MOSIP_INSERT_REQUEST)
    assert json.loads(abis.encode(identify)) == {
        "id": "mosip.abis.identify",
        "version": "1.1",
        "requestId": "r-2",
        "requesttime": identify.requesttime,
        "referenceId": "FKREF",
        "referenceURL": "",
        "flags": {"maxResults": "10"},
        "gallery": {"referenceIds": [{"referenceId": "FKA"}, {"referenceId": "FKB"}]},
    }
    assert identify.requesttime.endswith("Z")
    assert len(identify.requesttime) == len("2020-03-29T07:01:24.692Z")
    assert parse_request(abis.encode(insert)) == insert
    assert parse_request(abis.encode(identify)) == identify
    assert parse_request(_bytes(MOSIP_INSERT_REQUEST)).reference_url.startswith("https://")


def test_the_documentations_identify_answer_is_read_whole() -> None:
    answer = parse_response(_bytes(MOSIP_IDENTIFY_ANSWER))
    assert answer.succeeded
    [candidate] = answer.candidates
    assert candidate.reference_id == "7acce7b7d-b58a-4466-a006-c79297281456"
    assert candidate.score == 112.0
    assert [m.biometric_type for m in candidate.modalities] == ["FIR", "IIR", "FID"]
    # What this side writes, it reads back the same.
    assert parse_response(abis.encode(answer)) == answer
    failure = abis.failed("x", abis.INSERT, FailureReason.INVALID_CBEFF_FORMAT)
    assert json.loads(abis.encode(failure))["failureReason"] == "16"
    assert parse_response(abis.encode(failure)).failure_reason is FailureReason(16)


def _changed(**changes: Any) -> dict[str, Any]:
    document = json.loads(json.dumps(MOSIP_IDENTIFY_ANSWER))
    for key, value in changes.items():
        if value is None:
            document.pop(key)
        else:
            document[key] = value
    return document


_FAILED = {k: v for k, v in MOSIP_IDENTIFY_ANSWER.items() if k != "candidateList"}


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"{not json", "abis_not_json"),
        (b"\xff\xfe", "abis_not_json"),
        (_bytes([MOSIP_IDENTIFY_ANSWER]), "abis_not_json"),
        (b" " * (abis.MAX_MESSAGE_BYTES + 1), "abis_message_too_large"),
        (_bytes(_changed(id="mosip.abis.merge")), "abis_id_invalid"),
        (_bytes(_changed(id="mosip.abis.ping")), "abis_field_unknown"),
        (_bytes(_changed(id=None)), "abis_field_missing"),
        (_bytes(_changed(version="1.0")), "abis_version_invalid"),
        (_bytes(_changed(requestId=None)), "abis_field_missing"),
        (_bytes(_changed(requestId=7)), "abis_field_invalid"),
        (_bytes(_changed(responsetime=None)), "abis_field_missing"),
        (_bytes(_changed(responsetime="2020-03-29T07:01:24")), "abis_field_invalid"),
        (_bytes(_changed(returnValue=1)), "abis_return_value_invalid"),
        (_bytes(_changed(returnValue="3")), "abis_return_value_invalid"),
        (_bytes(_changed(extra="x")), "abis_field_unknown"),
        (_bytes(_changed(failureReason="7")), "abis_field_unknown"),
        (_bytes(_changed(candidateList=None)), "abis_field_invalid"),
        (_bytes(_changed(candidateList={"count": 1, "candidates": []})), "abis_field_invalid"),
        (_bytes(_changed(candidateList={"count": "2", "candidates": []})), "abis_count_mismatch"),
        (
            _bytes(_changed(candidateList={"count": "1", "candidates": [{"analytics": {}}]})),
            "abis_field_missing",
        ),
        (
            _bytes(
                _changed(
                    candidateList={
                        "count": "1",
                        "candidates": [
                            {"referenceId": "a", "modalities": [{"biometricType": "DNA"}]}
                        ],
                    }
                )
            ),
            "abis_field_invalid",
        ),
        (_bytes(_FAILED | {"returnValue": "2"}), "abis_failure_reason_invalid"),
        (
            _bytes(_FAILED | {"returnValue": "2", "failureReason": "19"}),
            "abis_failure_reason_invalid",
        ),
        (
            _bytes(_FAILED | {"returnValue": "2", "failureReason": "0"}),
            "abis_failure_reason_invalid",
        ),
        (_bytes(_FAILED | {"returnValue": "2", "failureReason": 7}), "abis_failure_reason_invalid"),
        (
            _bytes(MOSIP_IDENTIFY_ANSWER | {"returnValue": "2", "failureReason": "7"}),
            "abis_field_unknown",
        ),
        (
            _bytes(_FAILED | {"id": abis.INSERT, "candidateList": {"count": "0"}}),
            "abis_field_unknown",
        ),
    ],
)
def test_an_answer_not_of_the_api_is_refused_with_its_own_code(data: bytes, code: str) -> None:
    with pytest.raises(AbisMessageError) as refused:
        parse_response(data)
    assert refused.value.code == code
    # Every code has its words, in English for the log and the reason file.
    assert refused.value.message != code
    assert sentences.english("errors", code, refused.value.params) == refused.value.message


@pytest.mark.parametrize(
    ("change", "code", "failure"),
    [
        ({"version": "1.0"}, "abis_version_invalid", 13),
        ({"version": None}, "abis_version_invalid", 13),
        ({"id": "mosip.abis.merge"}, "abis_id_invalid", 14),
        ({"id": "mosip.abis.delete"}, "abis_field_unknown", 4),
        ({"requestId": None}, "abis_field_missing", 6),
        ({"requesttime": None}, "abis_field_missing", 9),
        ({"requesttime": "29/03/2020"}, "abis_field_invalid", 15),
        ({"referenceId": ""}, "abis_field_missing", 5),
        ({"referenceURL": None}, "abis_field_missing", 8),
        ({"gallery": {"referenceIds": []}}, "abis_field_unknown", 4),
    ],
)
def test_a_request_not_of_the_api_is_refused_with_the_failure_an_abis_answers(
    change: dict[str, Any], code: str, failure: int
) -> None:
    document = dict(MOSIP_INSERT_REQUEST)
    for key, value in change.items():
        if value is None:
            document.pop(key)
        else:
            document[key] = value
    with pytest.raises(AbisMessageError) as refused:
        parse_request(_bytes(document))
    assert (refused.value.code, int(refused.value.failure)) == (code, failure)


def test_an_identify_request_checks_its_flags_and_gallery() -> None:
    base = {k: v for k, v in MOSIP_INSERT_REQUEST.items() if k != "referenceURL"}
    base |= {"id": abis.IDENTIFY, "referenceURL": ""}
    read = parse_request(_bytes(base | {"flags": {"maxResults": "3", "targetFPIR": 30}}))
    assert isinstance(read, IdentifyRequest)
    assert read.max_results == 3
    assert read.flags["targetFPIR"] == "30"
    for bad in (
        {"flags": {"maxResults": "ten"}},
        {"flags": ["maxResults"]},
        {"gallery": {"referenceIds": "FKA"}},
        {"gallery": {"referenceIds": [{"referenceId": 5}]}},
    ):
        with pytest.raises(AbisMessageError):
            parse_request(_bytes(base | bad))


# --- the whole API: delete, ping, pendingJobs, referenceCount; an identify of a probe ------

_BASE = {
    "version": "1.1",
    "requestId": "01234567-89AB-CDEF-0123-456789ABCDEF",
    "requesttime": "2020-03-29T07:01:24.692Z",
}


def test_every_operation_of_the_api_is_read_and_written_as_the_documentation_shows_it() -> None:
    """The shapes of docs.mosip.io's "ABIS API" (v1.1): each request, each success."""
    delete = parse_request(_bytes({"id": abis.DELETE, **_BASE, "referenceId": "FKREF"}))
    assert isinstance(delete, abis.DeleteRequest)
    assert delete.reference_id == "FKREF"
    assert json.loads(abis.encode(delete)) == {"id": abis.DELETE, **_BASE, "referenceId": "FKREF"}
    for operation in (abis.PING, abis.PENDING_JOBS, abis.REFERENCE_COUNT):
        status = parse_request(_bytes({"id": operation, **_BASE}))
        assert status == abis.StatusRequest(operation, _BASE["requestId"], _BASE["requesttime"])
        assert json.loads(abis.encode(status)) == {"id": operation, **_BASE}
    answers = {
        abis.DELETE: {"returnValue": "1"},
        abis.PING: {"returnValue": "1"},
        abis.PENDING_JOBS: {"jobscount": "10", "returnValue": "1"},
        abis.REFERENCE_COUNT: {"count": "10", "returnValue": "1"},
    }
    for operation, extra in answers.items():
        document = {
            "id": operation,
            "requestId": _BASE["requestId"],
            "responsetime": "2020-03-29T07:01:24.692Z",
            **extra,
        }
        answer = parse_response(_bytes(document))
        assert answer.succeeded
        assert json.loads(abis.encode(answer)) == document  # written back key for key
    assert parse_response(_bytes(answers_of(abis.PENDING_JOBS, jobscount="3"))).jobscount == 3
    assert parse_response(_bytes(answers_of(abis.REFERENCE_COUNT, count="0"))).count == 0
    failed = abis.failed("x", abis.DELETE, FailureReason.REFERENCE_ID_NOT_FOUND)
    assert json.loads(abis.encode(failed))["failureReason"] == "12"


def answers_of(operation: str, **extra: str) -> dict[str, Any]:
    return {
        "id": operation,
        "requestId": "r",
        "responsetime": "2020-03-29T07:01:24.692Z",
        "returnValue": "1",
        **extra,
    }


@pytest.mark.parametrize(
    ("document", "code", "failure"),
    [
        ({"id": abis.DELETE, **_BASE}, "abis_field_missing", 5),
        (
            {"id": abis.DELETE, **_BASE, "referenceId": "x", "referenceURL": ""},
            "abis_field_unknown",
            4,
        ),
        ({"id": abis.PING, **_BASE, "referenceId": "x"}, "abis_field_unknown", 4),
        ({"id": abis.PENDING_JOBS, **_BASE, "version": "1.0"}, "abis_version_invalid", 13),
        ({"id": abis.REFERENCE_COUNT, "version": "1.1", "requestId": "r"}, "abis_field_missing", 9),
        # An identify needs a referenceId or a referenceURL to search.
        ({"id": abis.IDENTIFY, **_BASE, "referenceURL": ""}, "abis_field_missing", 5),
        (
            {"id": abis.IDENTIFY, **_BASE, "referenceId": None, "referenceURL": ""},
            "abis_field_missing",
            5,
        ),
    ],
)
def test_the_new_operations_refuse_what_is_not_theirs_with_the_failure_to_answer(
    document: dict[str, Any], code: str, failure: int
) -> None:
    with pytest.raises(AbisMessageError) as refused:
        parse_request(_bytes(document))
    assert (refused.value.code, int(refused.value.failure)) == (code, failure)


def test_an_identify_of_a_probe_not_inserted_names_only_its_reference_url() -> None:
    """MOSIP: "If the referenceID is omitted or NULL and the referenceURL is passed"."""
    url = "file:///q/references/PROBE.an2"
    for reference in ({}, {"referenceId": None}, {"referenceId": ""}):
        read = parse_request(
            _bytes({"id": abis.IDENTIFY, **_BASE, **reference, "referenceURL": url})
        )
        assert isinstance(read, IdentifyRequest)
        assert (read.reference_id, read.reference_url) == ("", url)
        assert json.loads(abis.encode(read))["referenceId"] is None
        assert parse_request(abis.encode(read)) == read


def test_requests_are_ordered_by_their_time_then_by_their_id() -> None:
    def request(request_id: str, when: str) -> abis.Request:
        return parse_request(
            _bytes({"id": abis.PING, **_BASE, "requestId": request_id, "requesttime": when})
        )

    late = request("a", "2026-11-27T03:00:00.500Z")
    early_in_jakarta = request("z", "2026-11-27T10:00:00.000+07:00")  # 03:00:00.000Z
    tie_b, tie_a = request("b", "2026-11-27T03:00:01Z"), request("a", "2026-11-27T03:00:01Z")
    ordered = sorted([late, tie_b, early_in_jakarta, tie_a], key=abis.order_of)
    assert [r.request_id for r in ordered] == ["z", "a", "a", "b"]
    assert ordered[1] is late


@pytest.mark.parametrize(
    "score",
    ["nan", "NaN", "inf", "-Infinity", "1e999", 1e308 * 10],
    ids=["nan", "NaN", "inf", "-Infinity", "1e999-text", "float-overflow"],
)
def test_a_score_that_is_no_finite_number_refuses_the_answer(score: object) -> None:
    """Issue 57 hole 4: "internalScore": "nan" reached a NOT NULL column and stopped collect."""
    for where in ("candidate", "modality"):
        document = json.loads(json.dumps(MOSIP_IDENTIFY_ANSWER))
        candidate = document["candidateList"]["candidates"][0]
        target = (
            candidate["analytics"]
            if where == "candidate"
            else candidate["modalities"][0]["analytics"]
        )
        target["internalScore"] = score
        data = json.dumps(document, allow_nan=True).encode()
        with pytest.raises(AbisMessageError) as refused:
            parse_response(data)
        # A bare NaN/Infinity (not JSON) is refused before: not JSON at all.
        assert refused.value.code in ("abis_score_not_finite", "abis_not_json")
        if isinstance(score, str):
            assert refused.value.code == "abis_score_not_finite"
            assert refused.value.params["field"].endswith("analytics.internalScore")
    # Words are no score, and no refusal: the adopter's own analytics.
    document = json.loads(json.dumps(MOSIP_IDENTIFY_ANSWER))
    document["candidateList"]["candidates"][0]["analytics"]["confidence"] = "high"
    assert parse_response(_bytes(document)).candidates[0].score == 112.0


@pytest.mark.parametrize("parse", [parse_request, parse_response], ids=["request", "answer"])
def test_800_kilobytes_of_nested_brackets_are_refused_not_a_crash(parse: Any) -> None:
    """Issue 57 hole 4: json.loads raised RecursionError, which nothing caught."""
    deep = b"[" * 400_000 + b"]" * 400_000
    shallow_but_deep_enough = b'{"id": "mosip.abis.ping", "x": ' + b"[" * 40 + b"]" * 40 + b"}"
    for data in (deep, shallow_but_deep_enough):
        with pytest.raises(AbisMessageError) as refused:
            parse(data)
        assert refused.value.code == "json_too_deep"
        assert sentences.english("errors", refused.value.code, refused.value.params)
