"""Vocabulary of the generated comments and commenters."""


def _split(text: str) -> list[str]:
    return text.split()


WORDS = _split(
    "the a of to and in is it that for on with as this was but be at by not are from or have "
    "an they which you one had all their there can what if about would when so more up out "
    "some time other into than them then could only new also after use two how our work first "
    "well way even because any these most us cache query thread server deploy latency index "
    "python release migration config build test markdown browser request response database "
    "review patch commit branch docker proxy socket worker memory profile benchmark compile "
    "install package version really quite simply actually probably honestly clearly maybe "
    "perhaps certainly nice great helpful clever odd surprising useful confusing elegant slow "
    "fast broken fixed stable"
)

FIRST = _split(
    "Ada Ben Chloe Dev Emil Fatima Gus Hana Ivan Jun Kofi Lena Marta Nils Omar Priya Quinn "
    "Rosa Sven Tariq Uma Vera Wei Xavi Yara Zoe Arjun Bea Carlos Dana"
)

LAST = _split(
    "Okafor Lindqvist Moreau Tanaka Kowalski Haddad Novak Rossi Silva Nakamura Ivanova Dubois "
    "Schmidt Garcia Chen Patel Murphy Jensen Costa Fischer"
)
