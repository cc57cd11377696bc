"""The ways posting, editing and voting can be refused (each a stable problem type)."""

from app.errors import AppError, Forbidden


class ThreadClosed(AppError):
    status, type, title = 403, "thread-closed", "Comments are closed"


class GuestsNotAllowed(AppError):
    status, type, title = 403, "guests-not-allowed", "Log in to comment"


class NameReserved(AppError):
    status, type, title = 409, "name-reserved", "Name belongs to a verified commenter"


class EditWindowClosed(AppError):
    status, type, title = 403, "edit-window-closed", "Too late to change this comment"


class NotTheAuthor(Forbidden):
    type, title = "not-the-author", "Only the author can change this comment"
