"""Regenerate the committed API clients from openapi/openapi.json (`make clients`).

    python clients/generate.py            # into clients/ (what is committed)
    python clients/generate.py --out DIR  # into DIR/python/parley_client, DIR/typescript/src

Generators are pinned (uv.lock for openapi-python-client, clients/typescript/package-lock.json for
openapi-typescript), so the same document always gives the same files; the suite regenerates into
a temporary directory and compares (tests/clients/test_clients.py).
"""

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

CLIENTS = Path(__file__).resolve().parent
ROOT = CLIENTS.parent
DOCUMENT = ROOT / "openapi" / "openapi.json"
TYPESCRIPT = CLIENTS / "typescript"
BIN = Path(sys.executable).parent  # the project's virtualenv: openapi-python-client and ruff


def ensure_node_modules() -> None:
    """`npm ci` in clients/typescript when its tools are missing (a fresh clone, CI)."""
    if (TYPESCRIPT / "node_modules" / ".bin" / "openapi-typescript").exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is needed to generate the TypeScript client")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=TYPESCRIPT, check=True, timeout=300)


def python_client(out: Path) -> None:
    target = out / "python" / "parley_client"
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.parent != CLIENTS / "python":  # the post hooks' ruff settings, wherever it writes
        shutil.copy(CLIENTS / "python" / "pyproject.toml", target.parent / "pyproject.toml")
    command = [str(BIN / "openapi-python-client"), "generate", "--path", str(DOCUMENT)]
    command += ["--config", str(CLIENTS / "python" / "config.yaml"), "--meta", "none"]
    command += ["--output-path", str(target)]
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    # Run from the client's folder: ruff (the post hooks) reads clients/python/pyproject.toml.
    subprocess.run(command, cwd=target.parent, env=env, check=True, timeout=300)


def typescript_client(out: Path) -> None:
    ensure_node_modules()
    target = out / "typescript" / "src" / "schema.d.ts"
    target.parent.mkdir(parents=True, exist_ok=True)
    tool = TYPESCRIPT / "node_modules" / ".bin" / "openapi-typescript"
    # A property with a default is optional to send (the server fills it in), not required.
    command = [str(tool), str(DOCUMENT), "--default-non-nullable=false", "--output", str(target)]
    subprocess.run(command, cwd=TYPESCRIPT, check=True, timeout=300, capture_output=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=CLIENTS, help="where to write (default: clients/)")
    args = parser.parse_args(argv)
    python_client(args.out.resolve())
    typescript_client(args.out.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
