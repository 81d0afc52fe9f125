import factory
from django.contrib.contenttypes.models import ContentType

from apps.audit.models import AuditEntry


class AuditEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEntry

    content_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(AuditEntry))
    object_pk = factory.Sequence(str)
    object_repr = factory.Sequence(lambda n: f"Audited thing {n}")
    action = AuditEntry.Action.CREATE
