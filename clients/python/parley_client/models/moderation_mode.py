from enum import StrEnum


class ModerationMode(StrEnum):
    ALL = "all"
    FIRST_TIME = "first_time"
    NONE = "none"

    def __str__(self) -> str:
        return str(self.value)
