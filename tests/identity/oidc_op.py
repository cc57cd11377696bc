"""Start and stop the real OpenID Connect provider (npm `oidc-provider`) of tests/oidc_provider."""

import select
import shutil
import subprocess
import time
from pathlib import Path

from tests.identity.stub_providers import free_port
from tests.npm import npm_ci

PROVIDER_DIR = Path(__file__).resolve().parent.parent / "oidc_provider"
CLIENT_ID = "parley-test"
CLIENT_SECRET = "parley-test-secret"
START_TIMEOUT_SECONDS = 20


def ensure_installed() -> None:
    """`npm ci` from the lock file when node_modules is missing (a fresh clone, CI)."""
    npm_ci(
        PROVIDER_DIR, ["oidc-provider"], "to install the test OpenID provider (tests/oidc_provider)"
    )


class OIDCProvider:
    """One provider process on a free loopback port; `issuer` once started."""

    def __init__(self, redirect_uris: list[str]) -> None:
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.redirect_uris = redirect_uris
        self.process: subprocess.Popen[str] | None = None

    def __enter__(self) -> "OIDCProvider":
        ensure_installed()
        node = shutil.which("node")
        if node is None:
            raise RuntimeError("node is needed to run the test OpenID provider")
        self.process = subprocess.Popen(
            [
                node,
                "provider.mjs",
                str(self.port),
                CLIENT_ID,
                CLIENT_SECRET,
                ",".join(self.redirect_uris),
            ],
            cwd=PROVIDER_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        assert self.process is not None
        assert self.process.stdout is not None
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oidc-provider exited with {self.process.returncode}")
            ready, _, _ = select.select([self.process.stdout], [], [], 0.2)
            if ready and self.process.stdout.readline().startswith("ready "):
                return
        self.__exit__()
        raise RuntimeError("oidc-provider did not start in time")

    def __exit__(self, *_: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process is not None and self.process.stdout is not None:
            self.process.stdout.close()
