from enum import StrEnum


class NotFoundProblemType(StrEnum):
    INVALID_LINK = "/problems/invalid-link"
    LINK_INVALID = "/problems/link-invalid"
    NOT_FOUND = "/problems/not-found"

    def __str__(self) -> str:
        return str(self.value)
