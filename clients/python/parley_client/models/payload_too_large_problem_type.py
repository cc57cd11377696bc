from enum import StrEnum


class PayloadTooLargeProblemType(StrEnum):
    PAYLOAD_TOO_LARGE = "/problems/payload-too-large"

    def __str__(self) -> str:
        return str(self.value)
