"""Every text of the emails and pages, in the widget's five languages (en, de, fr, es, uk).

Placeholders are `str.format` fields; values are escaped by the caller where HTML needs it."""

from typing import Final

LANGUAGES: Final = ("en", "de", "fr", "es", "uk")
DEFAULT_LANGUAGE: Final = "en"

TEXTS: Final[dict[str, dict[str, str]]] = {
    "en": {
        "confirm.subject": "Confirm email notifications from {site}",
        "confirm.body": (
            "Someone, probably you, asked to be told by email about new comments on "
            '"{post}" at {site}.\n\nTo confirm, open this link and press the button:\n{link}\n\n'
            "If this was not you, ignore this message: nothing more will be sent."
        ),
        "confirm.button": "Confirm email notifications",
        "confirm.page_title": "Confirm notifications",
        "confirm.page_text": "Press the button to receive email notifications from {site}.",
        "confirm.done_title": "Notifications confirmed",
        "confirm.done_text": "You will get an email when there are new comments you asked for.",
        "reply.subject": 'New comment on "{post}"',
        "reply.intro": '{author} wrote on "{post}":',
        "reply.view": "View the comment",
        "reply.footer": "You get this because you asked for notifications on {site}.",
        "unsubscribe.link": "Unsubscribe",
        "unsubscribe.page_title": "Unsubscribe",
        "unsubscribe.page_text": "Stop email notifications from {site}?",
        "unsubscribe.thread": "Unsubscribe from this post",
        "unsubscribe.site": "Unsubscribe from everything on {site}",
        "unsubscribe.done_title": "Unsubscribed",
        "unsubscribe.done_text": "You will not get these emails any more.",
        "alert.subject": '[{site}] New comment awaiting moderation on "{post}"',
        "alert.subject_all": '[{site}] New comment on "{post}"',
        "alert.intro": '{author} wrote on "{post}" (status: {status}):',
        "alert.view": "Open the moderation queue",
        "alert.approve": "Approve it (no login needed; link valid 7 days)",
        "alert.spam": "Mark it as spam",
        "alert.delete": "Delete it",
        "link.invalid_title": "Link not valid",
        "link.invalid_text": "This link is not valid any more.",
    },
    "de": {
        "confirm.subject": "E-Mail-Benachrichtigungen von {site} bestätigen",
        "confirm.body": (
            "Jemand, vermutlich du, möchte per E-Mail über neue Kommentare zu "
            '„{post}" auf {site} informiert werden.\n\nZum Bestätigen öffne diesen Link und '
            "drücke den Knopf:\n{link}\n\n"
            "Warst du das nicht, ignoriere diese Nachricht: Es kommt nichts weiter."
        ),
        "confirm.button": "E-Mail-Benachrichtigungen bestätigen",
        "confirm.page_title": "Benachrichtigungen bestätigen",
        "confirm.page_text": (
            "Drücke den Knopf, um E-Mail-Benachrichtigungen von {site} zu erhalten."
        ),
        "confirm.done_title": "Benachrichtigungen bestätigt",
        "confirm.done_text": "Du bekommst eine E-Mail, wenn es neue Kommentare gibt.",
        "reply.subject": 'Neuer Kommentar zu „{post}"',
        "reply.intro": '{author} schrieb zu „{post}":',
        "reply.view": "Kommentar ansehen",
        "reply.footer": (
            "Du bekommst diese E-Mail, weil du Benachrichtigungen auf {site} bestellt hast."
        ),
        "unsubscribe.link": "Abbestellen",
        "unsubscribe.page_title": "Abbestellen",
        "unsubscribe.page_text": "E-Mail-Benachrichtigungen von {site} abbestellen?",
        "unsubscribe.thread": "Für diesen Beitrag abbestellen",
        "unsubscribe.site": "Alles auf {site} abbestellen",
        "unsubscribe.done_title": "Abbestellt",
        "unsubscribe.done_text": "Du bekommst diese E-Mails nicht mehr.",
        "alert.subject": '[{site}] Neuer Kommentar wartet auf Freigabe: „{post}"',
        "alert.subject_all": '[{site}] Neuer Kommentar zu „{post}"',
        "alert.intro": '{author} schrieb zu „{post}" (Status: {status}):',
        "alert.view": "Moderation öffnen",
        "alert.approve": "Freigeben (ohne Anmeldung; Link 7 Tage gültig)",
        "alert.spam": "Als Spam markieren",
        "alert.delete": "Löschen",
        "link.invalid_title": "Link ungültig",
        "link.invalid_text": "Dieser Link ist nicht mehr gültig.",
    },
    "fr": {
        "confirm.subject": "Confirmez les notifications par e-mail de {site}",
        "confirm.body": (
            "Quelqu'un, sans doute vous, a demandé à être prévenu par e-mail des nouveaux "
            "commentaires sur « {post} » sur {site}.\n\nPour confirmer, ouvrez ce lien et "
            "appuyez sur le bouton :\n{link}\n\n"
            "Si ce n'était pas vous, ignorez ce message : rien d'autre ne sera envoyé."
        ),
        "confirm.button": "Confirmer les notifications",
        "confirm.page_title": "Confirmer les notifications",
        "confirm.page_text": "Appuyez sur le bouton pour recevoir les notifications de {site}.",
        "confirm.done_title": "Notifications confirmées",
        "confirm.done_text": "Vous recevrez un e-mail quand il y aura de nouveaux commentaires.",
        "reply.subject": "Nouveau commentaire sur « {post} »",
        "reply.intro": "{author} a écrit sur « {post} » :",
        "reply.view": "Voir le commentaire",
        "reply.footer": "Vous recevez ceci car vous avez demandé des notifications sur {site}.",
        "unsubscribe.link": "Se désabonner",
        "unsubscribe.page_title": "Se désabonner",
        "unsubscribe.page_text": "Arrêter les notifications par e-mail de {site} ?",
        "unsubscribe.thread": "Se désabonner de cet article",
        "unsubscribe.site": "Se désabonner de tout {site}",
        "unsubscribe.done_title": "Désabonné",
        "unsubscribe.done_text": "Vous ne recevrez plus ces e-mails.",
        "alert.subject": "[{site}] Nouveau commentaire à modérer sur « {post} »",
        "alert.subject_all": "[{site}] Nouveau commentaire sur « {post} »",
        "alert.intro": "{author} a écrit sur « {post} » (statut : {status}) :",
        "alert.view": "Ouvrir la file de modération",
        "link.invalid_title": "Lien non valide",
        "link.invalid_text": "Ce lien n'est plus valide.",
    },
    "es": {
        "confirm.subject": "Confirma las notificaciones por correo de {site}",
        "confirm.body": (
            "Alguien, probablemente tú, pidió recibir por correo los nuevos comentarios de "
            "«{post}» en {site}.\n\nPara confirmarlo, abre este enlace y pulsa el botón:\n"
            "{link}\n\n"
            "Si no fuiste tú, ignora este mensaje: no se enviará nada más."
        ),
        "confirm.button": "Confirmar las notificaciones",
        "confirm.page_title": "Confirmar notificaciones",
        "confirm.page_text": "Pulsa el botón para recibir notificaciones por correo de {site}.",
        "confirm.done_title": "Notificaciones confirmadas",
        "confirm.done_text": "Recibirás un correo cuando haya comentarios nuevos.",
        "reply.subject": "Nuevo comentario en «{post}»",
        "reply.intro": "{author} escribió en «{post}»:",
        "reply.view": "Ver el comentario",
        "reply.footer": "Recibes esto porque pediste notificaciones en {site}.",
        "unsubscribe.link": "Darse de baja",
        "unsubscribe.page_title": "Darse de baja",
        "unsubscribe.page_text": "¿Dejar de recibir notificaciones de {site}?",
        "unsubscribe.thread": "Darse de baja de esta entrada",
        "unsubscribe.site": "Darse de baja de todo {site}",
        "unsubscribe.done_title": "Baja confirmada",
        "unsubscribe.done_text": "No recibirás más estos correos.",
        "alert.subject": "[{site}] Nuevo comentario pendiente de moderación en «{post}»",
        "alert.subject_all": "[{site}] Nuevo comentario en «{post}»",
        "alert.intro": "{author} escribió en «{post}» (estado: {status}):",
        "alert.view": "Abrir la cola de moderación",
        "link.invalid_title": "Enlace no válido",
        "link.invalid_text": "Este enlace ya no es válido.",
    },
    "uk": {
        "confirm.subject": "Підтвердьте сповіщення електронною поштою від {site}",
        "confirm.body": (
            "Хтось, імовірно ви, попросив сповіщати електронною поштою про нові коментарі до "
            "«{post}» на {site}.\n\nЩоб підтвердити, відкрийте це посилання й натисніть "
            "кнопку:\n{link}\n\n"
            "Якщо це були не ви, проігноруйте цей лист: більше нічого не надійде."
        ),
        "confirm.button": "Підтвердити сповіщення",
        "confirm.page_title": "Підтвердження сповіщень",
        "confirm.page_text": "Натисніть кнопку, щоб отримувати сповіщення від {site}.",
        "confirm.done_title": "Сповіщення підтверджено",
        "confirm.done_text": "Ви отримаєте лист, коли з'являться нові коментарі.",
        "reply.subject": "Новий коментар до «{post}»",
        "reply.intro": "{author} написав(ла) до «{post}»:",
        "reply.view": "Переглянути коментар",
        "reply.footer": "Ви отримали цей лист, бо підписалися на сповіщення на {site}.",
        "unsubscribe.link": "Відписатися",
        "unsubscribe.page_title": "Відписатися",
        "unsubscribe.page_text": "Припинити сповіщення електронною поштою від {site}?",
        "unsubscribe.thread": "Відписатися від цього допису",
        "unsubscribe.site": "Відписатися від усього на {site}",
        "unsubscribe.done_title": "Ви відписалися",
        "unsubscribe.done_text": "Ви більше не отримуватимете ці листи.",
        "alert.subject": "[{site}] Новий коментар чекає на модерацію: «{post}»",
        "alert.subject_all": "[{site}] Новий коментар до «{post}»",
        "alert.intro": "{author} написав(ла) до «{post}» (статус: {status}):",
        "alert.view": "Відкрити чергу модерації",
        "link.invalid_title": "Посилання недійсне",
        "link.invalid_text": "Це посилання більше не дійсне.",
    },
}


def text(language: str, key: str, **values: str) -> str:
    """The text in `language` (English when the language or the key is missing)."""
    table = TEXTS.get(language, TEXTS[DEFAULT_LANGUAGE])
    template = table.get(key, TEXTS[DEFAULT_LANGUAGE][key])
    return template.format(**values)
