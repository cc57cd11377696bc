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
    url_query: str,
    last_event_id_query: None | str | Unset = UNSET,
    last_event_id_header: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(last_event_id_header, Unset):
        headers["Last-Event-ID"] = last_event_id_header

    params: dict[str, Any] = {}

    params["url"] = url_query

    json_last_event_id_query: None | str | Unset
    if isinstance(last_event_id_query, Unset):
        json_last_event_id_query = UNSET
    else:
        json_last_event_id_query = last_event_id_query
    params["last_event_id"] = json_last_event_id_query

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/sites/{site_id}/events".format(
            site_id=quote(str(site_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Problem | None:
    if response.status_code == 200:
        response_200 = cast(Any, None)
        return response_200

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

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
    url_query: str,
    last_event_id_query: None | str | Unset = UNSET,
    last_event_id_header: None | str | Unset = UNSET,
) -> Response[Any | Problem]:
    """`text/event-stream` of the thread's changes

     `text/event-stream` of the thread's changes: `comment.created`,
    `comment.updated`, `comment.deleted` (`data:` is the public comment as the thread read shows
    it, without `replies`) and `thread.closed` (`data: {"closed": bool}`). Each event's `id:`
    increases along the thread; reconnect with `Last-Event-ID` to get what was missed (the most
    recent 500 events at most). `: ping` comments every 15 s keep idle connections open.

    Args:
        site_id (str): The site's slug
        url_query (str): The post's URL
        last_event_id_query (None | str | Unset): Resume after (no header)
        last_event_id_header (None | str | Unset): Resume after

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        site_id=site_id,
        url_query=url_query,
        last_event_id_query=last_event_id_query,
        last_event_id_header=last_event_id_header,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    site_id: str,
    *,
    client: AuthenticatedClient | Client,
    url_query: str,
    last_event_id_query: None | str | Unset = UNSET,
    last_event_id_header: None | str | Unset = UNSET,
) -> Any | Problem | None:
    """`text/event-stream` of the thread's changes

     `text/event-stream` of the thread's changes: `comment.created`,
    `comment.updated`, `comment.deleted` (`data:` is the public comment as the thread read shows
    it, without `replies`) and `thread.closed` (`data: {"closed": bool}`). Each event's `id:`
    increases along the thread; reconnect with `Last-Event-ID` to get what was missed (the most
    recent 500 events at most). `: ping` comments every 15 s keep idle connections open.

    Args:
        site_id (str): The site's slug
        url_query (str): The post's URL
        last_event_id_query (None | str | Unset): Resume after (no header)
        last_event_id_header (None | str | Unset): Resume after

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
        last_event_id_query=last_event_id_query,
        last_event_id_header=last_event_id_header,
    ).parsed


async def asyncio_detailed(
    site_id: str,
    *,
    client: AuthenticatedClient | Client,
    url_query: str,
    last_event_id_query: None | str | Unset = UNSET,
    last_event_id_header: None | str | Unset = UNSET,
) -> Response[Any | Problem]:
    """`text/event-stream` of the thread's changes

     `text/event-stream` of the thread's changes: `comment.created`,
    `comment.updated`, `comment.deleted` (`data:` is the public comment as the thread read shows
    it, without `replies`) and `thread.closed` (`data: {"closed": bool}`). Each event's `id:`
    increases along the thread; reconnect with `Last-Event-ID` to get what was missed (the most
    recent 500 events at most). `: ping` comments every 15 s keep idle connections open.

    Args:
        site_id (str): The site's slug
        url_query (str): The post's URL
        last_event_id_query (None | str | Unset): Resume after (no header)
        last_event_id_header (None | str | Unset): Resume after

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        site_id=site_id,
        url_query=url_query,
        last_event_id_query=last_event_id_query,
        last_event_id_header=last_event_id_header,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    site_id: str,
    *,
    client: AuthenticatedClient | Client,
    url_query: str,
    last_event_id_query: None | str | Unset = UNSET,
    last_event_id_header: None | str | Unset = UNSET,
) -> Any | Problem | None:
    """`text/event-stream` of the thread's changes

     `text/event-stream` of the thread's changes: `comment.created`,
    `comment.updated`, `comment.deleted` (`data:` is the public comment as the thread read shows
    it, without `replies`) and `thread.closed` (`data: {"closed": bool}`). Each event's `id:`
    increases along the thread; reconnect with `Last-Event-ID` to get what was missed (the most
    recent 500 events at most). `: ping` comments every 15 s keep idle connections open.

    Args:
        site_id (str): The site's slug
        url_query (str): The post's URL
        last_event_id_query (None | str | Unset): Resume after (no header)
        last_event_id_header (None | str | Unset): Resume after

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
            last_event_id_query=last_event_id_query,
            last_event_id_header=last_event_id_header,
        )
    ).parsed
