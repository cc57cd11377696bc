from enum import StrEnum


class WebhookEvent(StrEnum):
    COMMENT_APPROVED = "comment.approved"
    COMMENT_CREATED = "comment.created"
    COMMENT_DELETED = "comment.deleted"
    COMMENT_SPAM = "comment.spam"
    COMMENT_UPDATED = "comment.updated"

    def __str__(self) -> str:
        return str(self.value)
