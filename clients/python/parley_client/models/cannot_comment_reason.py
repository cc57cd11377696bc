from enum import StrEnum


class CannotCommentReason(StrEnum):
    CLOSED = "closed"
    NO_LOGIN_AVAILABLE = "no_login_available"

    def __str__(self) -> str:
        return str(self.value)
