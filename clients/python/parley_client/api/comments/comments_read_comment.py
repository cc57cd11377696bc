from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.comment_detail import CommentDetail
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    comment_id: int,
    *,
    x_edit_token: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_edit_token, Unset):
        headers["X-Edit-Token"] = x_edit_token

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/comments/{comment_id}".format(
            comment_id=quote(str(comment_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CommentDetail | Problem | None:
    if response.status_code == 200:
        response_200 = CommentDetail.from_dict(response.json())

        return response_200

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
) -> Response[CommentDetail | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    comment_id: int,
    *,
    client: AuthenticatedClient | Client,
    x_edit_token: None | str | Unset = UNSET,
) -> Response[CommentDetail | Problem]:
    """One comment with its Markdown source (a pending one only for its author)

     One comment with its Markdown source (a pending one only for its author).

    Args:
        comment_id (int):
        x_edit_token (None | str | Unset): Guests: the edit_token from creation

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CommentDetail | Problem]
    """

    kwargs = _get_kwargs(
        comment_id=comment_id,
        x_edit_token=x_edit_token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    comment_id: int,
    *,
    client: AuthenticatedClient | Client,
    x_edit_token: None | str | Unset = UNSET,
) -> CommentDetail | Problem | None:
    """One comment with its Markdown source (a pending one only for its author)

     One comment with its Markdown source (a pending one only for its author).

    Args:
        comment_id (int):
        x_edit_token (None | str | Unset): Guests: the edit_token from creation

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CommentDetail | Problem
    """

    return sync_detailed(
        comment_id=comment_id,
        client=client,
        x_edit_token=x_edit_token,
    ).parsed


async def asyncio_detailed(
    comment_id: int,
    *,
    client: AuthenticatedClient | Client,
    x_edit_token: None | str | Unset = UNSET,
) -> Response[CommentDetail | Problem]:
    """One comment with its Markdown source (a pending one only for its author)

     One comment with its Markdown source (a pending one only for its author).

    Args:
        comment_id (int):
        x_edit_token (None | str | Unset): Guests: the edit_token from creation

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CommentDetail | Problem]
    """

    kwargs = _get_kwargs(
        comment_id=comment_id,
        x_edit_token=x_edit_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    comment_id: int,
    *,
    client: AuthenticatedClient | Client,
    x_edit_token: None | str | Unset = UNSET,
) -> CommentDetail | Problem | None:
    """One comment with its Markdown source (a pending one only for its author)

     One comment with its Markdown source (a pending one only for its author).

    Args:
        comment_id (int):
        x_edit_token (None | str | Unset): Guests: the edit_token from creation

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CommentDetail | Problem
    """

    return (
        await asyncio_detailed(
            comment_id=comment_id,
            client=client,
            x_edit_token=x_edit_token,
        )
    ).parsed
