from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.counts_query import CountsQuery
from ...models.counts_read import CountsRead
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    site_id: str,
    *,
    body: CountsQuery,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/sites/{site_id}/counts".format(
            site_id=quote(str(site_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CountsRead | Problem | None:
    if response.status_code == 200:
        response_200 = CountsRead.from_dict(response.json())

        return response_200

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

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
) -> Response[CountsRead | Problem]:
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
    body: CountsQuery,
) -> Response[CountsRead | Problem]:
    """The same counts for long lists (up to 1,000 post URLs) sent as a JSON body

     The same counts for long lists (up to 1,000 post URLs) sent as a JSON body.

    Args:
        site_id (str): The site's slug
        body (CountsQuery): Post URLs to count, for lists too long for a query string.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CountsRead | Problem]
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
    body: CountsQuery,
) -> CountsRead | Problem | None:
    """The same counts for long lists (up to 1,000 post URLs) sent as a JSON body

     The same counts for long lists (up to 1,000 post URLs) sent as a JSON body.

    Args:
        site_id (str): The site's slug
        body (CountsQuery): Post URLs to count, for lists too long for a query string.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CountsRead | Problem
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
    body: CountsQuery,
) -> Response[CountsRead | Problem]:
    """The same counts for long lists (up to 1,000 post URLs) sent as a JSON body

     The same counts for long lists (up to 1,000 post URLs) sent as a JSON body.

    Args:
        site_id (str): The site's slug
        body (CountsQuery): Post URLs to count, for lists too long for a query string.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CountsRead | Problem]
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
    body: CountsQuery,
) -> CountsRead | Problem | None:
    """The same counts for long lists (up to 1,000 post URLs) sent as a JSON body

     The same counts for long lists (up to 1,000 post URLs) sent as a JSON body.

    Args:
        site_id (str): The site's slug
        body (CountsQuery): Post URLs to count, for lists too long for a query string.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CountsRead | Problem
    """

    return (
        await asyncio_detailed(
            site_id=site_id,
            client=client,
            body=body,
        )
    ).parsed
