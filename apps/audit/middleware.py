from django.core.exceptions import PermissionDenied

from . import context
from .context import REQUEST_ID_HEADER, RequestContext
from .services import audit_denied


class RequestIdMiddleware:
    """Give each request an id (the proxy's X-Request-ID when sane, else a new one), keep it and
    the client's address where `audit_record` and the log filter find them, and echo the id in
    the response so that a user's report, the logs and the audit trail meet.

    It also records every PermissionDenied a view lets out (a 403 for a missing role, raised by
    `staff_required` or by the view itself) unless the view already recorded the refusal: the
    organisations app, where `staff_required` lives, sits below the audit app and cannot call it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = context.request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request.client_ip = context.client_ip(request.META)
        token = context.activate(RequestContext(request.request_id, request.client_ip))
        try:
            response = self.get_response(request)
        finally:
            context.deactivate(token)
        response[REQUEST_ID_HEADER] = request.request_id
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            audit_denied(request=request, status=403)
        return None
