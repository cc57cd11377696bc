from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.ban_create import BanCreate
from ...models.ban_read import BanRead
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    site_id: str,
    *,
    body: BanCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/admin/sites/{site_id}/bans".format(
            site_id=quote(str(site_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BanRead | Problem | None:
    if response.status_code == 201:
        response_201 = BanRead.from_dict(response.json())

        return response_201

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
) -> Response[BanRead | Problem]:
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
    body: BanCreate,
) -> Response[BanRead | Problem]:
    """Ban an identity, an email, or the address a comment came from (never shown), until a time

     Ban an identity, an email, or the address a comment came from (never shown), until a time.

    Args:
        site_id (str): The site's slug
        body (BanCreate): A ban by identity, email or IP. IP bans name a comment: the moderator
            never sees the IP.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BanRead | Problem]
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
    body: BanCreate,
) -> BanRead | Problem | None:
    """Ban an identity, an email, or the address a comment came from (never shown), until a time

     Ban an identity, an email, or the address a comment came from (never shown), until a time.

    Args:
        site_id (str): The site's slug
        body (BanCreate): A ban by identity, email or IP. IP bans name a comment: the moderator
            never sees the IP.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BanRead | Problem
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
    body: BanCreate,
) -> Response[BanRead | Problem]:
    """Ban an identity, an email, or the address a comment came from (never shown), until a time

     Ban an identity, an email, or the address a comment came from (never shown), until a time.

    Args:
        site_id (str): The site's slug
        body (BanCreate): A ban by identity, email or IP. IP bans name a comment: the moderator
            never sees the IP.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BanRead | Problem]
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
    body: BanCreate,
) -> BanRead | Problem | None:
    """Ban an identity, an email, or the address a comment came from (never shown), until a time

     Ban an identity, an email, or the address a comment came from (never shown), until a time.

    Args:
        site_id (str): The site's slug
        body (BanCreate): A ban by identity, email or IP. IP bans name a comment: the moderator
            never sees the IP.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BanRead | Problem
    """

    return (
        await asyncio_detailed(
            site_id=site_id,
            client=client,
            body=body,
        )
    ).parsed
