from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.webhook_read import WebhookRead
from ...models.webhook_update import WebhookUpdate
from ...types import Response


def _get_kwargs(
    site_id: str,
    webhook_id: int,
    *,
    body: WebhookUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/admin/sites/{site_id}/webhooks/{webhook_id}".format(
            site_id=quote(str(site_id), safe=""),
            webhook_id=quote(str(webhook_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | WebhookRead | None:
    if response.status_code == 200:
        response_200 = WebhookRead.from_dict(response.json())

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
) -> Response[Problem | WebhookRead]:
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
    body: WebhookUpdate,
) -> Response[Problem | WebhookRead]:
    """Change a webhook's URL, events or description, or enable it again

     Change a webhook's URL, events or description, or enable it again.

    Args:
        site_id (str): The site's slug
        webhook_id (int):
        body (WebhookUpdate): Changes to a webhook; `enabled: true` re-enables one that was
            disabled after failures.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookRead]
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
    body: WebhookUpdate,
) -> Problem | WebhookRead | None:
    """Change a webhook's URL, events or description, or enable it again

     Change a webhook's URL, events or description, or enable it again.

    Args:
        site_id (str): The site's slug
        webhook_id (int):
        body (WebhookUpdate): Changes to a webhook; `enabled: true` re-enables one that was
            disabled after failures.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookRead
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
    body: WebhookUpdate,
) -> Response[Problem | WebhookRead]:
    """Change a webhook's URL, events or description, or enable it again

     Change a webhook's URL, events or description, or enable it again.

    Args:
        site_id (str): The site's slug
        webhook_id (int):
        body (WebhookUpdate): Changes to a webhook; `enabled: true` re-enables one that was
            disabled after failures.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookRead]
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
    body: WebhookUpdate,
) -> Problem | WebhookRead | None:
    """Change a webhook's URL, events or description, or enable it again

     Change a webhook's URL, events or description, or enable it again.

    Args:
        site_id (str): The site's slug
        webhook_id (int):
        body (WebhookUpdate): Changes to a webhook; `enabled: true` re-enables one that was
            disabled after failures.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookRead
    """

    return (
        await asyncio_detailed(
            site_id=site_id,
            webhook_id=webhook_id,
            client=client,
            body=body,
        )
    ).parsed
