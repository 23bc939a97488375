"""The ABIS hand-on's sentences: MOSIP's ABIS API, its folder queue, the ``abis`` commands.

``fieldkit-datacenter``'s lines ("cli", ``dc.*``) and refusals ("errors") of this room.
Each ``translate(context, English, code)`` is written once, here, in the room that raises
or prints it; Qt's lupdate extracts it into ``assets/i18n/fieldkit_id.ts`` for the
screens, and :mod:`fieldkit.sentences` renders its English for logs, the CLI and ``--json``.
:mod:`sync.server` imports every room's sentences, so all are registered together.
docs/architecture.md, "How to add a sentence", says how to add one.
"""

from __future__ import annotations

from fieldkit.sentences import translate

# --- the hand-on to an ABIS: MOSIP's ABIS API over a folder queue (sync.server.dedup.abis) ---
translate(
    "errors",
    "The ABIS message is larger than {max} bytes, so it is not one; it was refused.",
    "abis_message_too_large",
)
translate(
    "errors",
    "The ABIS message is not a JSON object; it was refused.",
    "abis_not_json",
)
translate(
    "errors",
    "The ABIS message has a field the ABIS API v1.1 does not know ({field}); it was refused.",
    "abis_field_unknown",
)
translate(
    "errors",
    "The ABIS message lacks its {field}; it was refused.",
    "abis_field_missing",
)
translate(
    "errors",
    "The ABIS message's {field} is not of the ABIS API's form; it was refused.",
    "abis_field_invalid",
)
translate(
    "errors",
    "The ABIS message's id {value} is none of the ABIS API's operations (insert, identify, "
    "delete, ping, pendingJobs, referenceCount); it was refused.",
    "abis_id_invalid",
)
translate(
    "errors",
    "The ABIS message's version {value} is not 1.1; it was refused.",
    "abis_version_invalid",
)
translate(
    "errors",
    "The ABIS answer's returnValue {value} is neither 1 (success) nor 2 (failure); it was refused.",
    "abis_return_value_invalid",
)
translate(
    "errors",
    "The ABIS answer's failureReason {value} is not one of the ABIS API's (1 to 18); "
    "it was refused.",
    "abis_failure_reason_invalid",
)
translate(
    "errors",
    "The ABIS answer counts {count} candidates but lists {listed}; it was refused.",
    "abis_count_mismatch",
)
translate(
    "errors",
    "The ABIS answer is for request {request_id}, which this data center never sent; "
    "it was refused and nothing was decided.",
    "abis_request_unknown",
)
translate(
    "errors",
    "The ABIS answer to request {request_id} is not for a {operation}; it was refused and "
    "nothing was decided.",
    "abis_operation_mismatch",
)
translate(
    "errors",
    "Request {request_id} was answered already; this second answer was refused and "
    "nothing was decided again.",
    "abis_answer_replayed",
)
translate(
    "errors",
    "{folder} is not a folder (a file, or a link to another place); the ABIS queue needs "
    "a folder of its own.",
    "abis_queue_not_a_folder",
)
translate(
    "errors",
    "The ABIS could not take this reference; its answer gives the failure reason.",
    "abis_engine_refused",
)
# An ENROLL_FAILURE's words from an ABIS's answer, for the team (the laptop shows them).
translate(
    "abis",
    "The office's search found no biometric data in this record. Record the fingers, "
    "face and eyes again.",
    "abis.failure_11",
)
translate(
    "abis",
    "The office's search could not read this record's biometric images. Record the "
    "fingers, face and eyes again.",
    "abis.failure_16",
)
translate(
    "abis",
    "The office's search found this record's biometric images of too low a quality. "
    "Record the fingers, face and eyes again, with care.",
    "abis.failure_18",
)
# fieldkit-datacenter abis submit / answer / collect / status
translate("cli", "{record}: {reference} -> ABIS queue", "dc.abis_sent")
translate("cli", "{record}: not sent ({code})", "dc.abis_skipped")
translate("cli", "No record is waiting for the ABIS.", "dc.abis_none_waiting")
translate(
    "cli",
    "The office's search answered {count} requests; it holds {held} references.",
    "dc.abis_answered",
)
translate("cli", "{record}: the ABIS answered {verdict}", "dc.abis_decided")
translate("cli", "{file}: refused ({code})", "dc.abis_refused")
translate("cli", "No answer from the ABIS is waiting.", "dc.abis_nothing_answered")
translate(
    "cli",
    "ABIS queue {folder}: {open} requests not answered yet ({requests} in requests/, "
    "{answers} answers in responses/), {refused} files refused.",
    "dc.abis_status",
)
translate(
    "errors",
    "Give the ABIS queue's folder: --abis-queue DIR, or FIELDKIT_DATACENTER_ABIS_QUEUE.",
    "abis_queue_not_set",
)
# --- issue 61.4 and issue 57 (holes 4, 6, 11): the whole ABIS API, its folder's files ---
translate(
    "errors",
    "The ABIS answer's {field} is not a finite number (NaN or infinity decides nothing); "
    "it was refused and nothing was decided.",
    "abis_score_not_finite",
)
translate(
    "errors",
    "{file} in the ABIS queue's {folder} is not a plain file (a link, a second name of "
    "another file, a folder or a pipe); it was not read.",
    "abis_file_not_regular",
)
translate(
    "errors",
    "Another process is answering with the office's search in {folder} already; one at a "
    "time (stop it first, or let it answer).",
    "abis_engine_busy",
)
translate(
    "errors",
    "Record {record} was sent to the ABIS by another submit at the same moment; it was "
    "not sent twice.",
    "abis_already_sent",
)
translate("cli", "{record}: {reference} leaves the ABIS's gallery (delete)", "dc.abis_deleted")
translate(
    "cli",
    "No keys were in this data folder: made them in {folder}, as serve does at its first "
    "start. Keep them (and the passphrase) as the data center's own.",
    "dc.abis_keys_made",
)
translate(
    "cli",
    "Answering the ABIS queue {folder} with the office's search ({held} references held); "
    "Ctrl+C stops it.",
    "dc.abis_watching",
)
translate("cli", "{request}: {operation} answered {value}", "dc.abis_answered_one")
translate(
    "cli",
    "Stopped: {count} requests answered; the office's search holds {held} references.",
    "dc.abis_stopped",
)
translate(
    "cli",
    "{file}: an answer to a ping, pendingJobs or referenceCount, left for whoever asked",
    "dc.abis_left",
)
