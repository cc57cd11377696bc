"""`npm ci` for the test tools (widget build, TypeScript client, test OpenID provider), once per
checkout however many pytest-xdist workers need it at the same moment."""

import fcntl
import os
import shutil
import subprocess
from pathlib import Path


def installed(directory: Path, needs: list[str]) -> bool:
    """Whether a finished install is there: npm writes node_modules/.package-lock.json last."""
    modules = directory / "node_modules"
    return all((modules / name).exists() for name in [*needs, ".package-lock.json"])


def npm_ci(directory: Path, needs: list[str], why: str) -> None:
    """`npm ci` in `directory` unless its node_modules holds a finished install with `needs` (paths
    under node_modules): a fresh clone, CI. The check and the install happen under an exclusive lock
    on the directory, so a second worker waits for the first one's install instead of starting its
    own over it (`npm ci` deletes node_modules first) or using a half-written one."""
    if installed(directory, needs):
        return
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        if installed(directory, needs):
            return  # another worker installed it while this one waited
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError(f"npm is needed {why}")
        command = [npm, "ci", "--no-audit", "--no-fund"]
        subprocess.run(command, cwd=directory, check=True, timeout=300)
    finally:
        os.close(descriptor)  # releases the lock
