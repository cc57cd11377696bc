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
    page: None | str | Unset = UNSET,
    replyto: None | str | Unset = UNSET,
    held: None | str | Unset = UNSET,
    title: str | Unset = "",
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["url"] = url_query

    json_page: None | str | Unset
    if isinstance(page, Unset):
        json_page = UNSET
    else:
        json_page = page
    params["page"] = json_page

    json_replyto: None | str | Unset
    if isinstance(replyto, Unset):
        json_replyto = UNSET
    else:
        json_replyto = replyto
    params["replyto"] = json_replyto

    json_held: None | str | Unset
    if isinstance(held, Unset):
        json_held = UNSET
    else:
        json_held = held
    params["held"] = json_held

    params["title"] = title

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/sites/{site_id}/thread.html".format(
            site_id=quote(str(site_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Problem | str | None:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

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
) -> Response[Any | Problem | str]:
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
    page: None | str | Unset = UNSET,
    replyto: None | str | Unset = UNSET,
    held: None | str | Unset = UNSET,
    title: str | Unset = "",
) -> Response[Any | Problem | str]:
    """Read Thread Html

     The thread as an HTML fragment (WordPress's comment markup, schema.org microdata, a plain
    "Leave a Reply" form) for pages to include: an edge include, a static build, a fetch.

    Args:
        site_id (str): The site's slug
        url_query (str): The post's URL
        page (None | str | Unset): Page of the thread
        replyto (None | str | Unset): Render the form as a reply to this comment
        held (None | str | Unset): Show the awaiting-moderation note
        title (str | Unset): The post's title Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | str]
    """

    kwargs = _get_kwargs(
        site_id=site_id,
        url_query=url_query,
        page=page,
        replyto=replyto,
        held=held,
        title=title,
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
    page: None | str | Unset = UNSET,
    replyto: None | str | Unset = UNSET,
    held: None | str | Unset = UNSET,
    title: str | Unset = "",
) -> Any | Problem | str | None:
    """Read Thread Html

     The thread as an HTML fragment (WordPress's comment markup, schema.org microdata, a plain
    "Leave a Reply" form) for pages to include: an edge include, a static build, a fetch.

    Args:
        site_id (str): The site's slug
        url_query (str): The post's URL
        page (None | str | Unset): Page of the thread
        replyto (None | str | Unset): Render the form as a reply to this comment
        held (None | str | Unset): Show the awaiting-moderation note
        title (str | Unset): The post's title Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | str
    """

    return sync_detailed(
        site_id=site_id,
        client=client,
        url_query=url_query,
        page=page,
        replyto=replyto,
        held=held,
        title=title,
    ).parsed


async def asyncio_detailed(
    site_id: str,
    *,
    client: AuthenticatedClient | Client,
    url_query: str,
    page: None | str | Unset = UNSET,
    replyto: None | str | Unset = UNSET,
    held: None | str | Unset = UNSET,
    title: str | Unset = "",
) -> Response[Any | Problem | str]:
    """Read Thread Html

     The thread as an HTML fragment (WordPress's comment markup, schema.org microdata, a plain
    "Leave a Reply" form) for pages to include: an edge include, a static build, a fetch.

    Args:
        site_id (str): The site's slug
        url_query (str): The post's URL
        page (None | str | Unset): Page of the thread
        replyto (None | str | Unset): Render the form as a reply to this comment
        held (None | str | Unset): Show the awaiting-moderation note
        title (str | Unset): The post's title Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | str]
    """

    kwargs = _get_kwargs(
        site_id=site_id,
        url_query=url_query,
        page=page,
        replyto=replyto,
        held=held,
        title=title,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    site_id: str,
    *,
    client: AuthenticatedClient | Client,
    url_query: str,
    page: None | str | Unset = UNSET,
    replyto: None | str | Unset = UNSET,
    held: None | str | Unset = UNSET,
    title: str | Unset = "",
) -> Any | Problem | str | None:
    """Read Thread Html

     The thread as an HTML fragment (WordPress's comment markup, schema.org microdata, a plain
    "Leave a Reply" form) for pages to include: an edge include, a static build, a fetch.

    Args:
        site_id (str): The site's slug
        url_query (str): The post's URL
        page (None | str | Unset): Page of the thread
        replyto (None | str | Unset): Render the form as a reply to this comment
        held (None | str | Unset): Show the awaiting-moderation note
        title (str | Unset): The post's title Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | str
    """

    return (
        await asyncio_detailed(
            site_id=site_id,
            client=client,
            url_query=url_query,
            page=page,
            replyto=replyto,
            held=held,
            title=title,
        )
    ).parsed
