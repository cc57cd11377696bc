from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    provider: str,
    *,
    site: str | Unset = "",
    origin: str | Unset = "",
    challenge: str | Unset = "",
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["site"] = site

    params["origin"] = origin

    params["challenge"] = challenge

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/auth/{provider}/login".format(
            provider=quote(str(provider), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | str | None:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

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
) -> Response[Problem | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    provider: str,
    *,
    client: AuthenticatedClient | Client,
    site: str | Unset = "",
    origin: str | Unset = "",
    challenge: str | Unset = "",
) -> Response[Problem | str]:
    """Popup: check the site, origin and challenge, then redirect to the provider's login

     Popup: check the site, origin and challenge, then redirect to the provider's login.

    Args:
        provider (str):
        site (str | Unset):  Default: ''.
        origin (str | Unset):  Default: ''.
        challenge (str | Unset):  Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        provider=provider,
        site=site,
        origin=origin,
        challenge=challenge,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    provider: str,
    *,
    client: AuthenticatedClient | Client,
    site: str | Unset = "",
    origin: str | Unset = "",
    challenge: str | Unset = "",
) -> Problem | str | None:
    """Popup: check the site, origin and challenge, then redirect to the provider's login

     Popup: check the site, origin and challenge, then redirect to the provider's login.

    Args:
        provider (str):
        site (str | Unset):  Default: ''.
        origin (str | Unset):  Default: ''.
        challenge (str | Unset):  Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return sync_detailed(
        provider=provider,
        client=client,
        site=site,
        origin=origin,
        challenge=challenge,
    ).parsed


async def asyncio_detailed(
    provider: str,
    *,
    client: AuthenticatedClient | Client,
    site: str | Unset = "",
    origin: str | Unset = "",
    challenge: str | Unset = "",
) -> Response[Problem | str]:
    """Popup: check the site, origin and challenge, then redirect to the provider's login

     Popup: check the site, origin and challenge, then redirect to the provider's login.

    Args:
        provider (str):
        site (str | Unset):  Default: ''.
        origin (str | Unset):  Default: ''.
        challenge (str | Unset):  Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        provider=provider,
        site=site,
        origin=origin,
        challenge=challenge,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    provider: str,
    *,
    client: AuthenticatedClient | Client,
    site: str | Unset = "",
    origin: str | Unset = "",
    challenge: str | Unset = "",
) -> Problem | str | None:
    """Popup: check the site, origin and challenge, then redirect to the provider's login

     Popup: check the site, origin and challenge, then redirect to the provider's login.

    Args:
        provider (str):
        site (str | Unset):  Default: ''.
        origin (str | Unset):  Default: ''.
        challenge (str | Unset):  Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return (
        await asyncio_detailed(
            provider=provider,
            client=client,
            site=site,
            origin=origin,
            challenge=challenge,
        )
    ).parsed
