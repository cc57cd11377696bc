from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.providers_read import ProvidersRead
from ...types import Response


def _get_kwargs(
    site: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/sites/{site}/auth/providers".format(
            site=quote(str(site), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | ProvidersRead | None:
    if response.status_code == 200:
        response_200 = ProvidersRead.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

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
) -> Response[Problem | ProvidersRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    site: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Problem | ProvidersRead]:
    """The login providers enabled on the site, with label and icon name

     The login providers enabled on the site, with label and icon name.

    Args:
        site (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ProvidersRead]
    """

    kwargs = _get_kwargs(
        site=site,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    site: str,
    *,
    client: AuthenticatedClient | Client,
) -> Problem | ProvidersRead | None:
    """The login providers enabled on the site, with label and icon name

     The login providers enabled on the site, with label and icon name.

    Args:
        site (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ProvidersRead
    """

    return sync_detailed(
        site=site,
        client=client,
    ).parsed


async def asyncio_detailed(
    site: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Problem | ProvidersRead]:
    """The login providers enabled on the site, with label and icon name

     The login providers enabled on the site, with label and icon name.

    Args:
        site (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ProvidersRead]
    """

    kwargs = _get_kwargs(
        site=site,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    site: str,
    *,
    client: AuthenticatedClient | Client,
) -> Problem | ProvidersRead | None:
    """The login providers enabled on the site, with label and icon name

     The login providers enabled on the site, with label and icon name.

    Args:
        site (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ProvidersRead
    """

    return (
        await asyncio_detailed(
            site=site,
            client=client,
        )
    ).parsed
