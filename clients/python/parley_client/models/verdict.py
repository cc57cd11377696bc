from enum import StrEnum


class Verdict(StrEnum):
    PENDING = "pending"
    SPAM = "spam"

    def __str__(self) -> str:
        return str(self.value)
