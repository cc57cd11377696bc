"""`python -m app.openapi` writes openapi/openapi.json; `--check` fails when it is stale."""

import argparse
import json
import sys
from pathlib import Path

from app.config import Settings
from app.main import create_app

OUTPUT = Path(__file__).resolve().parent.parent / "openapi" / "openapi.json"


def render() -> str:
    app = create_app(Settings(env="test"))
    return json.dumps(app.openapi(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    args = parser.parse_args(argv)
    current = render()
    if args.check:
        if not OUTPUT.exists() or OUTPUT.read_text() != current:
            sys.stderr.write("openapi/openapi.json is stale: run `python -m app.openapi`\n")
            return 1
        return 0
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text(current)
    return 0


if __name__ == "__main__":
    sys.exit(main())
