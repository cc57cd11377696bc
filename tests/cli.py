"""Run the real CLI (`python -m app.cli …`) against a test's database, in a process of its own."""

import asyncio
import os
import subprocess
import sys

from app.config import Settings
from tests import dbs


async def run_cli(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m app.cli ARGS` with only the test's PARLEY_* settings in its environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
    env |= {
        "PARLEY_DATABASE_URL": settings.database_url,
        "PARLEY_DATA_DIR": str(settings.data_dir),
        "PARLEY_SECRET_KEY": settings.secret_key.get_secret_value(),
    }
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "app.cli", *args],
        cwd=dbs.ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
