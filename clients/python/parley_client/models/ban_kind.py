from enum import StrEnum


class BanKind(StrEnum):
    EMAIL = "email"
    IDENTITY = "identity"
    IP = "ip"

    def __str__(self) -> str:
        return str(self.value)
