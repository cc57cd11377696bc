from enum import StrEnum


class InvalidInputProblemType(StrEnum):
    INVALID_INPUT = "/problems/invalid-input"
    NO_LOGIN_AVAILABLE = "/problems/no-login-available"
    UNKNOWN_PROVIDER = "/problems/unknown-provider"
    URL_NOT_ON_SITE = "/problems/url-not-on-site"
    WEBHOOK_TARGET_REFUSED = "/problems/webhook-target-refused"

    def __str__(self) -> str:
        return str(self.value)
