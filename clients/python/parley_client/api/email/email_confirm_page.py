from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    a: int,
    t: str,
    thread: int | None | Unset = UNSET,
    until: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["a"] = a

    params["t"] = t

    json_thread: int | None | Unset
    if isinstance(thread, Unset):
        json_thread = UNSET
    else:
        json_thread = thread
    params["thread"] = json_thread

    json_until: int | None | Unset
    if isinstance(until, Unset):
        json_until = UNSET
    else:
        json_until = until
    params["until"] = json_until

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/mail/confirm",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | str | None:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 410:
        response_410 = Problem.from_dict(response.json())

        return response_410

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
) -> Response[Problem | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    a: int,
    t: str,
    thread: int | None | Unset = UNSET,
    until: int | None | Unset = UNSET,
) -> Response[Problem | str]:
    """The confirmation page of an emailed link: one button, nothing confirmed yet

     The confirmation page of an emailed link: one button, nothing confirmed yet.

    Args:
        a (int): Address id
        t (str): Token
        thread (int | None | Unset): Thread to confirm
        until (int | None | Unset): When the link expires (Unix time)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        a=a,
        t=t,
        thread=thread,
        until=until,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    a: int,
    t: str,
    thread: int | None | Unset = UNSET,
    until: int | None | Unset = UNSET,
) -> Problem | str | None:
    """The confirmation page of an emailed link: one button, nothing confirmed yet

     The confirmation page of an emailed link: one button, nothing confirmed yet.

    Args:
        a (int): Address id
        t (str): Token
        thread (int | None | Unset): Thread to confirm
        until (int | None | Unset): When the link expires (Unix time)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return sync_detailed(
        client=client,
        a=a,
        t=t,
        thread=thread,
        until=until,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    a: int,
    t: str,
    thread: int | None | Unset = UNSET,
    until: int | None | Unset = UNSET,
) -> Response[Problem | str]:
    """The confirmation page of an emailed link: one button, nothing confirmed yet

     The confirmation page of an emailed link: one button, nothing confirmed yet.

    Args:
        a (int): Address id
        t (str): Token
        thread (int | None | Unset): Thread to confirm
        until (int | None | Unset): When the link expires (Unix time)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        a=a,
        t=t,
        thread=thread,
        until=until,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    a: int,
    t: str,
    thread: int | None | Unset = UNSET,
    until: int | None | Unset = UNSET,
) -> Problem | str | None:
    """The confirmation page of an emailed link: one button, nothing confirmed yet

     The confirmation page of an emailed link: one button, nothing confirmed yet.

    Args:
        a (int): Address id
        t (str): Token
        thread (int | None | Unset): Thread to confirm
        until (int | None | Unset): When the link expires (Unix time)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return (
        await asyncio_detailed(
            client=client,
            a=a,
            t=t,
            thread=thread,
            until=until,
        )
    ).parsed
