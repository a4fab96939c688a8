"""The background work of following, run by django-tasks: queue a published page's alerts and send them."""

from django_tasks import task

from . import sending
from .models import Subscription


@task()
def alerts_for_published_page(page_id):
    """Records the alerts a published page sets off, then sends those wanted at once."""
    sending.queue(page_id)
    sent, failed = sending.send_immediate()
    return {"sent": sent, "failed": failed}


@task()
def send_confirmation(subscription_id, frequency):
    """Sends a subscription's confirmation e-mail."""
    subscription = Subscription.objects.filter(pk=subscription_id).first()
    return subscription is not None and sending.send_confirmation(subscription, frequency)
