"""The demo companies show dunning at work: notices at different levels, replayed day by day."""

import pytest

from apps.dunning.demo import dunning_demo_seed
from apps.dunning.models import DunningNotice, DunningSettings, InterestMode

pytestmark = pytest.mark.django_db


def test_demo_data_has_overdue_invoices_at_different_levels(in_alpha):
    dunning_demo_seed(in_alpha)

    levels = {
        name: sorted(
            DunningNotice.objects.filter(invoice__customer__legal_name=name).values_list("level__level", flat=True)
        )
        for name in ("Schreinerei Holzwurm", "Familie Berger")
    }
    assert levels == {"Schreinerei Holzwurm": [1, 2, 3], "Familie Berger": [1]}
    assert DunningSettings.objects.get().interest_mode == InterestMode.STATUTORY_DE
    final = DunningNotice.objects.get(level__level=3)
    assert final.interest > 0  # the business pays base rate + 9 points on the final notice
