from enum import StrEnum


class NotificationOutcome(StrEnum):
    CONFIRMATION_SENT = "confirmation_sent"
    ON_APPROVAL = "on_approval"
    SUBSCRIBED = "subscribed"

    def __str__(self) -> str:
        return str(self.value)
