from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.delivery_page import DeliveryPage
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    site_id: str,
    webhook_id: int,
    *,
    before: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_before: int | None | Unset
    if isinstance(before, Unset):
        json_before = UNSET
    else:
        json_before = before
    params["before"] = json_before

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/admin/sites/{site_id}/webhooks/{webhook_id}/deliveries".format(
            site_id=quote(str(site_id), safe=""),
            webhook_id=quote(str(webhook_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DeliveryPage | Problem | None:
    if response.status_code == 200:
        response_200 = DeliveryPage.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

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
) -> Response[DeliveryPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    site_id: str,
    webhook_id: int,
    *,
    client: AuthenticatedClient | Client,
    before: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[DeliveryPage | Problem]:
    """The webhook's deliveries, newest first: status, attempts, last response, next attempt

     The webhook's deliveries, newest first: status, attempts, last response, next attempt.

    Args:
        site_id (str): The site's slug
        webhook_id (int):
        before (int | None | Unset): Older ids only
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeliveryPage | Problem]
    """

    kwargs = _get_kwargs(
        site_id=site_id,
        webhook_id=webhook_id,
        before=before,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    site_id: str,
    webhook_id: int,
    *,
    client: AuthenticatedClient | Client,
    before: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> DeliveryPage | Problem | None:
    """The webhook's deliveries, newest first: status, attempts, last response, next attempt

     The webhook's deliveries, newest first: status, attempts, last response, next attempt.

    Args:
        site_id (str): The site's slug
        webhook_id (int):
        before (int | None | Unset): Older ids only
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeliveryPage | Problem
    """

    return sync_detailed(
        site_id=site_id,
        webhook_id=webhook_id,
        client=client,
        before=before,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    site_id: str,
    webhook_id: int,
    *,
    client: AuthenticatedClient | Client,
    before: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[DeliveryPage | Problem]:
    """The webhook's deliveries, newest first: status, attempts, last response, next attempt

     The webhook's deliveries, newest first: status, attempts, last response, next attempt.

    Args:
        site_id (str): The site's slug
        webhook_id (int):
        before (int | None | Unset): Older ids only
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeliveryPage | Problem]
    """

    kwargs = _get_kwargs(
        site_id=site_id,
        webhook_id=webhook_id,
        before=before,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    site_id: str,
    webhook_id: int,
    *,
    client: AuthenticatedClient | Client,
    before: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> DeliveryPage | Problem | None:
    """The webhook's deliveries, newest first: status, attempts, last response, next attempt

     The webhook's deliveries, newest first: status, attempts, last response, next attempt.

    Args:
        site_id (str): The site's slug
        webhook_id (int):
        before (int | None | Unset): Older ids only
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeliveryPage | Problem
    """

    return (
        await asyncio_detailed(
            site_id=site_id,
            webhook_id=webhook_id,
            client=client,
            before=before,
            limit=limit,
        )
    ).parsed
