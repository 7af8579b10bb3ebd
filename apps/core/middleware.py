"""Requests no page can answer, turned away before any view sees them."""

from django.http import Http404


class NullCharacterMiddleware:
    """A NUL character in the path (`/…/%00/`) names no page, but views pass path parts to
    PostgreSQL, which refuses NUL in text and would turn it into a 500. Answer 404 before any view runs (placed after the session, user and
    messages middleware, so that the 404 page renders as any other)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404
        return self.get_response(request)
