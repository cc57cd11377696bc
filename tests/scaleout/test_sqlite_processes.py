"""Two real processes on one SQLite file, writing at once: SQLite's statements run on each event
loop's thread (app/db/inline_sqlite.py), so a writer that finds the file locked by the other
process waits with asyncio.sleep. Every write must land, none may fail, and both processes must
keep answering reads meanwhile."""

from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.builders import ADMIN, POST_URL, SITE_ID, SITE_ORIGIN
from tests.live import live_servers
from tests.scaleout.conftest import as_client, server_env

COMMENTS = f"/api/v1/sites/{SITE_ID}/comments"
WRITERS, EACH = 8, 15  # per process


def test_two_processes_write_one_sqlite_file_at_once(tmp_path):
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'parley.db'}"
    env = server_env(PARLEY_WRITE_RATE_LIMIT="100000/minute")
    with live_servers(database_url, [tmp_path / "a", tmp_path / "b"], env=env) as (a, b):
        site = {"id": SITE_ID, "name": "Blog", "origins": [SITE_ORIGIN]}
        created = httpx.post(f"{a.url}/api/v1/admin/sites", json=site, headers=ADMIN)
        assert created.status_code == 201, created.text

        def write(job: tuple[str, int]) -> list[int]:
            base, writer = job
            statuses = []
            with httpx.Client(base_url=base, timeout=60) as http:
                for n in range(EACH):
                    payload = {
                        "url": POST_URL,
                        "body": f"{base} writer {writer} comment {n}",
                        "author_name": f"W{writer}",
                        "author_email": f"w{writer}@example.org",
                    }
                    statuses.append(
                        http.post(COMMENTS, json=payload, headers=as_client()).status_code
                    )
                    reading = http.get(COMMENTS, params={"url": POST_URL, "limit": 5})
                    statuses.append(reading.status_code)
            return statuses

        jobs = [(server.url, w) for server in (a, b) for w in range(WRITERS)]
        with ThreadPoolExecutor(len(jobs)) as pool:
            results = [s for statuses in pool.map(write, jobs) for s in statuses]
        assert set(results) == {200, 201}, sorted(set(results))

        total = 2 * WRITERS * EACH
        for server in (a, b):  # exact on both, whichever wrote last
            counts = httpx.get(
                f"{server.url}/api/v1/sites/{SITE_ID}/counts", params={"url": POST_URL}
            ).json()
            assert counts == {"counts": {POST_URL: total}}
