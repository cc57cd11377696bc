from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    site_id: str,
    *,
    url_query: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_url_query: None | str | Unset
    if isinstance(url_query, Unset):
        json_url_query = UNSET
    else:
        json_url_query = url_query
    params["url"] = json_url_query

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/sites/{site_id}/feed.atom".format(
            site_id=quote(str(site_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Problem | None:
    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if 400 <= response.status_code <= 499:
        response_4xx = Problem.from_dict(response.json())

        return response_4xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | Problem]:
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
    url_query: None | str | Unset = UNSET,
) -> Response[Any | Problem]:
    """Atom feed of approved comments: one post's thread with `url`, else the site's latest

     Atom feed of approved comments: one post's thread with `url`, else the site's latest.

    Args:
        site_id (str): The site's slug
        url_query (None | str | Unset): A post's URL: that thread only

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        site_id=site_id,
        url_query=url_query,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    site_id: str,
    *,
    client: AuthenticatedClient | Client,
    url_query: None | str | Unset = UNSET,
) -> Any | Problem | None:
    """Atom feed of approved comments: one post's thread with `url`, else the site's latest

     Atom feed of approved comments: one post's thread with `url`, else the site's latest.

    Args:
        site_id (str): The site's slug
        url_query (None | str | Unset): A post's URL: that thread only

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        site_id=site_id,
        client=client,
        url_query=url_query,
    ).parsed


async def asyncio_detailed(
    site_id: str,
    *,
    client: AuthenticatedClient | Client,
    url_query: None | str | Unset = UNSET,
) -> Response[Any | Problem]:
    """Atom feed of approved comments: one post's thread with `url`, else the site's latest

     Atom feed of approved comments: one post's thread with `url`, else the site's latest.

    Args:
        site_id (str): The site's slug
        url_query (None | str | Unset): A post's URL: that thread only

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        site_id=site_id,
        url_query=url_query,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    site_id: str,
    *,
    client: AuthenticatedClient | Client,
    url_query: None | str | Unset = UNSET,
) -> Any | Problem | None:
    """Atom feed of approved comments: one post's thread with `url`, else the site's latest

     Atom feed of approved comments: one post's thread with `url`, else the site's latest.

    Args:
        site_id (str): The site's slug
        url_query (None | str | Unset): A post's URL: that thread only

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            site_id=site_id,
            client=client,
            url_query=url_query,
        )
    ).parsed
