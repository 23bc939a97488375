"""The office's desa list, for the planning form's desa search (issue 36)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldkit.planning import requests

if TYPE_CHECKING:
    from fieldkit.workspace import Workspace


def test_the_office_desa_are_listed_by_name_without_other_region_levels(
    workspace: Workspace,
) -> None:
    assert requests.office_desa(workspace) == []
    requests.add_office_desa(
        workspace,
        [("3315012006", "Sumberagung"), ("331501", "Kedungjati"), ("3315012005", "sumberjo")],
    )
    assert requests.office_desa(workspace) == [
        ("3315012006", "Sumberagung"),
        ("3315012005", "sumberjo"),
    ]
