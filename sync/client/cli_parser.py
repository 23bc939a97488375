"""The parsers of ``fieldkit sync`` and ``fieldkit update``, plugged in by entry points.

``fieldkit``'s core never imports the sync layer; it finds these through the
``fieldkit.cli`` entry points (pyproject.toml).  Only the parsers live here: the
handlers (``sync.client.cli``, ``sync.client.update_cli``) and their HTTP client load
when one of their commands runs (``fieldkit.cli.deferred``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fieldkit.cli.deferred import Handlers

if TYPE_CHECKING:
    from fieldkit.cli.deferred import Adder

#: The handlers, built with ``fieldkit``'s login when one of them runs.
sync_commands = Handlers("sync.client.cli", "SyncCommands")
update_commands = Handlers("sync.client.update_cli", "UpdateCommands")


def register_sync(groups: Any, add: Adder) -> None:
    """Called by ``fieldkit``'s parser for the ``fieldkit.cli`` entry point."""
    commands = sync_commands
    sync_group = groups.add_parser(
        "sync", help="send sealed records to the data center"
    ).add_subparsers(dest="sync_command", required=True)

    enroll = add(sync_group, "enroll", commands.enroll, "enroll this laptop with a data center")
    enroll.add_argument(
        "url", nargs="?", help="the data center's address, e.g. https://10.0.0.5:8443"
    )
    enroll.add_argument("code", nargs="?", help="the one-time enrollment code from the operator")
    enroll.add_argument(
        "--ca-fingerprint",
        help="the CA fingerprint (SHA-256, hex) that 'fieldkit-datacenter serve' prints; required "
        "unless --bundle is given",
    )
    enroll.add_argument(
        "--bundle",
        metavar="FILE",
        help="the enrollment bundle (.json, or its QR code .png) from "
        "'fieldkit-datacenter codes new --bundle-out FILE'",
    )

    push = add(sync_group, "push", commands.push, "send waiting records and fetch receipts")
    push.add_argument("--workers", type=int, default=3, help="parallel uploads (1-8)")
    push.add_argument("--quiet", action="store_true", help="no per-record lines")

    status = add(sync_group, "status", commands.status, "what is waiting, refused or done")
    status.add_argument("--offline", action="store_true", help="do not ask the data center")

    add(
        sync_group, "export", commands.export, "write waiting records to a USB folder"
    ).add_argument("directory")
    add(
        sync_group, "receipts", commands.receipts, "read the data center's receipts from USB"
    ).add_argument("directory")
    add(
        sync_group,
        "requeue",
        commands.requeue,
        "put a record refused by mistake back in the queue (operator, admin)",
    ).add_argument("record_id", help="the record's id, as 'fieldkit sync status' lists it")


def register_update(groups: Any, add: Adder) -> None:
    """Called by ``fieldkit``'s parser for the ``fieldkit.cli`` entry point."""
    commands = update_commands
    update_group = groups.add_parser(
        "update", help="the FieldKit update the office offers"
    ).add_subparsers(dest="update_command", required=True)
    add(update_group, "check", commands.check, "ask the data center which update it offers")
    add(
        update_group,
        "install",
        commands.install,
        "download the offered update, verify its signature and install it (Windows)",
    )
