"""Reads the desktop's accessibility tree (AT-SPI) for the end-to-end tests.

It runs under Debian's own ``/usr/bin/python3``, because ``pyatspi`` comes from
Debian's ``python3-pyatspi`` and not from PyPI, and talks to the tests over
stdin/stdout, one JSON object a line.  It only *reads*: every click and key
press comes from ``xdotool`` as real X input events, the way a person (or a
screen reader's user) works the app from outside its process.

Requests: ``{"op": "snapshot", "app": NAME}`` answers the showing part of that
application's tree, flattened in document order; ``{"op": "apps"}`` lists the
applications on the bus.
"""

from __future__ import annotations

import json
import sys

import pyatspi

#: A table or list with more children than this is cut: nobody reads 5,000 cells.
MAX_CHILDREN = 400
TEXT_ROLES = {"text", "entry", "spin button", "combo box", "paragraph", "terminal", "label"}


def _states(node: object) -> set[str]:
    names = set()
    state_set = node.getState()
    for state, name in (
        (pyatspi.STATE_SHOWING, "showing"),
        (pyatspi.STATE_VISIBLE, "visible"),
        (pyatspi.STATE_ENABLED, "enabled"),
        (pyatspi.STATE_FOCUSED, "focused"),
        (pyatspi.STATE_CHECKED, "checked"),
        (pyatspi.STATE_SELECTED, "selected"),
        (pyatspi.STATE_EDITABLE, "editable"),
        (pyatspi.STATE_ACTIVE, "active"),
        (pyatspi.STATE_MODAL, "modal"),
        (pyatspi.STATE_PRESSED, "pressed"),
    ):
        if state_set.contains(state):
            names.add(name)
    return names


def _text_of(node: object, role: str) -> str | None:
    if role not in TEXT_ROLES:
        return None
    try:
        text = node.queryText()
    except NotImplementedError:
        return None
    return str(text.getText(0, -1))


def _value_of(node: object) -> float | None:
    try:
        return float(node.queryValue().currentValue)
    except NotImplementedError:
        return None


def _snapshot(app_name: str) -> list[dict[str, object]]:
    desktop = pyatspi.Registry.getDesktop(0)
    apps = [a for a in desktop if a is not None and a.name == app_name]
    nodes: list[dict[str, object]] = []

    def walk(node: object, parent: int, depth: int) -> None:
        role = node.getRoleName()
        states = _states(node)
        if depth > 0 and "showing" not in states:
            return
        try:
            ext = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
            rect = [ext.x, ext.y, ext.width, ext.height]
        except NotImplementedError:
            rect = None
        index = len(nodes)
        nodes.append(
            {
                "i": index,
                "parent": parent,
                "depth": depth,
                "role": role,
                "name": node.name or "",
                "description": node.description or "",
                "rect": rect,
                "states": sorted(states),
                "text": _text_of(node, role),
                "value": _value_of(node)
                if role in {"progress bar", "slider", "spin button"}
                else None,
            }
        )
        for n, child in enumerate(node):
            if n >= MAX_CHILDREN:
                break
            if child is not None:
                walk(child, index, depth + 1)

    for app in apps:
        walk(app, -1, 0)
    return nodes


def main() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        try:
            if request["op"] == "snapshot":
                answer: object = {"nodes": _snapshot(request["app"])}
            elif request["op"] == "apps":
                desktop = pyatspi.Registry.getDesktop(0)
                answer = {"apps": [a.name for a in desktop if a is not None]}
            else:
                answer = {"error": f"unknown op {request['op']!r}"}
        except Exception as error:  # noqa: BLE001 - a dying widget mid-walk is normal; report it
            answer = {"error": f"{type(error).__name__}: {error}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
