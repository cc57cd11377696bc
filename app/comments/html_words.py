"""The words of the server-rendered thread, in the widget's five languages.

Most come from the widget's own tables (templates/widget-words.json, taken from
widget/src/strings.js and strings-more.js, so both speak alike); the few only the no-JavaScript
pages need are below.
"""

import json
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "de", "fr", "es", "uk")

_EXTRA: dict[str, dict[str, str | dict[str, str]]] = {
    "en": {
        # The heading of a thread that has no title (none stored, none given).
        "untitled": {"zero": "No comments yet", "one": "One thought", "other": "{n} thoughts"},
        "older": "Older comments",
        "newer": "Newer comments",
        "nav": "Comments navigation",
        "notPosted": "Your comment was not posted",
        "kept": "Your text is kept below: correct it and send it again.",
        "expired": "The form was open too long or came from elsewhere. Please send it again.",
        "empty": "Please type a comment.",
        "tooLong": "Your comment is too long: at most {n} characters.",
        "hp": "Leave this field empty",
        "notifyNone": "No emails",
        "back": "Back to the post",
        "loginJs": "Logging in needs JavaScript.",
    },
    "de": {
        # The heading of a thread that has no title (none stored, none given).
        "untitled": {
            "zero": "Noch keine Kommentare",
            "one": "Ein Gedanke",
            "other": "{n} Gedanken",
        },
        "older": "Ältere Kommentare",
        "newer": "Neuere Kommentare",
        "nav": "Kommentar-Navigation",
        "notPosted": "Dein Kommentar wurde nicht gesendet",
        "kept": "Dein Text steht unten: korrigiere ihn und sende ihn erneut.",
        "expired": "Das Formular war zu lange offen oder kam von anderswo. Bitte sende es erneut.",
        "empty": "Bitte schreibe einen Kommentar.",
        "tooLong": "Dein Kommentar ist zu lang: höchstens {n} Zeichen.",
        "hp": "Dieses Feld leer lassen",
        "notifyNone": "Keine E-Mails",
        "back": "Zurück zum Beitrag",
        "loginJs": "Die Anmeldung braucht JavaScript.",
    },
    "fr": {
        # The heading of a thread that has no title (none stored, none given).
        "untitled": {
            "zero": "Aucun commentaire",
            "one": "Une réflexion",
            "other": "{n} réflexions",
        },
        "older": "Commentaires plus anciens",
        "newer": "Commentaires plus récents",
        "nav": "Navigation des commentaires",
        "notPosted": "Votre commentaire n’a pas été envoyé",
        "kept": "Votre texte est conservé ci-dessous : corrigez-le et renvoyez-le.",
        "expired": "Le formulaire est resté ouvert trop longtemps ou vient d’ailleurs. "
        "Veuillez le renvoyer.",
        "empty": "Veuillez écrire un commentaire.",
        "tooLong": "Votre commentaire est trop long : {n} caractères au plus.",
        "hp": "Laissez ce champ vide",
        "notifyNone": "Aucun e-mail",
        "back": "Retour à l’article",
        "loginJs": "La connexion nécessite JavaScript.",
    },
    "es": {
        # The heading of a thread that has no title (none stored, none given).
        "untitled": {
            "zero": "Aún no hay comentarios",
            "one": "Un comentario",
            "other": "{n} comentarios",
        },
        "older": "Comentarios anteriores",
        "newer": "Comentarios más recientes",
        "nav": "Navegación de comentarios",
        "notPosted": "Tu comentario no se ha enviado",
        "kept": "Tu texto se conserva abajo: corrígelo y envíalo de nuevo.",
        "expired": "El formulario estuvo abierto demasiado tiempo o vino de otro sitio. "
        "Envíalo de nuevo.",
        "empty": "Escribe un comentario.",
        "tooLong": "Tu comentario es demasiado largo: como máximo {n} caracteres.",
        "hp": "Deja este campo vacío",
        "notifyNone": "Sin correos",
        "back": "Volver a la entrada",
        "loginJs": "Para acceder hace falta JavaScript.",
    },
    "uk": {
        # The heading of a thread that has no title (none stored, none given).
        "untitled": {
            "zero": "Ще немає коментарів",
            "one": "{n} думка",
            "few": "{n} думки",
            "many": "{n} думок",
            "other": "{n} думки",
        },
        "older": "Старіші коментарі",
        "newer": "Новіші коментарі",
        "nav": "Навігація коментарями",
        "notPosted": "Ваш коментар не надіслано",
        "kept": "Ваш текст збережено нижче: виправте його й надішліть ще раз.",
        "expired": "Форма була відкрита задовго або прийшла з іншого місця. Надішліть її ще раз.",
        "empty": "Напишіть коментар.",
        "tooLong": "Коментар задовгий: щонайбільше {n} символів.",
        "hp": "Залиште це поле порожнім",
        "notifyNone": "Без листів",
        "back": "Повернутися до запису",
        "loginJs": "Для входу потрібен JavaScript.",
    },
}


@cache
def _widget_words() -> dict[str, dict[str, str | dict[str, str]]]:
    path = Path(__file__).with_name("templates") / "widget-words.json"
    words: dict[str, dict[str, str | dict[str, str]]] = json.loads(path.read_text("utf-8"))
    return words


def language(code: str | None) -> str:
    """One of the five languages; English for anything else."""
    code = (code or "en")[:2].lower()
    return code if code in LANGUAGES else "en"


def plural_category(lang: str, n: int) -> str:
    """CLDR's plural category of `n` (the widget's Intl.PluralRules), with "zero" for 0."""
    if n == 0:
        return "zero"
    if lang == "uk":
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return "few"
        return "many"
    if lang == "fr":
        return "one" if n in (0, 1) else "other"
    return "one" if n == 1 else "other"


class Words:
    """A translator for one language: words("leave"), words("thoughts", count=2, t="Title")."""

    def __init__(self, lang: str) -> None:
        self.lang = language(lang)
        self._table = {**_widget_words()["en"], **_EXTRA["en"]}
        self._table.update(_widget_words().get(self.lang, {}))
        self._table.update(_EXTRA.get(self.lang, {}))

    def __call__(self, key: str, count: int | None = None, **values: str) -> str:
        entry = self._table.get(key, "")
        if isinstance(entry, dict):
            category = plural_category(self.lang, count or 0)
            text = entry.get(category) or entry.get("other", "")
        else:
            text = entry
        if count is not None:
            values.setdefault("n", str(count))
        for name, value in values.items():
            text = text.replace("{" + name + "}", value)
        return text
