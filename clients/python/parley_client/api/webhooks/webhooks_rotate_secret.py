from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.secret_rotation import SecretRotation
from ...models.webhook_created import WebhookCreated
from ...types import UNSET, Response, Unset


def _get_kwargs(
    site_id: str,
    webhook_id: int,
    *,
    body: None | SecretRotation | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/admin/sites/{site_id}/webhooks/{webhook_id}/secret".format(
            site_id=quote(str(site_id), safe=""),
            webhook_id=quote(str(webhook_id), safe=""),
        ),
    }

    if isinstance(body, SecretRotation):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | WebhookCreated | None:
    if response.status_code == 200:
        response_200 = WebhookCreated.from_dict(response.json())

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
) -> Response[Problem | WebhookCreated]:
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
    body: None | SecretRotation | Unset = UNSET,
) -> Response[Problem | WebhookCreated]:
    """A new signing secret, shown only in this response

     A new signing secret, shown only in this response. For `keep_previous_hours` (24 when
    no body is sent) every delivery is signed with the old secret as well, so the receiver can
    switch to the new one without rejecting a delivery.

    Args:
        site_id (str): The site's slug
        webhook_id (int):
        body (None | SecretRotation | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookCreated]
    """

    kwargs = _get_kwargs(
        site_id=site_id,
        webhook_id=webhook_id,
        body=body,
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
    body: None | SecretRotation | Unset = UNSET,
) -> Problem | WebhookCreated | None:
    """A new signing secret, shown only in this response

     A new signing secret, shown only in this response. For `keep_previous_hours` (24 when
    no body is sent) every delivery is signed with the old secret as well, so the receiver can
    switch to the new one without rejecting a delivery.

    Args:
        site_id (str): The site's slug
        webhook_id (int):
        body (None | SecretRotation | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookCreated
    """

    return sync_detailed(
        site_id=site_id,
        webhook_id=webhook_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    site_id: str,
    webhook_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: None | SecretRotation | Unset = UNSET,
) -> Response[Problem | WebhookCreated]:
    """A new signing secret, shown only in this response

     A new signing secret, shown only in this response. For `keep_previous_hours` (24 when
    no body is sent) every delivery is signed with the old secret as well, so the receiver can
    switch to the new one without rejecting a delivery.

    Args:
        site_id (str): The site's slug
        webhook_id (int):
        body (None | SecretRotation | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookCreated]
    """

    kwargs = _get_kwargs(
        site_id=site_id,
        webhook_id=webhook_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    site_id: str,
    webhook_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: None | SecretRotation | Unset = UNSET,
) -> Problem | WebhookCreated | None:
    """A new signing secret, shown only in this response

     A new signing secret, shown only in this response. For `keep_previous_hours` (24 when
    no body is sent) every delivery is signed with the old secret as well, so the receiver can
    switch to the new one without rejecting a delivery.

    Args:
        site_id (str): The site's slug
        webhook_id (int):
        body (None | SecretRotation | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookCreated
    """

    return (
        await asyncio_detailed(
            site_id=site_id,
            webhook_id=webhook_id,
            client=client,
            body=body,
        )
    ).parsed
