"""The laptops' update routes over the offer in :mod:`sync.server.office.releases` (§14.4).

Apart from the offer itself so the operator's commands, which read and write the offer,
do not import FastAPI (a third of a second at every ``fieldkit-datacenter`` command).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from fastapi import Depends, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel

from sync.server.office.releases import (
    HEADER_SIGNATURE,
    HEADER_VERSION,
    OFFER_PATH,
    UPDATE_PATH,
    current_offer,
    releases_dir,
)

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Mapping
    from pathlib import Path

    from fastapi import FastAPI

    from sync.server.store.rows import Device

log = logging.getLogger(__name__)


class OfferBody(BaseModel):
    """``GET /v1/office/update/offer``'s answer (the spec's schema; the fuzzing checks it)."""

    version: str
    sha256: str
    size: int
    file: str
    signature: str


_NOTHING_OFFERED_HELP: dict[int | str, dict[str, Any]] = {204: {"description": "nothing offered"}}
_INSTALLER_HELP: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "the installer's bytes; its version and signature in the headers",
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}


def install_routes(
    app: FastAPI,
    signed_device: Callable[..., Awaitable[Device]],
    errors: Mapping[int | str, dict[str, Any]],
) -> None:
    """``GET /v1/office/update/offer`` and ``GET /v1/office/update``, signed device requests.

    ``signed_device`` authenticates the request whatever the laptop's FieldKit version:
    a laptop below the minimum version must still be able to fetch its update.
    ``errors`` are the refusals the spec documents for every signed request.
    """
    # A default, not an ``Annotated`` alias: this module's annotations are strings, and
    # FastAPI resolves them in the module's namespace, where a local alias is not.
    signed = Depends(signed_device)

    def data_dir(request: Request) -> Path:
        folder: Path = request.app.state.datacenter.data_dir
        return folder

    @app.get(OFFER_PATH, response_model=OfferBody, responses={**errors, **_NOTHING_OFFERED_HELP})
    async def update_offer(request: Request, device: Any = signed) -> Response:
        """The FieldKit update the office offers (version, SHA-256, size, signature), or 204."""
        log.debug("device %s asks for the offered update", device.device_id)
        offer = current_offer(data_dir(request))
        if offer is None:
            return Response(status_code=204)
        return JSONResponse(offer.as_json())

    @app.get(
        UPDATE_PATH,
        response_class=Response,
        responses={**errors, **_NOTHING_OFFERED_HELP, **_INSTALLER_HELP},
    )
    async def update_installer(request: Request, device: Any = signed) -> Response:
        """The offered installer's bytes, its version and signature in headers; or 204."""
        folder = data_dir(request)
        offer = current_offer(folder)
        if offer is None:
            return Response(status_code=204)
        path = releases_dir(folder) / offer.file
        if not path.is_file():
            log.warning("the offered %s is missing; nothing offered", offer.file)
            return Response(status_code=204)
        log.info("device %s fetches FieldKit %s", device.device_id, offer.version)
        return FileResponse(
            path,
            media_type="application/octet-stream",
            headers={HEADER_VERSION: offer.version, HEADER_SIGNATURE: offer.signature},
        )
