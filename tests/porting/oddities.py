"""Hand-written source files, one per oddity real exports contain (issue 12)."""

from tests.porting.builders import wxr, wxr_comment

NEW = "https://new.example"


def wxr_ns(namespace: str, *items: tuple[int, str, list[str]]) -> bytes:
    return wxr(*items).replace(b"http://wordpress.org/export/1.2/", namespace.encode())


def wp_comment_dates(cid: int, gmt: str | None, local: str | None) -> str:
    """A comment whose date elements are given (None: the element is absent)."""
    text = wxr_comment(cid)
    text = text.replace(
        "<wp:comment_date_gmt>2012-01-01 10:00:00</wp:comment_date_gmt>",
        "" if gmt is None else f"<wp:comment_date_gmt>{gmt}</wp:comment_date_gmt>",
    )
    if local is not None:
        text = text.replace(
            "<wp:comment_id>", f"<wp:comment_date>{local}</wp:comment_date><wp:comment_id>"
        )
    return text


def wxr_item(body: str, comments: list[str]) -> bytes:
    """A WXR document with one hand-written <item> (body: its own child elements)."""
    return wxr().replace(
        b"</channel>", f"<item>{body}{''.join(comments)}</item>\n</channel>".encode()
    )


DISQUS_HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<disqus xmlns="{ns}" xmlns:dsq="{ns}/disqus-internals">\n'
)


def disqus_thread(tid: str, link: str | None = f"{NEW}/d/", deleted: bool = False) -> str:
    return (
        f'<thread dsq:id="{tid}"><title>T{tid}</title>'
        + (f"<link>{link}</link>" if link is not None else "")
        + "<createdAt>2019-03-01T08:00:00Z</createdAt>"
        + f"<isDeleted>{'true' if deleted else 'false'}</isDeleted></thread>\n"
    )


def disqus_post(
    pid: str,
    thread: str | None,
    parent: str | None = None,
    *,
    deleted: bool = False,
    date: str | None = "2019-03-02T08:00:00Z",
) -> str:
    return (
        f'<post dsq:id="{pid}"><message><![CDATA[<p>post {pid}</p>]]></message>'
        + (f"<createdAt>{date}</createdAt>" if date is not None else "")
        + f"<isDeleted>{'true' if deleted else 'false'}</isDeleted><isSpam>false</isSpam>"
        + f"<author><name>Author {pid}</name><isAnonymous>false</isAnonymous></author>"
        + (f'<thread dsq:id="{thread}"/>' if thread is not None else "")
        + (f'<parent dsq:id="{parent}"/>' if parent is not None else "")
        + "</post>\n"
    )


def disqus_post_without_id(text: str, thread: str = "1") -> str:
    """A <post> without dsq:id (Remark42 keeps these; so does Parley, issue 23.14)."""
    return disqus_post("X", thread).replace(' dsq:id="X"', "", 1).replace("post X", text)


def wxr_comment_approval(cid: int, approved: str | None) -> str:
    """A comment whose <wp:comment_approved> holds `approved` (None: the element is absent)."""
    element = "<wp:comment_approved>1</wp:comment_approved>"
    return wxr_comment(cid).replace(
        element, "" if approved is None else element.replace(">1<", f">{approved}<")
    )


def disqus(*elements: str, ns: str = "http://disqus.com") -> bytes:
    return (DISQUS_HEAD.format(ns=ns) + "".join(elements) + "</disqus>\n").encode()
