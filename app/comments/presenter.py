"""ORM rows to the reader's view of a comment."""

from collections.abc import Mapping, Sequence

from app.comments.avatars import avatar_key
from app.comments.events import NotificationOutcome
from app.comments.models import Comment, CommentStatus
from app.comments.schemas import AuthorRead, CommentCreated, CommentDetail, CommentRead
from app.comments.tree import Node
from app.identity.models import Identity


def provider_avatar(url: str | None) -> str | None:
    """The provider's picture when it is an https URL (C4); the page never loads plain http."""
    if url and url.startswith("https://") and len(url) <= 2048:
        return url
    return None


class Presenter:
    """Builds public comment views; knows the server key (for avatars) and the API's base URL."""

    def __init__(self, secret_key: str, base_url: str, pinned_id: int | None = None) -> None:
        self.secret_key = secret_key
        self.base_url = base_url
        self.pinned_id = pinned_id

    def author(self, comment: Comment, identity: Identity | None) -> AuthorRead:
        key = avatar_key(
            self.secret_key,
            site_id=comment.site_id,
            identity_id=comment.identity_id,
            email=comment.author_email,
            name=comment.author_name,
        )
        avatar_url = f"{self.base_url}/api/v1/avatars/{key}.svg"
        if identity is not None:
            return AuthorRead(
                name=identity.display_name,
                profile_url=identity.profile_url,
                website=comment.author_website,
                avatar_url=provider_avatar(identity.avatar_url) or avatar_url,
                verified=True,
                provider=identity.provider,
                identity_id=identity.id,
            )
        return AuthorRead(
            name=comment.author_name, website=comment.author_website, avatar_url=avatar_url
        )

    def comment(self, comment: Comment, identity: Identity | None, *, shown: bool) -> CommentRead:
        """A comment; `shown=False` gives the placeholder kept for a hidden comment with replies."""
        if not shown:
            return CommentRead(
                id=comment.id,
                parent_id=comment.parent_id,
                body_html="",
                author=AuthorRead(name=""),
                status=CommentStatus.deleted,
                created_at=comment.created_at,
                edited_at=None,
                score=0,
            )
        return CommentRead(
            id=comment.id,
            parent_id=comment.parent_id,
            body_html=comment.body_html,
            author=self.author(comment, identity),
            status=comment.status,
            pinned=comment.id == self.pinned_id,
            created_at=comment.created_at,
            edited_at=comment.edited_at,
            score=comment.score,
        )

    def detail(self, comment: Comment, identity: Identity | None) -> CommentDetail:
        base = self.comment(comment, identity, shown=True)
        return CommentDetail(**base.model_dump(exclude={"replies"}), body=comment.body)

    def created(
        self,
        comment: Comment,
        identity: Identity | None,
        edit_token: str | None,
        notification: NotificationOutcome | None = None,
    ) -> CommentCreated:
        """The answer to a new comment: its detail, a guest's edit token (shown this once) and
        what its notify choice did."""
        base = self.comment(comment, identity, shown=True)
        return CommentCreated(
            **base.model_dump(exclude={"replies"}),
            body=comment.body,
            edit_token=edit_token,
            notification=notification,
        )

    def tree(
        self, nodes: Sequence[Node[Comment]], identities: Mapping[int, Identity]
    ) -> list[CommentRead]:
        """Nested views of a built tree (iterative: trees may be deep)."""
        out: list[CommentRead] = []
        stack: list[tuple[Node[Comment], list[CommentRead]]] = [(n, out) for n in reversed(nodes)]
        while stack:
            node, siblings = stack.pop()
            comment = node.item
            identity = identities.get(comment.identity_id) if comment.identity_id else None
            view = self.comment(comment, identity, shown=node.visible)
            siblings.append(view)
            stack.extend((child, view.replies) for child in reversed(node.replies))
        return out
