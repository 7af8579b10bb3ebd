from django.db import models
from django.utils.translation import get_language


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def in_active_language(arabic: str, english: str) -> str:
    """Pick the Arabic or English form of stored bilingual content, falling back to the other."""
    if (get_language() or "ar").startswith("en"):
        return english or arabic
    return arabic or english
