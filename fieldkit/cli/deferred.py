"""Command handlers named by module, imported only when their command runs.

Building ``fieldkit``'s parser used to import every handler's module, and with them
NumPy, OpenCV, Pillow, ReportLab and the ORM: 1.4 s of CPU before ``--help`` printed a
line, paid again by every script, cron job and test that ran a command.  The parser
modules (``*_parser.py``) now name their handlers through these proxies, which cost
nothing until argparse has picked the one command that runs (git's and Mercurial's
command tables work the same way).

A typo in a handler's name would only show when that command runs, so
``tests/fieldkit/cli/test_deferred.py`` resolves every handler the parser holds.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable
    from typing import Any

    from fieldkit.cli.output import Output

    #: A command's handler: its parsed arguments and the output, its exit code back.
    Handler = Callable[[argparse.Namespace, Output], int]
    #: What a parser module is given to add one command: (group, name, handler, help).
    Adder = Callable[[Any, str, Handler, str], argparse.ArgumentParser]

#: The module whose ``log_in`` every command class gets, so passwords are asked one way.
_LOGIN_MODULE = "fieldkit.cli.core_commands"


class DeferredHandler:
    """``module.name`` (or ``module.Class(log_in).name``), imported when called."""

    def __init__(self, module: str, name: str, class_name: str | None = None) -> None:
        self.module = module
        self.name = name
        self.class_name = class_name

    def __repr__(self) -> str:
        owner = f"{self.module}.{self.class_name}" if self.class_name else self.module
        return f"<deferred {owner}.{self.name}>"

    def resolve(self) -> Handler:
        """The real handler: its module imported, its class built with the CLI's login."""
        owner: object = importlib.import_module(self.module)
        if self.class_name is not None:
            log_in = importlib.import_module(_LOGIN_MODULE).log_in
            owner = getattr(owner, self.class_name)(log_in)
        handler: Handler = getattr(owner, self.name)
        return handler

    def __call__(self, args: argparse.Namespace, out: Output) -> int:
        return self.resolve()(args, out)


class Handlers:
    """The handlers of one module (``Handlers("m").cmd_x``) or of one commands class.

    A commands class takes the CLI's login function (``fieldkit.cli.core_commands.log_in``)
    and offers its handlers as methods, as ``PlanningCommands`` does.
    """

    def __init__(self, module: str, class_name: str | None = None) -> None:
        self._module = module
        self._class_name = class_name

    def __getattr__(self, name: str) -> DeferredHandler:
        if name.startswith("__"):
            raise AttributeError(name)
        return DeferredHandler(self._module, name, self._class_name)
