from enum import StrEnum


class ThreadSort(StrEnum):
    NEWEST = "newest"
    OLDEST = "oldest"
    TOP = "top"

    def __str__(self) -> str:
        return str(self.value)
