from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.comment_form import CommentForm
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    site_id: str,
    *,
    body: CommentForm,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/sites/{site_id}/comment-form".format(
            site_id=quote(str(site_id), safe=""),
        ),
    }

    _kwargs["data"] = body.to_dict()
    headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Problem | None:
    if response.status_code == 303:
        response_303 = cast(Any, None)
        return response_303

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

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
    body: CommentForm,
) -> Response[Any | Problem]:
    """Post Comment Form

     Post a comment from the plain form (application/x-www-form-urlencoded), through the same
    admission as the JSON API; answers 303 to the post, or the form again with the problem.

    Args:
        site_id (str): The site's slug
        body (CommentForm): The plain "Leave a Reply" form (WordPress's field names). Lenient on
            purpose: whatever a
            reader typed comes back in a filled-in form with what is wrong, never as a bare error.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
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
    body: CommentForm,
) -> Any | Problem | None:
    """Post Comment Form

     Post a comment from the plain form (application/x-www-form-urlencoded), through the same
    admission as the JSON API; answers 303 to the post, or the form again with the problem.

    Args:
        site_id (str): The site's slug
        body (CommentForm): The plain "Leave a Reply" form (WordPress's field names). Lenient on
            purpose: whatever a
            reader typed comes back in a filled-in form with what is wrong, never as a bare error.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
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
    body: CommentForm,
) -> Response[Any | Problem]:
    """Post Comment Form

     Post a comment from the plain form (application/x-www-form-urlencoded), through the same
    admission as the JSON API; answers 303 to the post, or the form again with the problem.

    Args:
        site_id (str): The site's slug
        body (CommentForm): The plain "Leave a Reply" form (WordPress's field names). Lenient on
            purpose: whatever a
            reader typed comes back in a filled-in form with what is wrong, never as a bare error.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
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
    body: CommentForm,
) -> Any | Problem | None:
    """Post Comment Form

     Post a comment from the plain form (application/x-www-form-urlencoded), through the same
    admission as the JSON API; answers 303 to the post, or the form again with the problem.

    Args:
        site_id (str): The site's slug
        body (CommentForm): The plain "Leave a Reply" form (WordPress's field names). Lenient on
            purpose: whatever a
            reader typed comes back in a filled-in form with what is wrong, never as a bare error.

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
            body=body,
        )
    ).parsed
