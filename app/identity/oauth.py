"""The popup's OAuth dance: authorization URL out; the answer in, checked; a profile out."""

from collections.abc import Mapping
from typing import Any

from authlib.common.errors import AuthlibBaseError
from joserfc.errors import JoseError
from starlette.requests import Request

from app.identity.profiles import Profile, ProfileError
from app.identity.providers import HTTP_ERRORS, Provider


class ProviderFailure(Exception):
    """The provider refused or failed the login; `code` is safe to post to the widget."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


async def _claims_options(provider: Provider) -> dict[str, Any]:
    """Exact issuer and audience checks for the id_token.

    Microsoft's multi-tenant endpoints publish the issuer as a template with `{tenantid}`;
    the token's own `tid` fills it, so the check stays exact.
    """
    metadata = await provider.client.load_server_metadata()
    issuer = str(metadata.get("issuer", ""))
    options: dict[str, Any] = {"aud": {"essential": True, "values": [provider.client.client_id]}}
    if "{tenantid}" in issuer:

        def tenant_issuer(claims: Mapping[str, Any], value: Any) -> bool:
            return bool(value) and value == issuer.replace("{tenantid}", str(claims.get("tid")))

        options["iss"] = {"essential": True, "validate": tenant_issuer}
    else:
        options["iss"] = {"essential": True, "values": [issuer]}
    return options


async def start_login(provider: Provider, request: Request, redirect_uri: str) -> tuple[str, str]:
    """Create the authorization URL (state, PKCE, nonce kept in the popup's session cookie).

    Returns (url, state).
    """
    try:
        data = await provider.client.create_authorization_url(redirect_uri)
        kept = {key: value for key, value in data.items() if key != "url"}  # keep the cookie small
        await provider.client.save_authorize_data(request, redirect_uri=redirect_uri, **kept)
    except (AuthlibBaseError, JoseError, *HTTP_ERRORS, ValueError, KeyError) as exc:
        raise ProviderFailure(
            "provider_unavailable", "The login provider cannot be reached."
        ) from exc
    return str(data["url"]), str(data["state"])


async def finish_login(provider: Provider, request: Request) -> Profile:
    """Check state, exchange the code (PKCE), verify id_token and nonce, map the profile."""
    error = request.query_params.get("error")
    if error:
        known = ("access_denied", "login_required", "consent_required")
        code = error if error in known else "provider_error"
        state = request.query_params.get("state", "")
        await provider.client.framework.clear_state_data(request.session, state)
        raise ProviderFailure(code, "The login was cancelled or refused at the provider.")
    try:
        kwargs = {"claims_options": await _claims_options(provider)} if provider.oidc else {}
        token = await provider.client.authorize_access_token(request, **kwargs)
        return await provider.fetch_profile(provider.client, token)
    except (AuthlibBaseError, JoseError) as exc:
        raise ProviderFailure(
            "provider_error", f"The provider's answer was refused: {exc}"
        ) from exc
    except HTTP_ERRORS as exc:
        raise ProviderFailure(
            "provider_unavailable", "The login provider failed to answer."
        ) from exc
    except (ProfileError, ValueError, KeyError, TypeError) as exc:
        raise ProviderFailure(
            "provider_error", f"The provider's profile is unusable: {exc}"
        ) from exc
