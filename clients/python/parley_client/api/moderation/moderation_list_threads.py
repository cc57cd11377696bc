from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.thread_list import ThreadList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    site_id: str,
    *,
    url_query: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_url_query: None | str | Unset
    if isinstance(url_query, Unset):
        json_url_query = UNSET
    else:
        json_url_query = url_query
    params["url"] = json_url_query

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/admin/sites/{site_id}/threads".format(
            site_id=quote(str(site_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | ThreadList | None:
    if response.status_code == 200:
        response_200 = ThreadList.from_dict(response.json())

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
) -> Response[Problem | ThreadList]:
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
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[Problem | ThreadList]:
    """The site's threads, newest first; `url` finds one post's thread

     The site's threads, newest first; `url` finds one post's thread.

    Args:
        site_id (str): The site's slug
        url_query (None | str | Unset): The post's URL
        cursor (None | str | Unset): next_cursor of the last page
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ThreadList]
    """

    kwargs = _get_kwargs(
        site_id=site_id,
        url_query=url_query,
        cursor=cursor,
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
    url_query: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Problem | ThreadList | None:
    """The site's threads, newest first; `url` finds one post's thread

     The site's threads, newest first; `url` finds one post's thread.

    Args:
        site_id (str): The site's slug
        url_query (None | str | Unset): The post's URL
        cursor (None | str | Unset): next_cursor of the last page
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ThreadList
    """

    return sync_detailed(
        site_id=site_id,
        client=client,
        url_query=url_query,
        cursor=cursor,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    site_id: str,
    *,
    client: AuthenticatedClient | Client,
    url_query: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[Problem | ThreadList]:
    """The site's threads, newest first; `url` finds one post's thread

     The site's threads, newest first; `url` finds one post's thread.

    Args:
        site_id (str): The site's slug
        url_query (None | str | Unset): The post's URL
        cursor (None | str | Unset): next_cursor of the last page
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ThreadList]
    """

    kwargs = _get_kwargs(
        site_id=site_id,
        url_query=url_query,
        cursor=cursor,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    site_id: str,
    *,
    client: AuthenticatedClient | Client,
    url_query: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
) -> Problem | ThreadList | None:
    """The site's threads, newest first; `url` finds one post's thread

     The site's threads, newest first; `url` finds one post's thread.

    Args:
        site_id (str): The site's slug
        url_query (None | str | Unset): The post's URL
        cursor (None | str | Unset): next_cursor of the last page
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ThreadList
    """

    return (
        await asyncio_detailed(
            site_id=site_id,
            client=client,
            url_query=url_query,
            cursor=cursor,
            limit=limit,
        )
    ).parsed
