"""A local HTTP stand-in for the built-in providers, serving their documented JSON shapes.

It plays each provider's authorization server (authorize → redirect with code, token endpoint with
the client authentication and PKCE checks the real one makes) and profile API. Google and Microsoft
get discovery documents, a JWKS and RS256 id_tokens carrying the nonce, like the real ones.
"""

import base64
import hashlib
import secrets
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import uvicorn
from joserfc import jwt
from joserfc.jwk import RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from tests.waiting import wait_until

CLIENT_ID = "stub-client"
CLIENT_SECRET = "stub-secret"

# How each provider wants the client to authenticate at its token endpoint.
TOKEN_AUTH = {
    "github": "post",
    "google": "post",
    "facebook": "post",
    "twitter": "basic",
    "wordpress": "post",
    "microsoft": "post",
}
TENANT_ID = "9188040d-6c67-4c5b-b112-36a304b66dad"


def default_profiles() -> dict[str, Any]:
    """Sample answers in the shapes each provider documents."""
    return {
        "github": {
            "user": {
                "login": "octocat",
                "id": 583231,
                "node_id": "MDQ6VXNlcjU4MzIzMQ==",
                "avatar_url": "https://avatars.githubusercontent.com/u/583231?v=4",
                "html_url": "https://github.com/octocat",
                "type": "User",
                "name": "The Octocat",
                "email": "octocat@github.com",
            },
            "emails": [
                {
                    "email": "old@example.com",
                    "verified": True,
                    "primary": False,
                    "visibility": None,
                },
                {
                    "email": "octocat@github.com",
                    "verified": True,
                    "primary": True,
                    "visibility": "public",
                },
            ],
        },
        "google": {
            "sub": "110169484474386276334",
            "email": "jane.doe@gmail.com",
            "email_verified": True,
            "name": "Jane Doe",
            "given_name": "Jane",
            "family_name": "Doe",
            "picture": "https://lh3.googleusercontent.com/a/ACg8ocJ=s96-c",
            "locale": "en",
        },
        "facebook": {
            "id": "10158291234567890",
            "name": "Sam Page",
            "email": "sam@example.com",
            "picture": {
                "data": {
                    "height": 50,
                    "is_silhouette": False,
                    "url": "https://platform-lookaside.fbsbx.com/platform/profilepic/?asid=1",
                    "width": 50,
                }
            },
            "link": "https://www.facebook.com/app_scoped_user_id/10158291234567890/",
        },
        "twitter": {
            "data": {
                "id": "2244994945",
                "name": "Developers",
                "username": "XDevelopers",
                "profile_image_url": "https://pbs.twimg.com/profile_images/1/dev_normal.jpg",
            }
        },
        "wordpress": {
            "ID": 18342963,
            "display_name": "Matt Press",
            "username": "mattpress",
            "email": "matt@example.com",
            "primary_blog": 1,
            "avatar_URL": "https://0.gravatar.com/avatar/abc?s=96&d=identicon",
            "profile_URL": "https://gravatar.com/mattpress",
            "verified": True,
            "email_verified": True,
        },
        "microsoft": {
            "sub": "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ",
            "oid": "00000000-0000-0000-66f3-3332eca7ea81",
            "tid": TENANT_ID,
            "name": "Megan Bowen",
            "preferred_username": "megan@contoso.example",
            "email": "megan@contoso.example",
        },
    }


@dataclass
class StubState:
    base_url: str = ""
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "k1"}))
    profiles: dict[str, Any] = field(default_factory=default_profiles)
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    # Test switches: {"provider": "token" | "profile" | "id_token_nonce" | "id_token_issuer"}
    failures: dict[str, str] = field(default_factory=dict)
    requests: list[dict[str, Any]] = field(default_factory=list)

    def reset(self) -> None:
        self.profiles = default_profiles()
        self.failures.clear()
        self.requests.clear()

    def endpoints(self) -> dict[str, dict[str, str]]:
        """Authlib URL overrides pointing each built-in provider at this stub."""
        b = self.base_url
        oauth2 = {
            name: {
                "authorize_url": f"{b}/{name}/authorize",
                "access_token_url": f"{b}/{name}/token",
                "api_base_url": f"{b}/{name}/api/",
            }
            for name in ("github", "facebook", "twitter", "wordpress")
        }
        return oauth2 | {
            "google": {"server_metadata_url": f"{b}/google/.well-known/openid-configuration"},
            "microsoft": {
                "server_metadata_url": f"{b}/microsoft/common/v2.0/.well-known/openid-configuration"
            },
        }

    def issuer(self, provider: str, tid: str | None = None) -> str:
        if provider == "microsoft":
            return f"{self.base_url}/microsoft/{tid or '{tenantid}'}/v2.0"
        return f"{self.base_url}/google"


def _s256(verifier: str) -> str:
    return (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    )


def build_stub(state: StubState) -> Starlette:
    def log(request: Request, **extra: Any) -> None:
        state.requests.append(
            {
                "path": request.url.path,
                "query": dict(request.query_params),
                "headers": dict(request.headers),
                **extra,
            }
        )

    async def authorize(request: Request) -> Response:
        provider = request.path_params["provider"]
        q = request.query_params
        log(request)
        if q.get("code_challenge_method") != "S256" or not q.get("code_challenge"):
            return JSONResponse({"error": "invalid_request", "error_description": "PKCE"}, 400)
        code = secrets.token_urlsafe(16)
        state.codes[code] = {
            "provider": provider,
            "redirect_uri": q["redirect_uri"],
            "client_id": q["client_id"],
            "challenge": q["code_challenge"],
            "nonce": q.get("nonce"),
        }
        query = urlencode({"code": code, "state": q["state"]})
        return RedirectResponse(f"{q['redirect_uri']}?{query}", status_code=302)

    def _client_credentials(request: Request, form: Any) -> tuple[str, str, str]:
        header = request.headers.get("authorization", "")
        if header.lower().startswith("basic "):
            client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
            return "basic", client_id, secret
        return "post", str(form.get("client_id", "")), str(form.get("client_secret", ""))

    def _id_token(provider: str, access_token: str, nonce: str | None) -> str:
        claims = dict(state.profiles[provider])
        now = int(time.time())
        claims.update(aud=CLIENT_ID, iat=now, exp=now + 300, nonce=nonce)
        claims["iss"] = state.issuer(provider, claims.get("tid"))
        if state.failures.get(provider) == "id_token_nonce":
            claims["nonce"] = "not-the-nonce"
        if state.failures.get(provider) == "id_token_issuer":
            claims["iss"] = "https://evil.example"
        at_hash = hashlib.sha256(access_token.encode()).digest()[:16]
        claims["at_hash"] = base64.urlsafe_b64encode(at_hash).rstrip(b"=").decode()
        return jwt.encode({"alg": "RS256", "kid": "k1"}, claims, state.key)

    async def token(request: Request) -> Response:
        provider = request.path_params["provider"]
        form = await request.form()
        method, client_id, secret = _client_credentials(request, form)
        log(request, form=dict(form), auth_method=method)
        entry = state.codes.pop(str(form.get("code")), None)
        if state.failures.get(provider) == "token" or entry is None:
            return JSONResponse({"error": "invalid_grant"}, 400)
        if (method, client_id, secret) != (TOKEN_AUTH[provider], CLIENT_ID, CLIENT_SECRET):
            return JSONResponse({"error": "invalid_client"}, 401)
        if entry["provider"] != provider or form.get("redirect_uri") != entry["redirect_uri"]:
            return JSONResponse({"error": "invalid_grant", "error_description": "redirect"}, 400)
        if _s256(str(form.get("code_verifier", ""))) != entry["challenge"]:
            return JSONResponse({"error": "invalid_grant", "error_description": "PKCE"}, 400)
        access_token = secrets.token_urlsafe(16)
        state.tokens[access_token] = provider
        body: dict[str, Any] = {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 3600,
        }
        if provider in ("google", "microsoft"):
            body["id_token"] = _id_token(provider, access_token, entry["nonce"])
        return JSONResponse(body)

    def _authorized(request: Request, provider: str) -> bool:
        header = request.headers.get("authorization", "")
        return state.tokens.get(header.removeprefix("Bearer ").strip()) == provider

    async def api(request: Request) -> Response:
        provider, path = request.path_params["provider"], request.path_params["path"]
        log(request)
        if not _authorized(request, provider):
            return JSONResponse({"message": "Bad credentials"}, 401)
        if state.failures.get(provider) == "profile":
            return JSONResponse({"message": "Server Error"}, 500)
        profile = state.profiles[provider]
        answers = {
            ("github", "user"): lambda: profile["user"],
            ("github", "user/emails"): lambda: profile["emails"],
            ("facebook", "me"): lambda: profile,
            ("twitter", "users/me"): lambda: profile,
            ("wordpress", "me"): lambda: profile,
        }
        answer = answers.get((provider, path))
        return JSONResponse(answer()) if answer else JSONResponse({"error": "not found"}, 404)

    def discovery_doc(provider: str) -> dict[str, Any]:
        b = f"{state.base_url}/{provider}"
        return {
            "issuer": state.issuer(provider),
            "authorization_endpoint": f"{b}/authorize",
            "token_endpoint": f"{b}/token",
            "userinfo_endpoint": f"{b}/userinfo",
            "jwks_uri": f"{b}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        }

    async def discovery(request: Request) -> Response:
        return JSONResponse(discovery_doc(request.path_params["provider"]))

    async def microsoft_discovery(_: Request) -> Response:
        return JSONResponse(discovery_doc("microsoft"))

    async def jwks(_: Request) -> Response:
        return JSONResponse({"keys": [state.key.as_dict(private=False)]})

    return Starlette(
        routes=[
            Route("/{provider}/authorize", authorize),
            Route("/{provider}/token", token, methods=["POST"]),
            Route("/{provider}/api/{path:path}", api),
            Route("/{provider}/.well-known/openid-configuration", discovery),
            Route("/microsoft/common/v2.0/.well-known/openid-configuration", microsoft_discovery),
            Route("/{provider}/jwks", jwks),
        ]
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class StubServer:
    """The stub app served by uvicorn on a loopback port, in a background thread."""

    def __init__(self) -> None:
        self.state = StubState()
        port = free_port()
        self.state.base_url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(
            build_stub(self.state), host="127.0.0.1", port=port, log_level="warning", lifespan="off"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> StubState:
        self.thread.start()
        wait_until(lambda: self.server.started, "the stub provider server to start", within=30)
        return self.state

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
