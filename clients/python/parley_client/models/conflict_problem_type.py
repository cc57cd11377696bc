from enum import StrEnum


class ConflictProblemType(StrEnum):
    CONFLICT = "/problems/conflict"
    NAME_RESERVED = "/problems/name-reserved"

    def __str__(self) -> str:
        return str(self.value)
