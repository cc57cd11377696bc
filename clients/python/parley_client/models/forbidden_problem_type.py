from enum import StrEnum


class ForbiddenProblemType(StrEnum):
    BANNED = "/problems/banned"
    EDIT_WINDOW_CLOSED = "/problems/edit-window-closed"
    FORBIDDEN = "/problems/forbidden"
    GUESTS_NOT_ALLOWED = "/problems/guests-not-allowed"
    NOT_THE_AUTHOR = "/problems/not-the-author"
    ORIGIN_NOT_ALLOWED = "/problems/origin-not-allowed"
    THREAD_CLOSED = "/problems/thread-closed"

    def __str__(self) -> str:
        return str(self.value)
