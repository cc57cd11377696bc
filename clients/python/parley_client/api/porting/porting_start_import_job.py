from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.import_format import ImportFormat
from ...models.import_job_read import ImportJobRead
from ...models.problem import Problem
from ...models.start_import_job_upload import StartImportJobUpload
from ...types import UNSET, Response, Unset


def _get_kwargs(
    site_id: str,
    *,
    body: StartImportJobUpload,
    format_: ImportFormat,
    map_origin: list[str] | Unset = UNSET,
    map_path: list[str] | Unset = UNSET,
    base_url: None | str | Unset = UNSET,
    include_pingbacks: bool | Unset = False,
    strict: bool | Unset = False,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    json_format_ = format_.value
    params["format"] = json_format_

    json_map_origin: list[str] | Unset = UNSET
    if not isinstance(map_origin, Unset):
        json_map_origin = map_origin

    params["map_origin"] = json_map_origin

    json_map_path: list[str] | Unset = UNSET
    if not isinstance(map_path, Unset):
        json_map_path = map_path

    params["map_path"] = json_map_path

    json_base_url: None | str | Unset
    if isinstance(base_url, Unset):
        json_base_url = UNSET
    else:
        json_base_url = base_url
    params["base_url"] = json_base_url

    params["include_pingbacks"] = include_pingbacks

    params["strict"] = strict

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/admin/sites/{site_id}/imports".format(
            site_id=quote(str(site_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ImportJobRead | Problem | None:
    if response.status_code == 202:
        response_202 = ImportJobRead.from_dict(response.json())

        return response_202

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
) -> Response[ImportJobRead | Problem]:
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
    body: StartImportJobUpload,
    format_: ImportFormat,
    map_origin: list[str] | Unset = UNSET,
    map_path: list[str] | Unset = UNSET,
    base_url: None | str | Unset = UNSET,
    include_pingbacks: bool | Unset = False,
    strict: bool | Unset = False,
) -> Response[ImportJobRead | Problem]:
    """Start an import in the background; poll GET …/imports/{job_id} for progress

     Start an import in the background; poll GET …/imports/{job_id} for progress.

    Args:
        site_id (str): The site's slug
        format_ (ImportFormat):
        map_origin (list[str] | Unset): OLD=NEW origin rewrite
        map_path (list[str] | Unset): OLD=NEW path-prefix rewrite
        base_url (None | str | Unset): Isso: URL thread paths are under
        include_pingbacks (bool | Unset):  Default: False.
        strict (bool | Unset): Refuse the whole file at the first oddity Default: False.
        body (StartImportJobUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImportJobRead | Problem]
    """

    kwargs = _get_kwargs(
        site_id=site_id,
        body=body,
        format_=format_,
        map_origin=map_origin,
        map_path=map_path,
        base_url=base_url,
        include_pingbacks=include_pingbacks,
        strict=strict,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    site_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: StartImportJobUpload,
    format_: ImportFormat,
    map_origin: list[str] | Unset = UNSET,
    map_path: list[str] | Unset = UNSET,
    base_url: None | str | Unset = UNSET,
    include_pingbacks: bool | Unset = False,
    strict: bool | Unset = False,
) -> ImportJobRead | Problem | None:
    """Start an import in the background; poll GET …/imports/{job_id} for progress

     Start an import in the background; poll GET …/imports/{job_id} for progress.

    Args:
        site_id (str): The site's slug
        format_ (ImportFormat):
        map_origin (list[str] | Unset): OLD=NEW origin rewrite
        map_path (list[str] | Unset): OLD=NEW path-prefix rewrite
        base_url (None | str | Unset): Isso: URL thread paths are under
        include_pingbacks (bool | Unset):  Default: False.
        strict (bool | Unset): Refuse the whole file at the first oddity Default: False.
        body (StartImportJobUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImportJobRead | Problem
    """

    return sync_detailed(
        site_id=site_id,
        client=client,
        body=body,
        format_=format_,
        map_origin=map_origin,
        map_path=map_path,
        base_url=base_url,
        include_pingbacks=include_pingbacks,
        strict=strict,
    ).parsed


async def asyncio_detailed(
    site_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: StartImportJobUpload,
    format_: ImportFormat,
    map_origin: list[str] | Unset = UNSET,
    map_path: list[str] | Unset = UNSET,
    base_url: None | str | Unset = UNSET,
    include_pingbacks: bool | Unset = False,
    strict: bool | Unset = False,
) -> Response[ImportJobRead | Problem]:
    """Start an import in the background; poll GET …/imports/{job_id} for progress

     Start an import in the background; poll GET …/imports/{job_id} for progress.

    Args:
        site_id (str): The site's slug
        format_ (ImportFormat):
        map_origin (list[str] | Unset): OLD=NEW origin rewrite
        map_path (list[str] | Unset): OLD=NEW path-prefix rewrite
        base_url (None | str | Unset): Isso: URL thread paths are under
        include_pingbacks (bool | Unset):  Default: False.
        strict (bool | Unset): Refuse the whole file at the first oddity Default: False.
        body (StartImportJobUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImportJobRead | Problem]
    """

    kwargs = _get_kwargs(
        site_id=site_id,
        body=body,
        format_=format_,
        map_origin=map_origin,
        map_path=map_path,
        base_url=base_url,
        include_pingbacks=include_pingbacks,
        strict=strict,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    site_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: StartImportJobUpload,
    format_: ImportFormat,
    map_origin: list[str] | Unset = UNSET,
    map_path: list[str] | Unset = UNSET,
    base_url: None | str | Unset = UNSET,
    include_pingbacks: bool | Unset = False,
    strict: bool | Unset = False,
) -> ImportJobRead | Problem | None:
    """Start an import in the background; poll GET …/imports/{job_id} for progress

     Start an import in the background; poll GET …/imports/{job_id} for progress.

    Args:
        site_id (str): The site's slug
        format_ (ImportFormat):
        map_origin (list[str] | Unset): OLD=NEW origin rewrite
        map_path (list[str] | Unset): OLD=NEW path-prefix rewrite
        base_url (None | str | Unset): Isso: URL thread paths are under
        include_pingbacks (bool | Unset):  Default: False.
        strict (bool | Unset): Refuse the whole file at the first oddity Default: False.
        body (StartImportJobUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImportJobRead | Problem
    """

    return (
        await asyncio_detailed(
            site_id=site_id,
            client=client,
            body=body,
            format_=format_,
            map_origin=map_origin,
            map_path=map_path,
            base_url=base_url,
            include_pingbacks=include_pingbacks,
            strict=strict,
        )
    ).parsed
