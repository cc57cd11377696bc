from enum import StrEnum


class NotifyOn(StrEnum):
    ALL = "all"
    NONE = "none"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
