from enum import StrEnum


class UnauthorizedProblemType(StrEnum):
    UNAUTHORIZED = "/problems/unauthorized"

    def __str__(self) -> str:
        return str(self.value)
