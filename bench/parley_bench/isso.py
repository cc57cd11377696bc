"""Isso 0.14 under gunicorn -w4, as its docs recommend, with the fair configuration of
shared/notes/isso-peer.md; installed from PyPI into its own venv."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

from .common import ORIGIN, WORK, log
from .data import Dataset, SeedThread
from .procs import free_port
from .servers import Launch, Server, launch

ISSO_VENV = WORK / "isso-venv"
ISSO_REQUIREMENTS = ["isso==0.14.0", "gunicorn==27.0.1"]
ISSO_PYTHON = str(ISSO_VENV / "bin" / "python")


def install() -> dict[str, str]:
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    # uv may be installed only as a module (the Makefile calls `python3 -m uv`).
    uv_path = shutil.which("uv")
    uv = [uv_path] if uv_path else ["python3", "-m", "uv"]
    if not Path(ISSO_PYTHON).exists():
        subprocess.run([*uv, "venv", "-q", str(ISSO_VENV)], check=True, env=env)
    subprocess.run(
        [*uv, "pip", "install", "-q", "-p", ISSO_PYTHON, *ISSO_REQUIREMENTS], check=True, env=env
    )
    out = subprocess.run(
        [
            ISSO_PYTHON,
            "-c",
            "import importlib.metadata as m, sys;"
            "print(m.version('isso'), m.version('gunicorn'), sys.version.split()[0])",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return {"isso": out[0], "gunicorn": out[1], "python": out[2]}


CONFIG = """[general]
dbpath = {db}
host = {origin}
notify = stdout
gravatar = false

[moderation]
enabled = false

[server]
listen = http://127.0.0.1:{port}

[guard]
enabled = true
ratelimit = 1000000
direct-reply = 1000000
reply-to-self = true
require-author = false
require-email = false
"""


def start_isso() -> Server:
    t0 = time.monotonic()
    versions = install()
    log(f"Isso venv ready in {time.monotonic() - t0:.1f} s: {versions}")
    db = WORK / "isso.db"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    port = free_port()
    cfg = WORK / "isso.cfg"
    cfg.write_text(CONFIG.format(db=db, origin=ORIGIN, port=port))
    gunicorn = str(ISSO_VENV / "bin" / "gunicorn")
    argv = [gunicorn, "-b", f"127.0.0.1:{port}", "-w", "4", "--preload", "isso.run"]
    spec = Launch("isso", argv, {"ISSO_SETTINGS": str(cfg)}, WORK, "/info")
    proc = launch(spec)
    info = {**versions, "command": " ".join(argv[1:]), "label": "Isso", "db": str(db)}
    return Server("isso", "isso", f"http://127.0.0.1:{port}", proc, spec, info, True)


# Run by Isso's own interpreter: adds a thread through Isso's own database layer (what its
# POST /new does after validation, without the HTTP round trip), on one connection.
IMPORT_SCRIPT = """
import json, sqlite3, sys, time
from isso import config
from isso.db import SQLite3

conf = config.load(config.default_file(), sys.argv[1])
db = SQLite3(conf.get("general", "dbpath"), conf)
# Isso opens a connection per statement; one connection and one commit write the same rows.
con = sqlite3.connect(db.path)
db.execute = lambda sql, args=(): con.execute(
    " ".join(sql) if isinstance(sql, (list, tuple)) else sql, args)
doc = json.load(open(sys.argv[2]))
db.threads.new(doc["uri"], doc["title"])
ids = []
t = time.time() - len(doc["comments"])
for i, c in enumerate(doc["comments"]):
    parent = None if c["parent"] is None else ids[c["parent"]]
    row = db.comments.add(doc["uri"], {
        "parent": parent, "created": t + i, "mode": 1, "remote_addr": "127.0.0.1",
        "text": c["text"], "author": c["author"], "email": c["email"],
        "website": c["website"], "notification": 0})
    ids.append(row["id"])
con.commit()
print(len(ids))
"""


def load_thread(server: Server, data: Dataset, thread: SeedThread) -> float:
    """Load a big thread into Isso's database through its own database layer (HTTP seeding of
    10,000 comments would take minutes); its reads render every comment's Markdown anyway."""
    t0 = time.monotonic()
    doc = {
        "uri": thread.uri,
        "title": thread.title,
        "comments": [
            {
                "parent": c.parent,
                "text": c.body,
                "author": data.commenters[c.author].name,
                "email": data.commenters[c.author].email,
                "website": data.commenters[c.author].website,
            }
            for c in thread.comments
        ],
    }
    path = WORK / "isso-big.json"
    path.write_text(json.dumps(doc))
    script = WORK / "isso_import.py"
    script.write_text(IMPORT_SCRIPT)
    subprocess.run(
        [ISSO_PYTHON, str(script), server.launch.env["ISSO_SETTINGS"], str(path)],
        check=True,
        capture_output=True,
        timeout=900,
    )
    elapsed = time.monotonic() - t0
    log(f"isso: loaded {len(thread.comments):,} comments into {thread.uri} in {elapsed:.1f} s")
    return elapsed
