"""What the notify command announces: one newsletter edition, per language."""

from __future__ import annotations

from dataclasses import dataclass, field

STATUSES = ("draft", "published")


class AnnouncementError(Exception):
    """The edition exists but can not be announced as the content stands (e.g. the content has
    problems); the message says why and what to do. ``notify`` prints it and sends nothing."""


@dataclass(frozen=True)
class LocalAnnouncement:
    """An edition in one language; urls may be absolute or relative to the site's url."""

    title: str
    introduction: str
    url: str
    articles: list[tuple[str, str]] = field(default_factory=list)  # (title, url)


@dataclass(frozen=True)
class Announcement:
    number: int
    status: str  # "draft" or "published"
    languages: dict[str, LocalAnnouncement]
    # why a "draft" may not be sent yet when it is not simply unpublished, e.g. "is dated 2999-01-01, in the
    # future: ..."; notify shows it after "edition N "
    reason: str | None = None

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"edition {self.number}: status must be one of {', '.join(STATUSES)}, not {self.status!r}")

    @property
    def published(self) -> bool:
        return self.status == "published"

    def for_lang(self, lang: str) -> tuple[str, LocalAnnouncement]:
        """The reader's language when the edition has it, else Dutch, else whatever there is."""
        for candidate in (lang, "nl", *sorted(self.languages)):
            if candidate in self.languages:
                return candidate, self.languages[candidate]
        raise LookupError(f"edition {self.number} has no text in any language")
