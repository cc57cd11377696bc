from enum import StrEnum


class NotifyChoice(StrEnum):
    NONE = "none"
    REPLIES = "replies"
    THREAD = "thread"

    def __str__(self) -> str:
        return str(self.value)
