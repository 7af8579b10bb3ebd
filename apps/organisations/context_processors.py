from django.utils.functional import SimpleLazyObject

from .navigation import staff_menu


def staff_navigation(request):
    """`staff_menu`: the staff navigation for the signed-in user's roles (evaluated only if used)."""
    return {"staff_menu": SimpleLazyObject(lambda: staff_menu(request.user))}
