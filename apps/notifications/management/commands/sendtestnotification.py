"""`manage.py sendtestnotification`: check that messages reach people, as `sendtestemail` does
for mail, through the whole outbox (the row, the queue, a worker, the channel's backend)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.notifications.services import notify, notify_address
from apps.organisations.models import User

TEMPLATE = "notifications.test"


class Command(BaseCommand):
    help = (
        "Queue the test message to a user (in-app and email) and/or to an email address or mobile."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", help="email of an account: in-app and email, in its language")
        parser.add_argument("--email", default="", help="an email address")
        parser.add_argument("--phone", default="", help="a Jordanian mobile number (SMS)")
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE, help="for --email and --phone: ar or en"
        )

    def handle(self, *args, **options):
        if not (options["user"] or options["email"] or options["phone"]):
            raise CommandError("Give --user, --email or --phone.")
        messages = []
        with transaction.atomic():
            if options["user"]:
                user = User.objects.filter(email__iexact=options["user"]).first()
                if user is None:
                    raise CommandError("No account has that email address.")
                messages += notify(recipient=user, template=TEMPLATE, context={})
            if options["email"] or options["phone"]:
                try:
                    messages += notify_address(
                        language=options["language"],
                        template=TEMPLATE,
                        context={},
                        email=options["email"],
                        phone=options["phone"],
                    )
                except ValueError as error:
                    raise CommandError(str(error)) from None
        for message in messages:
            self.stdout.write(f"message {message.pk}: {message.channel} {message.status}")
        self.stdout.write(
            "A worker sends them; the admin (Notifications › Messages) shows how it went."
        )
