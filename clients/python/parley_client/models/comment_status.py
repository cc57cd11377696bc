from enum import StrEnum


class CommentStatus(StrEnum):
    APPROVED = "approved"
    DELETED = "deleted"
    PENDING = "pending"
    SPAM = "spam"

    def __str__(self) -> str:
        return str(self.value)
