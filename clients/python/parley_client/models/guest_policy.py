from enum import StrEnum


class GuestPolicy(StrEnum):
    ANONYMOUS = "anonymous"
    NAME_EMAIL = "name_email"
    OAUTH_ONLY = "oauth_only"

    def __str__(self) -> str:
        return str(self.value)
