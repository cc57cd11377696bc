from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    everywhere: bool | Unset = False,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["everywhere"] = everywhere

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/auth/admin-session",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Problem | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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
) -> Response[Any | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    everywhere: bool | Unset = False,
) -> Response[Any | Problem]:
    """Log out of /admin: the session is revoked server-side and the cookie cleared

     Log out of /admin: the session is revoked server-side and the cookie cleared.

    Args:
        everywhere (bool | Unset): Log out on every device: all of this person's /admin sessions
            Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        everywhere=everywhere,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    everywhere: bool | Unset = False,
) -> Any | Problem | None:
    """Log out of /admin: the session is revoked server-side and the cookie cleared

     Log out of /admin: the session is revoked server-side and the cookie cleared.

    Args:
        everywhere (bool | Unset): Log out on every device: all of this person's /admin sessions
            Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        client=client,
        everywhere=everywhere,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    everywhere: bool | Unset = False,
) -> Response[Any | Problem]:
    """Log out of /admin: the session is revoked server-side and the cookie cleared

     Log out of /admin: the session is revoked server-side and the cookie cleared.

    Args:
        everywhere (bool | Unset): Log out on every device: all of this person's /admin sessions
            Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        everywhere=everywhere,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    everywhere: bool | Unset = False,
) -> Any | Problem | None:
    """Log out of /admin: the session is revoked server-side and the cookie cleared

     Log out of /admin: the session is revoked server-side and the cookie cleared.

    Args:
        everywhere (bool | Unset): Log out on every device: all of this person's /admin sessions
            Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            everywhere=everywhere,
        )
    ).parsed
