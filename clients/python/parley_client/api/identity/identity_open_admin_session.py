from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.admin_login import AdminLogin
from ...models.admin_session_read import AdminSessionRead
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: AdminLogin,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/auth/admin-session",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AdminSessionRead | Problem | None:
    if response.status_code == 200:
        response_200 = AdminSessionRead.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
) -> Response[AdminSessionRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AdminLogin,
) -> Response[AdminSessionRead | Problem]:
    """Log in to /admin with an admin token or a moderator's /admin login; sets the cookie

     Log in to /admin with an admin token or a moderator's /admin login; sets the cookie.

    Args:
        body (AdminLogin): Open an /admin session: with an admin token, or with the one-time code
            and PKCE verifier
            of a moderator's login made on /admin.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminSessionRead | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: AdminLogin,
) -> AdminSessionRead | Problem | None:
    """Log in to /admin with an admin token or a moderator's /admin login; sets the cookie

     Log in to /admin with an admin token or a moderator's /admin login; sets the cookie.

    Args:
        body (AdminLogin): Open an /admin session: with an admin token, or with the one-time code
            and PKCE verifier
            of a moderator's login made on /admin.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminSessionRead | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AdminLogin,
) -> Response[AdminSessionRead | Problem]:
    """Log in to /admin with an admin token or a moderator's /admin login; sets the cookie

     Log in to /admin with an admin token or a moderator's /admin login; sets the cookie.

    Args:
        body (AdminLogin): Open an /admin session: with an admin token, or with the one-time code
            and PKCE verifier
            of a moderator's login made on /admin.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminSessionRead | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: AdminLogin,
) -> AdminSessionRead | Problem | None:
    """Log in to /admin with an admin token or a moderator's /admin login; sets the cookie

     Log in to /admin with an admin token or a moderator's /admin login; sets the cookie.

    Args:
        body (AdminLogin): Open an /admin session: with an admin token, or with the one-time code
            and PKCE verifier
            of a moderator's login made on /admin.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminSessionRead | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
