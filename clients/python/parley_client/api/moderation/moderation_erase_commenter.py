from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.commenter import Commenter
from ...models.erasure_report import ErasureReport
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    site_id: str,
    *,
    body: Commenter,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/admin/sites/{site_id}/privacy/erase".format(
            site_id=quote(str(site_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErasureReport | Problem | None:
    if response.status_code == 200:
        response_200 = ErasureReport.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if 400 <= response.status_code <= 499:
        response_4xx = Problem.from_dict(response.json())

        return response_4xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErasureReport | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    site_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: Commenter,
) -> Response[ErasureReport | Problem]:
    """Erase one commenter's data on this site; their comments stay as deleted placeholders

     Erase one commenter's data on this site; their comments stay as deleted placeholders.

    Args:
        site_id (str): The site's slug
        body (Commenter): One commenter of a site: by identity id or by email (guests).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErasureReport | Problem]
    """

    kwargs = _get_kwargs(
        site_id=site_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    site_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: Commenter,
) -> ErasureReport | Problem | None:
    """Erase one commenter's data on this site; their comments stay as deleted placeholders

     Erase one commenter's data on this site; their comments stay as deleted placeholders.

    Args:
        site_id (str): The site's slug
        body (Commenter): One commenter of a site: by identity id or by email (guests).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErasureReport | Problem
    """

    return sync_detailed(
        site_id=site_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    site_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: Commenter,
) -> Response[ErasureReport | Problem]:
    """Erase one commenter's data on this site; their comments stay as deleted placeholders

     Erase one commenter's data on this site; their comments stay as deleted placeholders.

    Args:
        site_id (str): The site's slug
        body (Commenter): One commenter of a site: by identity id or by email (guests).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErasureReport | Problem]
    """

    kwargs = _get_kwargs(
        site_id=site_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    site_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: Commenter,
) -> ErasureReport | Problem | None:
    """Erase one commenter's data on this site; their comments stay as deleted placeholders

     Erase one commenter's data on this site; their comments stay as deleted placeholders.

    Args:
        site_id (str): The site's slug
        body (Commenter): One commenter of a site: by identity id or by email (guests).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErasureReport | Problem
    """

    return (
        await asyncio_detailed(
            site_id=site_id,
            client=client,
            body=body,
        )
    ).parsed
