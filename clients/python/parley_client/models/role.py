from enum import StrEnum


class Role(StrEnum):
    MODERATOR = "moderator"
    OWNER = "owner"
    ROOT = "root"

    def __str__(self) -> str:
        return str(self.value)
