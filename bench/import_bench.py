"""Import speed and peak memory for generated WordPress (WXR) files.

    python bench/import_bench.py [--sizes 100000:2000,200000:4000] [--database-url URL]

For each size (comments:posts) a WXR file is generated under bench/.work/, then imported in a
fresh process into a freshly migrated database (SQLite by default), so each run's peak RSS is
its own; then each imported site is exported, also in a fresh process. Prints Markdown tables;
the figures go into bench/IMPORT_RESULTS.md.
"""

import argparse
import asyncio
import json
import random
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
sys.path.insert(0, str(ROOT))

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Bench blog</title><link>https://old.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
"""
NAMES = ["Ada Lovelace", "Jörg Müller", "李小龍", "Zoë Saldaña", "Grace Hopper", "Ólafur"]
TEXT = (
    "I read this twice and I still think the second paragraph is the best part.\n\n"
    "Thanks for writing it up &amp; sharing the <em>code</em>!"
)


def _comment(cid: int, parent: int, when: datetime, rng: random.Random) -> str:
    name = rng.choice(NAMES)
    stamp = when.strftime("%Y-%m-%d %H:%M:%S")
    return (
        f"<wp:comment><wp:comment_id>{cid}</wp:comment_id>"
        f"<wp:comment_author><![CDATA[{name}]]></wp:comment_author>"
        f"<wp:comment_author_email>user{cid % 5000}@example.org</wp:comment_author_email>"
        f"<wp:comment_author_url>https://people.example/{cid % 5000}</wp:comment_author_url>"
        f"<wp:comment_author_IP>192.0.2.{cid % 250}</wp:comment_author_IP>"
        f"<wp:comment_date>{stamp}</wp:comment_date>"
        f"<wp:comment_date_gmt>{stamp}</wp:comment_date_gmt>"
        f"<wp:comment_content><![CDATA[{TEXT}]]></wp:comment_content>"
        f"<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>"
        f"<wp:comment_parent>{parent}</wp:comment_parent>"
        f"<wp:comment_user_id>0</wp:comment_user_id></wp:comment>\n"
    )


def generate(path: Path, comments: int, posts: int, seed: int = 7) -> None:
    """A WXR file; about a third of the comments are replies, some nested several levels."""
    rng = random.Random(seed)
    start = datetime(2015, 1, 1, tzinfo=UTC)
    per_post, cid = comments // posts, 0
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        for post in range(1, posts + 1):
            out.write(
                f"<item><title>{escape(f'Post {post}: notes & thoughts')}</title>"
                f"<link>https://old.example/{2015 + post % 10}/post-{post}/</link>"
                f"<wp:post_id>{post}</wp:post_id><wp:comment_status>open</wp:comment_status>"
                f"<wp:post_type>post</wp:post_type>\n"
            )
            ids: list[int] = []
            for n in range(per_post):
                cid += 1
                parent = rng.choice(ids) if ids and rng.random() < 0.35 else 0
                when = start + timedelta(days=post, minutes=n)
                out.write(_comment(cid, parent, when, rng))
                ids.append(cid)
            out.write("</item>\n")
        out.write("</channel></rss>\n")


async def _import(url: str, path: Path) -> dict[str, float]:
    from app.config import Settings
    from app.db.session import Database
    from app.porting.schemas import ImportFormat
    from app.porting.service import ImportOptions, import_comments
    from app.sites.models import Site

    settings = Settings(database_url=url, data_dir=WORK, env="test")
    database = Database.from_settings(settings)
    async with database.write_sessions() as session:
        session.add(Site(id="bench", name="Bench", origins=["https://new.example"]))
        await session.commit()
    began, cpu = time.perf_counter(), time.process_time()
    async with database.write_sessions() as session:
        options = ImportOptions(map_origin=["https://old.example=https://new.example"])
        with path.open("rb") as stream:
            report = await import_comments(
                session, "bench", ImportFormat.wordpress, stream, options, ip_key="bench-key"
            )
        await session.commit()
    elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
    await database.dispose()
    return {"comments": report.comments, "seconds": elapsed, "cpu_seconds": cpu}


def child(url: str, path: Path) -> None:
    """Runs in its own process: migrate, import, print the figures as JSON."""
    from alembic import command
    from alembic.config import Config

    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["url"] = url
    config.attributes["configure_logging"] = False
    command.upgrade(config, "head")
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    figures = asyncio.run(_import(url, path))
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["baseline_rss_mb"] = baseline / 1024
    sys.stdout.write(json.dumps(figures) + "\n")


async def _export(url: str) -> dict[str, float]:
    from app.config import Settings
    from app.db.session import Database
    from app.porting.export import export_site

    database = Database.from_settings(Settings(database_url=url, data_dir=WORK, env="test"))
    began, cpu, size = time.perf_counter(), time.process_time(), 0
    async with database.read_sessions() as session:
        async for chunk in export_site(session, "bench"):
            size += len(chunk)
    elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
    await database.dispose()
    return {"seconds": elapsed, "cpu_seconds": cpu, "bytes": size}


def export_child(url: str) -> None:
    """Runs in its own process: export the imported site, print the figures as JSON."""
    figures = asyncio.run(_export(url))
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sys.stdout.write(json.dumps(figures) + "\n")


def _export_row(comments: int, url: str) -> str:
    result = subprocess.run(
        [sys.executable, __file__, "--export-child", url],
        check=True,
        capture_output=True,
        text=True,
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    return (
        f"| {comments:,} | {figures['bytes'] / 1e6:.0f} MB | {figures['seconds']:.1f} s "
        f"| {comments / figures['cpu_seconds']:,.0f} | {figures['peak_rss_mb']:.0f} MB |"
    )


def run(sizes: list[tuple[int, int]], database_url: str | None) -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    rows: list[str] = []
    exports: list[str] = []
    for comments, posts in sizes:
        path = WORK / f"wxr-{comments}.xml"
        if not path.exists():
            generate(path, comments, posts)
        url = database_url or f"sqlite+aiosqlite:///{WORK / f'import-{comments}.db'}"
        if not database_url:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{WORK / f'import-{comments}.db'}{suffix}").unlink(missing_ok=True)
        result = subprocess.run(
            [sys.executable, __file__, "--child", url, str(path)],
            check=True,
            capture_output=True,
            text=True,
        )
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        size_mb = path.stat().st_size / 1e6
        rate = figures["comments"] / figures["seconds"]
        cpu_rate = figures["comments"] / figures["cpu_seconds"]
        rows.append(
            f"| {comments:,} | {posts:,} | {size_mb:.0f} MB | {figures['seconds']:.1f} s "
            f"| {rate:,.0f} | {cpu_rate:,.0f} | {figures['peak_rss_mb']:.0f} MB |"
        )
        sys.stderr.write(f"{comments} comments: {rate:,.0f}/s, {figures['peak_rss_mb']:.0f} MB\n")
        exports.append(_export_row(comments, url))
    sys.stdout.write(
        "| comments | posts | file | import time | comments/s | comments/CPU-s | peak RSS |\n"
        "|---:|---:|---:|---:|---:|---:|---:|\n" + "\n".join(rows) + "\n"
    )
    sys.stdout.write(
        "\nExport of the same sites (streamed to a counter):\n\n"
        "| comments | document | export time | comments/CPU-s | peak RSS |\n"
        "|---:|---:|---:|---:|---:|\n" + "\n".join(exports) + "\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100000:2000,200000:4000")
    parser.add_argument("--database-url")
    parser.add_argument("--child", nargs=2, metavar=("URL", "FILE"))
    parser.add_argument("--export-child", metavar="URL")
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    if args.export_child:
        export_child(args.export_child)
        return
    sizes = [tuple(int(part) for part in size.split(":")) for size in args.sizes.split(",")]
    run(sizes, args.database_url)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
