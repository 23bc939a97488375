"""No import cycle among our modules, counting the imports a function defers.

import-linter's layers contracts compare packages; a cycle between two modules
can still hide inside one package, or behind an import moved into a function
(issue 26 found a 24-file circle held together that way).  grimp reads every
import statement, wherever it is, including the ones under ``TYPE_CHECKING``,
so this test sees the graph Python would build if every function ran.
"""

from __future__ import annotations

import itertools

import grimp
import pytest

from drivers.base import Modality
from drivers.registry import available_backends, backend_class

#: The packages whose modules must form no cycle.
CHECKED = ("fieldkit", "ui", "drivers", "sync")


def cycles(graph: grimp.ImportGraph, package: str) -> list[tuple[str, ...]]:
    """One shortest cycle through each import that is part of one, duplicates dropped.

    An import ``a -> b`` is in a cycle when ``b`` leads back to ``a``; the cycle is
    ``a``, then the shortest chain from ``b`` back to ``a``.
    """
    modules = sorted(m for m in graph.modules if m == package or m.startswith(package + "."))
    seen: set[frozenset[str]] = set()
    found = []
    for importer in modules:
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            chain = graph.find_shortest_chain(importer=imported, imported=importer)
            if chain is None:
                continue
            cycle = (importer, *chain)
            if frozenset(cycle) not in seen:
                seen.add(frozenset(cycle))
                found.append(cycle)
    return found


def describe(graph: grimp.ImportGraph, cycle: tuple[str, ...]) -> str:
    """Each step of a cycle with the line that makes it."""
    steps = []
    for importer, imported in itertools.pairwise(cycle):
        details = graph.get_import_details(importer=importer, imported=imported)
        where = "; ".join(f"line {d['line_number']}: {d['line_contents']}" for d in details)
        steps.append(f"  {importer} -> {imported}  ({where})")
    return "\n".join(steps)


def build() -> grimp.ImportGraph:
    return grimp.build_graph(*CHECKED, cache_dir=None)


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return build()


@pytest.mark.parametrize("package", CHECKED)
def test_no_import_cycle(graph: grimp.ImportGraph, package: str) -> None:
    report = [
        f"cycle of {len(c) - 1} modules:\n" + describe(graph, c) for c in cycles(graph, package)
    ]
    assert not report, "\n\n".join(report)


def test_the_check_finds_a_cycle() -> None:
    """The detector itself: an import from the store back up to the workspace is a cycle."""
    graph = build()
    graph.add_import(
        importer="fieldkit.store.models",
        imported="fieldkit.workspace",
        line_number=1,
        line_contents="from fieldkit.workspace import Workspace",
    )
    found = cycles(graph, "fieldkit")
    assert found
    assert all(c[0] == c[-1] for c in found)
    assert any(
        "fieldkit.store.models -> fieldkit.workspace  (line 1: from fieldkit.workspace import "
        "Workspace)" in describe(graph, c)
        for c in found
    )


def test_the_app_does_not_import_its_self_test(graph: grimp.ImportGraph) -> None:
    """``ui.selftest`` imports ``ui.app`` by name (grimp cannot see it); no way back may exist.

    The self-test is chosen in ``ui.launch`` before the app is imported, so the app
    never needs the module that checks it.
    """
    assert graph.find_shortest_chain(importer="ui.app", imported="ui.selftest") is None
    assert graph.find_shortest_chain(importer="ui.launch", imported="ui.selftest") is not None


def test_the_registry_imports_every_backend_where_the_tools_see_it(
    graph: grimp.ImportGraph,
) -> None:
    """Backends load lazily, but by literal imports: grimp and import-linter follow them.

    ``importlib.import_module("drivers.camera.backends")`` hid every backend from
    the graph (issue 39); a loader function per backend with a deferred
    ``from drivers.camera.backends import OpenCvFaceCamera`` does not.
    """
    seen = graph.find_modules_directly_imported_by("drivers.registry")
    hidden = sorted(
        f"{kind.value}/{name}: {module}"
        for kind in Modality
        for name in available_backends(kind)
        if (module := backend_class(kind, name).__module__) not in seen
    )
    assert hidden == []
    assert {"drivers.sbi.sim", "drivers.cardreader.vpcd_card"} <= seen  # get_simulator's
