"""Issue 47, finding B3: the office's commands say that nothing reaches a laptop until the
office code is set.

The data center makes no office package without its office code, so officers, rules and
a plan saved before it reach no laptop; a first day that followed README added officers
first and no laptop ever saw them, with nothing said.  Each ``officers``, ``rules``,
``regions``, ``release`` and ``plan`` command still does its work, and says so on stderr
(``--json`` on stdout stays one document) until ``fieldkit-datacenter office set``.
Each command is a process of its own (about ten seconds each on a loaded machine), so
the test runs the ones README's first day uses, and ``plan list`` after the code is set.
The real CLI on a real data directory (SQLite).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from fieldkit import sentences
from tests.sync.client.officesupport import targets_file
from tests.sync.server.dcsupport import dc_cli

if TYPE_CHECKING:
    import subprocess
    from pathlib import Path

#: The warning, as the command line prints it (its catalogue sentence).
WARNING = sentences.english("cli", "dc.office_not_set_yet")


def _run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = dc_cli(data, *args)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done


def _plan(data: Path, tmp_path: Path) -> list[subprocess.CompletedProcess[str]]:
    """A request, a visit for Rudi and Sari, its targets and the plan's list."""
    request = _run(
        data, "plan", "request", "add", "--number", "470/1/2026", "--date", "2026-11-20",
        "--requester-type", "desa", "--requester-name", "Desa Sumberjo", "--region", "331501",
    )  # fmt: skip
    visit = _run(
        data, "plan", "visit", "add", "--request", request.stdout.strip(), "--date",
        "2026-11-27", "--time", "08:30", "--place-type", "kantor_desa", "--desa-name",
        "Sumberjo", "--kecamatan-code", "331501", "--terrain", "mudah",
        "--team", "rudi:ketua_tim", "--team", "sari:petugas",
    )  # fmt: skip
    csv = targets_file(tmp_path / "sasaran.csv", 1)
    targets = _run(data, "plan", "targets", "import", visit.stdout.strip(), str(csv))
    return [request, visit, targets, _run(data, "plan", "list")]


def test_every_steering_command_says_nothing_reaches_the_laptops_until_office_set(
    tmp_path: Path,
) -> None:
    data = tmp_path / "dc"
    added = dc_cli(
        data, "officers", "add", "rudi", "--role", "ketua_tim", "--name", "Rudi", "--json"
    )
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["username"] == "rudi"  # stdout is still one document
    steering = [
        added,
        _run(data, "officers", "add", "sari", "--role", "petugas", "--name", "Sari"),
        _run(data, "rules", "set", "--threshold", "face=61"),
        *_plan(data, tmp_path),
    ]
    for done in steering:
        assert WARNING in done.stderr, (done.args, done.stderr)
        assert WARNING not in done.stdout, done.args
    assert "office set CODE" in WARNING
    # What only reads the office's settings says it its own way ("office show").
    assert WARNING not in _run(data, "office", "show").stderr

    _run(data, "office", "set", "3315", "--name", "Disdukcapil Kabupaten Grobogan")
    after = [
        _run(data, "officers", "add", "budi", "--role", "petugas", "--name", "Budi"),
        _run(data, "plan", "list"),
    ]
    for done in after:
        assert WARNING not in done.stderr, (done.args, done.stderr)
    # The work done before the code was set was kept, and now goes out with the package.
    officers = json.loads(_run(data, "officers", "list", "--json").stdout)
    assert [o["username"] for o in officers] == ["budi", "rudi", "sari"]
