"""axe-core in a Playwright page: the WCAG 2 A and AA checks of whatever page is open.

axe is vendored (``tests/vendor/axe-core``, see its README) so this runs offline.  The
console's pages forbid every script (CSP ``default-src 'none'``), and the test keeps
them so: axe is not added as a ``<script>`` (which the policy would block) and the
context does not ``bypass_csp``.  It is evaluated through the DevTools protocol
(``page.evaluate``), which runs in the page's own world whatever its policy says, as a
person's extension or screen reader would read it; the page is tested under the very
headers it is served with.

Use::

    from tests.sync.server.axesupport import assert_accessible
    assert_accessible(page)            # fails with each violation, its rule and its nodes
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Page

AXE_DIR = Path(__file__).resolve().parents[2] / "vendor" / "axe-core"
AXE_VERSION = "4.14.1"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
#: WCAG 2.0, 2.1 and 2.2 at levels A and AA: what the issue asks of the console.
WCAG_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")


@functools.cache
def axe_source() -> str:
    """The vendored ``axe.min.js``, checked against the sha256 its README gives."""
    data = (AXE_DIR / "axe.min.js").read_bytes()
    assert hashlib.sha256(data).hexdigest() == AXE_SHA256, "axe.min.js is not the vendored one"
    return data.decode("utf-8")


def _inject(page: Page) -> None:
    if page.evaluate("() => typeof window.axe") == "undefined":
        # A statement list, not a function: Playwright evaluates it as written.
        page.evaluate(axe_source() + "\n;void 0;")
    version = page.evaluate("() => window.axe.version")
    assert version == AXE_VERSION, f"axe {version} in the page, {AXE_VERSION} vendored"


def violations(page: Page, tags: tuple[str, ...] = WCAG_AA) -> list[dict[str, Any]]:
    """axe's violations of ``tags`` on the page as it is now (an empty list: none)."""
    _inject(page)
    found: list[dict[str, Any]] = page.evaluate(
        """async (tags) => {
            const result = await window.axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            });
            return result.violations.map(v => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
            }));
        }""",
        list(tags),
    )
    return found


def describe(found: list[dict[str, Any]]) -> str:
    lines = []
    for violation in found:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {n['target']}: {n['summary']}" for n in violation["nodes"])
    return "\n".join(lines)


def assert_accessible(page: Page, what: str = "") -> None:
    """Fail with every WCAG 2 A/AA violation axe finds on the open page, said in full."""
    found = violations(page)
    assert not found, f"{what or page.url}:\n{describe(found)}"
