from enum import StrEnum


class ImportFormat(StrEnum):
    COMMENTO = "commento"
    DISQUS = "disqus"
    ISSO = "isso"
    PARLEY = "parley"
    REMARK42 = "remark42"
    WORDPRESS = "wordpress"

    def __str__(self) -> str:
        return str(self.value)
