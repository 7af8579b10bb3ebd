"""Messages rendered from `templates/notifications/<name>/` in the recipient's language.

Files per channel: in_app.txt (one line); sms.txt; subject.txt, body.txt and, when present,
body.html for email. Text files are rendered without HTML escaping (they are not HTML); the HTML
body is escaped as any page is. Each template sees the message's context, plus `link` (the
message's link in the recipient's language) and `link_url` (the same, absolute, for email and
SMS).
"""

from dataclasses import dataclass

from django.conf import settings
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import translation

CHANNEL_FILES = {
    "in_app": ("in_app.txt",),
    "sms": ("sms.txt",),
    "email": ("subject.txt", "body.txt"),
}
OPTIONAL_HTML = "body.html"
LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    html: str


def _path(template: str, filename: str) -> str:
    return f"notifications/{template}/{filename}"


def check_template(template: str, channel: str) -> None:
    """Raise TemplateDoesNotExist now, in the caller, rather than when a worker sends."""
    for filename in CHANNEL_FILES[channel]:
        get_template(_path(template, filename))


def link_in(link: str, language: str) -> str:
    """The link with its language prefix replaced: URLs differ between languages only by it."""
    parts = link.split("/", 2)
    if link.startswith("/") and len(parts) > 2 and parts[1] in LANGUAGE_CODES:
        return f"/{language}/{parts[2]}"
    return link


def absolute(link: str) -> str:
    if not link or "://" in link:
        return link
    return settings.SITE_URL.rstrip("/") + link


def _text(path: str, context: dict) -> str:
    # The backend's template wraps a django.template.base.Template, which takes a Context
    # whose autoescaping can be turned off: "&" in a text message must stay "&".
    return get_template(path).template.render(Context(context, autoescape=False)).strip()


def _one_line(text: str) -> str:
    return " ".join(text.split())


def render_message(
    *, template: str, channel: str, language: str, context: dict, link: str
) -> Rendered:
    with translation.override(language):
        link = link_in(link, language)
        values = {**context, "link": link, "link_url": absolute(link)}
        if channel == "in_app":
            return Rendered("", _one_line(_text(_path(template, "in_app.txt"), values)), "")
        if channel == "sms":
            return Rendered("", _text(_path(template, "sms.txt"), values), "")
        subject = _one_line(_text(_path(template, "subject.txt"), values))
        body = _text(_path(template, "body.txt"), values)
        try:
            html = get_template(_path(template, OPTIONAL_HTML)).render(values)
        except TemplateDoesNotExist:
            html = ""
        return Rendered(subject, body, html)
