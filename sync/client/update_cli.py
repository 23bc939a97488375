"""``fieldkit update check|install``, plugged into ``fieldkit`` like ``fieldkit sync``.

Thin wrappers over :mod:`sync.client.update`; the Sinkronisasi page's update box
(``ui.update_box``) calls the same functions.  They import :mod:`sync.client.update`
(and with it httpx) where they use it, as :mod:`sync.client.cli` does and for its reason.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from fieldkit.cli.output import say
from fieldkit.office.health import release_status
from fieldkit.update.verify import UpdateError
from sync.client.cli import EXIT_OK, mib

if TYPE_CHECKING:
    import argparse

    from fieldkit.cli.output import Output
    from sync.client.cli import Login


class UpdateCommands:
    def __init__(self, login: Login) -> None:
        self.login = login

    def check(self, args: argparse.Namespace, out: Output) -> int:
        from sync.client.update import check_update  # noqa: PLC0415 - module docstring

        with self.login(args) as ws:
            # The office's minimum comes with its package (fieldkit.office), wired by the page.
            # The office's minimum, from the package this laptop applied last.
            found = check_update(ws, min_version=release_status(ws).min_version)
        lines = [say("update.installed", version=found.installed)]
        if found.offered is None:
            lines.append(say("update.none"))
        elif found.newer:
            lines.append(
                say("update.offered", version=found.offered.version, size=mib(found.offered.size))
            )
        else:
            lines.append(say("update.offered_not_newer", version=found.offered.version))
        if found.below_minimum:
            lines.append(
                say("update.below_minimum", installed=found.installed, minimum=found.min_version)
            )
        out.result(found.as_json(), "\n".join(lines))
        return EXIT_OK

    def install(self, args: argparse.Namespace, out: Output) -> int:
        from sync.client.update import (  # noqa: PLC0415 - module docstring
            download_update,
            start_installer,
        )

        if sys.platform != "win32":
            # Said before anything is downloaded: the Linux build is updated by its package.
            raise UpdateError(code="update_windows_only")
        with self.login(args) as ws:
            verified = download_update(ws)
            out.line(
                say(
                    "update.verified",
                    version=verified.version,
                    key=verified.key_name,
                    path=verified.path,
                )
            )
            log_file = start_installer(ws, verified)
        data = {
            "version": verified.version,
            "sha256": verified.sha256,
            "size": verified.size,
            "installer": str(verified.path),
            "setup_log": str(log_file),
        }
        out.result(data, say("update.installing", version=verified.version, log=log_file))
        return EXIT_OK
