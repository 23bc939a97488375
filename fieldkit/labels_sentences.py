"""Labels the core and the screens share (context "labels"): roles, place types, categories.

Each ``translate(context, English, code)`` is written once, here, beside the code that
raises or prints it; Qt's lupdate extracts it into ``assets/i18n/fieldkit_id.ts`` for the
screens, and :mod:`fieldkit.sentences` renders its English for logs, the CLI and ``--json``.
docs/architecture.md, "How to add a sentence", says how to add one.
"""

from __future__ import annotations

from fieldkit.sentences import translate

translate("labels", "Recording officer", "role.petugas")
translate("labels", "Team lead", "role.ketua_tim")
translate("labels", "Operator", "role.operator")
translate("labels", "Admin", "role.admin")
translate("labels", "Village or kelurahan office", "place_type.kantor_desa")
translate("labels", "Targets' homes (door to door)", "place_type.rumah")
translate("labels", "Hospital", "place_type.rumah_sakit")
translate("labels", "Care home (panti)", "place_type.panti")
translate("labels", "Other place", "place_type.lainnya")
translate("labels", "Village government", "requester_type.desa")
translate("labels", "Kelurahan", "requester_type.kelurahan")
translate("labels", "Hospital", "requester_type.rumah_sakit")
translate("labels", "Care home (panti)", "requester_type.panti")
translate("labels", "Social affairs office (Dinas Sosial)", "requester_type.dinsos")
translate("labels", "Other agency", "requester_type.lainnya")
translate("labels", "elderly", "category.lansia")
translate("labels", "disability", "category.disabilitas")
translate("labels", "mental illness", "category.odgj")
translate("labels", "bed-bound", "category.terbaring")
translate("labels", "other", "category.lainnya")
translate("labels", "The card's owner", "relation.self")
translate("labels", "Guardian (wali / pengampu)", "relation.guardian")
translate("labels", "Family", "relation.family")
translate("labels", "Village or kelurahan officer", "relation.village_officer")
translate("labels", "Courier", "relation.courier")
translate("labels", "waiting for handover", "handover_state.ready")
translate("labels", "with the courier", "handover_state.with_courier")
translate("labels", "handed over", "handover_state.handed_over")
