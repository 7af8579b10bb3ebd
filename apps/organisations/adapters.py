from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import get_language


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """Citizens who sign up keep the language they signed up in for messages sent to them."""
        user = super().save_user(request, user, form, commit=False)
        user.full_name = form.cleaned_data.get("full_name", "")
        user.language = "en" if (get_language() or "ar").startswith("en") else "ar"
        if commit:
            user.save()
        return user
