"""Writes parsed threads and comments with bulk inserts, resolving parents that come late.

Ids are reserved up front (SQLite: after max(id) under the write lock; PostgreSQL: from the
sequence), so parent, root and depth are known before a row is written and each batch is one
executemany. A comment whose parent has not been seen yet waits until it arrives.
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.comments.models import Comment, Thread, Vote
from app.crypto import keyed_hash
from app.porting.bookkeeping import IdAllocator, Placed, Tally
from app.porting.records import (
    PINGBACK_KINDS,
    CommentRecord,
    ImportConflict,
    Note,
    ThreadRecord,
)
from app.porting.threads import ThreadPlacer
from app.porting.urlmap import UrlMapper
from app.sites.urls import InvalidURL

BATCH = 2000
MAX_SOURCE_ID = 200  # Comment.source_id's length
IN_CHUNK = 500
COMMENTS = cast(Table, Comment.__table__)
THREAD_REASONS = frozenset({"invalid-url", "no-thread", "thread-skipped"})
VOTES = cast(Table, Vote.__table__)


class CommentWriter:
    """One import's threads and comments, inside the caller's transaction."""

    def __init__(
        self,
        session: AsyncSession,
        site_id: str,
        *,
        mapper: UrlMapper,
        origins: list[str],
        ip_key: str,
        include_pingbacks: bool = False,
        grouped: bool = True,
        tally: Tally | None = None,
        trusted: bool = True,
    ) -> None:
        self.session, self.site_id, self.mapper = session, site_id, mapper
        self.ip_key, self.include_pingbacks, self.grouped = ip_key, include_pingbacks, grouped
        self.tally = tally or Tally()
        self.trusted = trusted  # root: scores, votes and identities are restored
        self.placer = ThreadPlacer(session, site_id, mapper, origins, self.tally)
        self.ids = IdAllocator(session, COMMENTS)
        self.threads: dict[str, ThreadRecord] = {}
        self.thread_ids: dict[str, int | None] = {}  # None: the thread's URL is unusable
        self.touched: set[int] = set()
        self.known: dict[str, Placed] = {}
        self.written: set[str] = set()
        self.seen: set[str] = set()  # every id placed or skipped by this import (all posts)
        self.existing: set[str | None] = set()  # source ids already in the site (grouped formats)
        self.skipped: dict[str, str | None] = {}  # skipped comment → its parent
        self.pending: defaultdict[str, list[CommentRecord]] = defaultdict(list)
        self.waiting_thread: defaultdict[str, list[CommentRecord]] = defaultdict(list)
        self.pins: list[tuple[str, str]] = []
        self.identities: dict[str, int] = {}
        self.rows: list[dict[str, Any]] = []
        self.vote_rows: list[dict[str, Any]] = []

    async def start(self, source_prefix: str | None) -> None:
        """Remember threads and comments imported before, so a re-import skips them."""
        await self.placer.start()
        if source_prefix is None:
            return
        if self.grouped:  # ids only: a comment may come again under another post
            ids = select(Comment.source_id).where(
                Comment.site_id == self.site_id, Comment.source_id.like(f"{source_prefix}%")
            )
            self.existing = set((await self.session.scalars(ids)).all()) - {None}
            return
        query = select(
            Comment.source_id, Comment.id, Comment.root_id, Comment.depth, Comment.thread_id
        ).where(Comment.site_id == self.site_id, Comment.source_id.like(f"{source_prefix}%"))
        for source_id, comment_id, root_id, depth, thread_id in await self.session.execute(query):
            if source_id is not None:
                self.known[source_id] = Placed(comment_id, root_id, depth, thread_id)

    async def add_thread(self, record: ThreadRecord) -> None:
        if self.grouped:
            await self.end_scope()
        if record.key in self.threads and not self.grouped:
            message = f"{record.place}: a second thread with this id; the first is kept"
            self.tally.note(Note("thread", "skipped", "duplicate-id", record.key, message))
            return
        self.threads[record.key] = record
        self.thread_ids.pop(record.key, None)
        if self.grouped:
            await self._preload(record)
        if record.keep_empty:
            await self._thread_id(record)
        if record.pinned:
            self.pins.append((record.key, record.pinned))
        for waiting in self.waiting_thread.pop(record.key, []):
            await self.add_comment(waiting)

    async def add_comment(self, record: CommentRecord) -> None:
        if len(record.source_id) > MAX_SOURCE_ID:
            message = f"{record.place}: an id longer than {MAX_SOURCE_ID} characters"
            self.tally.skip(record.source_id[:MAX_SOURCE_ID] + "…", "invalid-id", message)
            return
        if record.source_id in self.seen:
            message = f"{record.place}: the same id appears twice; the second is skipped"
            self.tally.skip(record.source_id, "duplicate-id", message)
            return
        if record.source_id in self.known or record.source_id in self.existing:
            self.tally.count("comment", "skipped", "already-imported", record.source_id)
            self.seen.add(record.source_id)  # a second copy in the file is a duplicate again
            return
        if record.kind != "comment" and not (
            self.include_pingbacks and record.kind in PINGBACK_KINDS
        ):
            await self._skip(record, record.kind, f"{record.place}: a {record.kind}")
            return
        if record.thread_key not in self.threads:
            if self.grouped:
                message = f"{record.place}: comment outside of any thread"
                await self._skip(record, "no-thread", message)
                return
            self.waiting_thread[record.thread_key].append(record)
            return
        parent = self._kept_ancestor(record)
        if parent is None:
            await self._place_tree(record, None)
        elif parent in self.known:
            await self._place_tree(record, self.known[parent])
        else:
            self.pending[parent].append(record)

    def _kept_ancestor(self, record: CommentRecord) -> str | None:
        """The parent, or, when the parent was skipped (a pingback), the nearest kept ancestor:
        a reply is real content and moves up a level rather than being lost."""
        parent = record.parent
        seen = set()
        while parent is not None and parent in self.skipped and parent not in seen:
            seen.add(parent)
            parent = self.skipped[parent]
        if parent in seen:
            parent = None  # skipped comments that name each other as parents
        if parent != record.parent:
            above = parent.split(":", 1)[-1] if parent else "the top level"
            record.adjust("parent-skipped", "its parent was not imported", f"attached to {above}")
        return parent

    async def _skip(self, record: CommentRecord, reason: str, message: str) -> None:
        if reason in PINGBACK_KINDS or reason.startswith("type:"):
            # a choice (--include-pingbacks), not an oddity
            self.tally.count("comment", "skipped", reason, record.source_id)
        else:
            self.tally.skip(record.source_id, reason, message)
        self.skipped[record.source_id] = record.parent
        self.seen.add(record.source_id)
        for child in self.pending.pop(record.source_id, []):
            if reason in THREAD_REASONS:  # the whole post is unusable
                await self._skip(child, reason, f"{child.place}: {message.split(': ', 1)[-1]}")
            else:
                await self.add_comment(child)

    async def _place_tree(self, record: CommentRecord, parent: Placed | None) -> None:
        stack: list[tuple[CommentRecord, Placed | None]] = [(record, parent)]
        while stack:
            current, above = stack.pop()
            placed = await self._place(current, above)
            if placed is None:
                message = f"{current.place}: its post has no usable URL"
                await self._skip(current, "invalid-url", message)
                continue
            children = self.pending.pop(current.source_id, [])
            stack.extend((child, placed) for child in reversed(children))

    async def _place(self, record: CommentRecord, parent: Placed | None) -> Placed | None:
        thread_id = await self._thread_id(self.threads[record.thread_key])
        if thread_id is None:
            return None
        if parent is not None and parent.thread_id != thread_id:
            problem = f"its parent {record.parent} is on another post"
            record.adjust("parent-on-other-post", problem, "imported as a top-level comment")
            parent = None
        self._trust(record)
        for note in record.notes:
            self.tally.note(note)
        comment_id = await self.ids.next()
        if parent is None:
            placed = Placed(comment_id, None, 0, thread_id)
        else:
            placed = Placed(comment_id, parent.root_id or parent.id, parent.depth + 1, thread_id)
        self.known[record.source_id] = placed
        self.written.add(record.source_id)
        self.seen.add(record.source_id)
        self.rows.append(self._row(record, placed, parent))
        self.vote_rows.extend(
            {"comment_id": comment_id, "voter_key": voter, "value": value}
            for voter, value in record.votes
        )
        self.touched.add(thread_id)
        self.tally.comments += 1
        if len(self.rows) >= BATCH:
            await self.flush()
        return placed

    def _row(self, record: CommentRecord, placed: Placed, parent: Placed | None) -> dict[str, Any]:
        ip_hash = record.author_ip_hash
        if ip_hash is None and record.author_ip:
            ip_hash = keyed_hash(self.ip_key, "ip", record.author_ip)
        identity_id = None if record.identity is None else self.identities[record.identity]
        return {
            "id": placed.id,
            "site_id": self.site_id,
            "thread_id": placed.thread_id,
            "parent_id": parent.id if parent else None,
            "root_id": placed.root_id,
            "depth": placed.depth,
            "identity_id": identity_id,
            "author_name": record.author_name,
            "author_email": record.author_email,
            "author_website": record.author_website,
            "author_ip_hash": ip_hash,
            "body": record.body,
            "body_html": record.body_html,
            "status": record.status.value,
            "score": record.score,
            "edit_token_hash": record.edit_token_hash,
            "created_at": record.created_at,
            "edited_at": record.edited_at,
            "source_id": record.source_id,
        }

    async def _thread_id(self, record: ThreadRecord) -> int | None:
        if record.key in self.thread_ids:
            return self.thread_ids[record.key]
        url = self.placer.url_of(record)
        thread_id = None
        if url is None:
            message = f"{record.place}: unusable URL {record.url!r}; its comments are skipped"
            self.tally.note(Note("thread", "skipped", "invalid-url", record.key, message))
        else:
            created = self.tally.threads_created
            thread_id = await self.placer.get_or_create(record, url)
            if self.tally.threads_created > created:
                for note in record.notes:
                    self.tally.note(note)
        self.thread_ids[record.key] = thread_id
        return thread_id

    async def _preload(self, record: ThreadRecord) -> None:
        """A thread that exists already: remember its comments (grouped formats)."""
        try:
            url = self.mapper.map(record.url)
        except InvalidURL:
            return  # reported when a comment needs the thread
        thread_id = await self.placer.existing(record, url)
        if thread_id is not None:
            await self._load_known(thread_id)

    async def _load_known(self, thread_id: int) -> None:
        """Comments already in the thread, by source id; comments written here are known by
        the key a Parley export gives them, so restoring a site's own export is idempotent."""
        query = select(
            Comment.source_id, Comment.id, Comment.root_id, Comment.depth, Comment.thread_id
        ).where(Comment.thread_id == thread_id)
        for source_id, comment_id, root_id, depth, thread in await self.session.execute(query):
            key = source_id or f"parley:{self.site_id}:{comment_id}"
            self.known.setdefault(key, Placed(comment_id, root_id, depth, thread))

    async def flush(self) -> None:
        try:
            await self.placer.flush()
            if self.rows:
                await self.session.execute(insert(COMMENTS), self.rows)
        except IntegrityError as exc:
            near = self.rows[0]["source_id"] if self.rows else "a new thread"
            raise ImportConflict(
                f"the rows near {near} collide with rows already in the site (imported before "
                "under another URL, or written by another import meanwhile); nothing was "
                f"imported: {exc.orig}"
            ) from None
        self.rows = []
        if self.vote_rows:
            await self.session.execute(insert(VOTES), self.vote_rows)
            self.tally.votes += len(self.vote_rows)
            self.vote_rows = []

    async def end_scope(self) -> None:
        """No more comments can arrive for the threads seen so far (grouped formats)."""
        await self._resolve_pending()
        await self._apply_pins()
        if self.grouped:
            for scoped in (
                self.known,
                self.written,
                self.skipped,
                self.threads,
                self.thread_ids,
            ):
                scoped.clear()

    async def _resolve_pending(self) -> None:
        """Comments still waiting: those whose thread never came are skipped; those whose
        parent never came become top-level comments (reported)."""
        for key, waiting in list(self.waiting_thread.items()):
            del self.waiting_thread[key]
            for record in waiting:
                message = f"{record.place}: its thread {key} is not in the file"
                await self._skip(record, "no-thread", message)
        while self.pending:
            # Start from a comment whose parent is truly absent, not one waiting on such a
            # comment; parents that name each other (a cycle) are broken at any of them.
            queued = {child.source_id for children in self.pending.values() for child in children}
            parent = min(self.pending, key=lambda key: (key in queued, key))
            children = self.pending.pop(parent)
            for child in children:
                if child.source_id in self.seen:
                    continue
                child.adjust(
                    "parent-missing",
                    f"its parent {parent.split(':', 1)[-1]} is not in the file",
                    "imported as a top-level comment",
                )
                await self._place_tree(child, None)

    async def _apply_pins(self) -> None:
        if self.pins:
            await self.placer.flush()  # the threads must exist before they are updated
        for thread_key, comment_key in self.pins:
            thread_id = self.thread_ids.get(thread_key)
            placed = self.known.get(comment_key)
            if thread_id is None or placed is None:
                self.tally.warn(f"thread {thread_key}: pinned comment {comment_key} not found")
                continue
            await self.session.execute(
                update(Thread).where(Thread.id == thread_id).values(pinned_comment_id=placed.id)
            )
        self.pins.clear()

    async def finish(self) -> None:
        """Write what is buffered; bump the version of every thread readers now see differently."""
        await self.end_scope()
        await self.flush()
        for chunk in _chunks(sorted(self.touched | self.placer.retitled), IN_CHUNK):
            await self.session.execute(
                update(Thread).where(Thread.id.in_(chunk)).values(version=Thread.version + 1)
            )
        self.placer.warn_foreign_origins()

    # Issue 10: what only root may restore. An identity is used only when the import could
    # resolve it (root, or an identity that already belongs to the site); else a guest comment.
    def _trust(self, record: CommentRecord) -> None:
        if record.identity is not None and record.identity not in self.identities:
            record.adjust(
                "identity-not-restored",
                f"identity {record.identity!r} is not restored here",
                "imported as a guest comment",
            )
            record.identity = None
        if not self.trusted and (record.score or record.votes):
            self.tally.count("comment", "adjusted", "score-not-restored", record.source_id)
            record.score, record.votes = 0, []


def _chunks(items: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
