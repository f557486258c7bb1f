"""Publishing a checklist freezes a new version (checklists.services does the work)."""

from django.dispatch import receiver
from wagtail.signals import page_published

from checklists import services
from checklists.models import ChecklistPage


@receiver(page_published, sender=ChecklistPage)
def freeze_published_checklist(sender, instance, **kwargs):
    services.checklist_version_publish(page=instance)
