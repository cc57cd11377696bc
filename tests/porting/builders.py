"""Builders for source files: an Isso database with Isso's own schema, small WXR documents."""

import sqlite3
from dataclasses import dataclass
from pathlib import Path

# Isso's schema, as isso/db/*.py creates it.
ISSO_SCHEMA = """
CREATE TABLE IF NOT EXISTS preferences (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS threads (
    id INTEGER PRIMARY KEY, uri VARCHAR(256) UNIQUE, title VARCHAR(256));
CREATE TABLE IF NOT EXISTS comments (
    tid REFERENCES threads(id), id INTEGER PRIMARY KEY, parent INTEGER,
    created FLOAT NOT NULL, modified FLOAT, mode INTEGER, remote_addr VARCHAR,
    text VARCHAR, author VARCHAR, email VARCHAR, website VARCHAR,
    likes INTEGER DEFAULT 0, dislikes INTEGER DEFAULT 0, voters BLOB NOT NULL,
    notification INTEGER DEFAULT 0);
CREATE TRIGGER IF NOT EXISTS remove_stale_threads AFTER DELETE ON comments BEGIN
    DELETE FROM threads WHERE id NOT IN (SELECT tid FROM comments);
END;
"""


@dataclass
class IssoComment:
    id: int
    tid: int
    text: str | bytes
    parent: int | None = None
    created: float | str = 1_546_300_800.0  # 2019-01-01T00:00:00Z
    modified: float | None = None
    mode: int = 1
    remote_addr: str | None = "192.0.2.0"
    author: str | None = None
    email: str | None = None
    website: str | None = None
    likes: int = 0
    dislikes: int = 0


def build_isso(
    path: Path, threads: list[tuple[int, str, str]], comments: list[IssoComment]
) -> Path:
    with sqlite3.connect(path) as conn:
        conn.executescript(ISSO_SCHEMA)
        conn.executemany("INSERT INTO threads (id, uri, title) VALUES (?, ?, ?)", threads)
        conn.executemany(
            "INSERT INTO comments (tid, id, parent, created, modified, mode, remote_addr, text,"
            " author, email, website, likes, dislikes, voters) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    c.tid,
                    c.id,
                    c.parent,
                    c.created,
                    c.modified,
                    c.mode,
                    c.remote_addr,
                    c.text,
                    c.author,
                    c.email,
                    c.website,
                    c.likes,
                    c.dislikes,
                    b"",
                )
                for c in comments
            ],
        )
    conn.close()
    return path


def sample_isso(path: Path) -> Path:
    """Two threads; nesting three deep, a pending and a deleted comment, votes, non-ASCII."""
    return build_isso(
        path,
        [(1, "/2019/hello-world/", "Hello, World"), (2, "/about/", "Über uns")],
        [
            IssoComment(
                1,
                1,
                "First! *emphasis* and <script>x</script>",
                author="Ünal",
                email="unal@example.tr",
                website="https://unal.example",
                likes=5,
                dislikes=2,
                modified=1_546_304_400.0,
            ),
            IssoComment(2, 1, "A reply", parent=1, created=1_546_301_000.0, author="Bo"),
            IssoComment(3, 1, "Deeper", parent=2, created=1_546_302_000.0, author="Cy"),
            IssoComment(4, 1, "Waiting", created=1_546_303_000.0, mode=2, author="Di"),
            IssoComment(5, 1, "", created=1_546_303_500.0, mode=4, author=None),
            IssoComment(6, 1, "Reply to a deleted one", parent=5, created=1_546_304_000.0),
            IssoComment(7, 2, "Schön hier", created=1_546_305_000.0, author="Jörg"),
        ],
    )


WXR_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
    "<wp:wxr_version>1.2</wp:wxr_version>\n"
)


def wxr_comment(
    cid: int,
    *,
    parent: int = 0,
    date: str = "2012-01-01 10:00:00",
    content: str = "Hi",
    approved: str = "1",
    ctype: str = "comment",
) -> str:
    return (
        f"<wp:comment><wp:comment_id>{cid}</wp:comment_id>"
        f"<wp:comment_author>Author {cid}</wp:comment_author>"
        f"<wp:comment_date_gmt>{date}</wp:comment_date_gmt>"
        f"<wp:comment_content><![CDATA[{content}]]></wp:comment_content>"
        f"<wp:comment_approved>{approved}</wp:comment_approved>"
        f"<wp:comment_type>{ctype}</wp:comment_type>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>\n"
    )


def wxr(*items: tuple[int, str, list[str]]) -> bytes:
    """A WXR document of (post id, link, comment elements) items."""
    body = "".join(
        f"<item><title>Post {post_id}</title><link>{link}</link>"
        f"<wp:post_id>{post_id}</wp:post_id>\n{''.join(comments)}</item>\n"
        for post_id, link, comments in items
    )
    return (WXR_HEAD + body + "</channel>\n</rss>\n").encode()
