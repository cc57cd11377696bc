from enum import StrEnum


class AkismetFallback(StrEnum):
    ALLOW = "allow"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
