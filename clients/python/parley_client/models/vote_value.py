from enum import IntEnum


class VoteValue(IntEnum):
    DOWN = -1
    WITHDRAW = 0
    UP = 1

    def __str__(self) -> str:
        return str(self.value)
