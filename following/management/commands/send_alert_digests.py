"""Sends the daily digests of e-mail alerts, and whatever a failing mail server held back (run once a day by cron)."""

from django.core.mail import get_connection
from django.core.management.base import BaseCommand, CommandError

from following import sending


class Command(BaseCommand):
    help = (
        "Send each daily subscriber one digest of the new public agendas, minutes and memos, retry the "
        "confirmations and immediate alerts a failing mail server held back, and delete the subscriptions never "
        "confirmed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry-only",
            action="store_true",
            help="Only retry the held-back confirmations and immediate alerts (for a more frequent cron line).",
        )

    def handle(self, *args, retry_only=False, **options):
        failed = 0
        self.stdout.write(f"Unconfirmed subscriptions past their link's time, deleted: {sending.delete_unconfirmed()}")
        sent, not_sent = sending.send_unsent_confirmations()
        failed += not_sent
        self.stdout.write(f"Confirmations: {sent} sent, {not_sent} held back")
        sent, not_sent = sending.send_immediate()
        failed += not_sent
        self.stdout.write(f"Immediate alerts: {sent} sent, {not_sent} held back")
        if not retry_only:
            due = sending.digests_due()
            self.stdout.write(f"Digests due: {len(due)}")
            connection = get_connection()
            done = 0
            for number, (subscription, alerts) in enumerate(due, start=1):
                ok = sending.send_digest(subscription, alerts, connection=connection)
                done += ok
                failed += not ok
                state = "sent" if ok else "held back"
                self.stdout.write(f"  {number}/{len(due)} {subscription.email}: {len(alerts)} items, {state}")
            self.stdout.write(f"Digests: {done} sent, {len(due) - done} held back")
        if failed:
            raise CommandError(f"{failed} e-mails could not be sent; they are kept and sent on the next run.")
        self.stdout.write(self.style.SUCCESS("All waiting e-mails sent."))
