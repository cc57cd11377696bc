from enum import StrEnum


class ServiceUnavailableProblemType(StrEnum):
    MIGRATIONS_PENDING = "/problems/migrations-pending"
    NOT_READY = "/problems/not-ready"
    SERVICE_UNAVAILABLE = "/problems/service-unavailable"
    TOO_MANY_STREAMS = "/problems/too-many-streams"

    def __str__(self) -> str:
        return str(self.value)
