from enum import StrEnum


class RateLimitedProblemType(StrEnum):
    RATE_LIMITED = "/problems/rate-limited"
    TOO_MANY_STREAMS = "/problems/too-many-streams"

    def __str__(self) -> str:
        return str(self.value)
