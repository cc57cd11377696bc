from enum import StrEnum


class Action(StrEnum):
    APPROVE = "approve"
    DELETE = "delete"
    PURGE = "purge"
    RESTORE = "restore"
    SPAM = "spam"

    def __str__(self) -> str:
        return str(self.value)
