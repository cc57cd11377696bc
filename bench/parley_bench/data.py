"""The data set: identical for every server, deterministic (seeded RNG)."""

from __future__ import annotations

import random
import statistics
from dataclasses import dataclass

from .common import BIG_THREAD, N_COMMENTERS, POST_THREAD, SEED
from .words import FIRST, LAST, WORDS


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 16))]
    i = rng.randrange(len(words))
    r = rng.random()
    if r < 0.2:
        words[i] = f"**{words[i]}**"
    elif r < 0.4:
        words[i] = f"*{words[i]}*"
    elif r < 0.55:
        words[i] = f"`{words[i]}()`"
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice(".!?.")


def make_body(rng: random.Random) -> str:
    """A Markdown comment of ~440 bytes on average: paragraphs, lists, quotes, code, one link."""
    target = max(60, min(1400, int(rng.gauss(366, 170))))
    parts: list[str] = []
    linked = False
    while sum(len(p) + 2 for p in parts) < target:
        r = rng.random()
        if r < 0.84:
            parts.append(" ".join(sentence(rng) for _ in range(rng.randint(1, 3))))
        elif r < 0.89:
            parts.append("\n".join(f"- {sentence(rng)}" for _ in range(rng.randint(2, 3))))
        elif r < 0.94:
            parts.append(f"> {sentence(rng)}")
        elif r < 0.97:
            parts.append(f"```\n{rng.choice(WORDS)} = {rng.randint(1, 999)}\n```")
        elif not linked:
            linked = True
            path = "-".join(rng.choice(WORDS) for _ in range(3))
            parts.append(f"{sentence(rng)} See [{rng.choice(WORDS)}](https://example.org/{path}).")
    return "\n\n".join(parts)


@dataclass
class Commenter:
    name: str
    email: str
    website: str | None


@dataclass
class SeedComment:
    parent: int | None  # index of the parent within the thread's comment list
    author: int
    body: str


@dataclass
class SeedThread:
    uri: str  # Isso's key; Parley's URL is ORIGIN + uri
    title: str
    comments: list[SeedComment]

    @property
    def top_level(self) -> int:
        return sum(1 for c in self.comments if c.parent is None)


def make_commenters(rng: random.Random) -> list[Commenter]:
    people = []
    for i in range(N_COMMENTERS):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        website = f"https://{name.split()[0].lower()}{i}.example.net" if i % 3 == 0 else None
        people.append(Commenter(name, f"commenter{i}@example.org", website))
    return people


def make_thread(rng: random.Random, uri: str, top: int, replies: int) -> SeedThread:
    comments = [SeedComment(None, rng.randrange(N_COMMENTERS), make_body(rng)) for _ in range(top)]
    comments += [
        SeedComment(rng.randrange(top), rng.randrange(N_COMMENTERS), make_body(rng))
        for _ in range(replies)
    ]
    return SeedThread(uri, f"Post {uri.rsplit('/', 1)[-1]}", comments)


@dataclass
class Dataset:
    commenters: list[Commenter]
    thread_a: SeedThread  # 100 comments
    thread_b: SeedThread  # 1,000 comments
    small: list[SeedThread]  # 200 threads of 5; the first 50 are the counts case's URLs
    big: SeedThread  # 10,000 comments, seeded by import (first-page case)

    @property
    def count_uris(self) -> list[str]:
        return [t.uri for t in self.small[:50]]

    @property
    def post_thread(self) -> SeedThread:
        """The write target; created before the POST case (Isso 500s on concurrent first posts)."""
        return SeedThread(POST_THREAD, "Bench post", [SeedComment(None, 0, "First!")])

    def api_threads(self, with_b: bool) -> list[SeedThread]:
        """What is seeded through each server's comments API."""
        return [self.thread_a, *([self.thread_b] if with_b else []), *self.small]

    def describe(self) -> str:
        bodies = [c.body for t in [self.thread_a, self.thread_b, *self.small] for c in t.comments]
        sizes = [len(b.encode()) for b in bodies]
        return (
            "thread A 100 comments (70 top-level + 30 replies), thread B 1,000 (700 + 300), "
            f"{len(self.small)} more threads of 5 (4 + 1); Markdown bodies averaging "
            f"{statistics.mean(sizes):.0f} bytes (median {statistics.median(sizes):.0f}), "
            f"{N_COMMENTERS} distinct commenters (a third with a website), random seed {SEED}. "
            "Replies answer a random top-level comment of their thread. Thread B is seeded only "
            f"when its case runs. The {len(self.big.comments):,}-comment thread "
            f"({self.big.top_level:,} top-level + {len(self.big.comments) - self.big.top_level:,}"
            " replies, same kind of bodies) is loaded by import."
        )


def make_dataset(big_size: int, small_threads: int = 200) -> Dataset:
    rng = random.Random(SEED)
    commenters = make_commenters(rng)
    a = make_thread(rng, "/posts/a", 70, 30)
    b = make_thread(rng, "/posts/b", 700, 300)
    small = [make_thread(rng, f"/posts/p{i:03d}", 4, 1) for i in range(200)][:small_threads]
    top = big_size * 7 // 10
    big = make_thread(rng, BIG_THREAD, top, big_size - top)
    return Dataset(commenters, a, b, small, big)
