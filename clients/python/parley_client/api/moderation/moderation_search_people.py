from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.person_list import PersonList
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    site_id: str,
    *,
    q: str,
    limit: int | Unset = 20,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["q"] = q

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/admin/sites/{site_id}/people".format(
            site_id=quote(str(site_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PersonList | Problem | None:
    if response.status_code == 200:
        response_200 = PersonList.from_dict(response.json())

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
) -> Response[PersonList | Problem]:
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
    q: str,
    limit: int | Unset = 20,
) -> Response[PersonList | Problem]:
    """Commenters with an account on this site, found by name or provider (to grant a role)

     Commenters with an account on this site, found by name or provider (to grant a role).

    Args:
        site_id (str): The site's slug
        q (str): Part of a name, or a provider
        limit (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PersonList | Problem]
    """

    kwargs = _get_kwargs(
        site_id=site_id,
        q=q,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    site_id: str,
    *,
    client: AuthenticatedClient | Client,
    q: str,
    limit: int | Unset = 20,
) -> PersonList | Problem | None:
    """Commenters with an account on this site, found by name or provider (to grant a role)

     Commenters with an account on this site, found by name or provider (to grant a role).

    Args:
        site_id (str): The site's slug
        q (str): Part of a name, or a provider
        limit (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PersonList | Problem
    """

    return sync_detailed(
        site_id=site_id,
        client=client,
        q=q,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    site_id: str,
    *,
    client: AuthenticatedClient | Client,
    q: str,
    limit: int | Unset = 20,
) -> Response[PersonList | Problem]:
    """Commenters with an account on this site, found by name or provider (to grant a role)

     Commenters with an account on this site, found by name or provider (to grant a role).

    Args:
        site_id (str): The site's slug
        q (str): Part of a name, or a provider
        limit (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PersonList | Problem]
    """

    kwargs = _get_kwargs(
        site_id=site_id,
        q=q,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    site_id: str,
    *,
    client: AuthenticatedClient | Client,
    q: str,
    limit: int | Unset = 20,
) -> PersonList | Problem | None:
    """Commenters with an account on this site, found by name or provider (to grant a role)

     Commenters with an account on this site, found by name or provider (to grant a role).

    Args:
        site_id (str): The site's slug
        q (str): Part of a name, or a provider
        limit (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PersonList | Problem
    """

    return (
        await asyncio_detailed(
            site_id=site_id,
            client=client,
            q=q,
            limit=limit,
        )
    ).parsed
