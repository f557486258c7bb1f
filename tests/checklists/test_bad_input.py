"""Whatever is posted to an assessment, the tool answers a redirect or a Swedish 400, never a
500, and either saves exactly what was sent or nothing at all."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checklists import services
from checklists.models import Answer, Assessment
from tests.factories.accounts import county_user, login_with_second_factor

KEYS = ["punkt-1-1", "punkt-1-2", "punkt-1-3"]
NASTY = ["", " ", "\x00", "<script>alert(1)</script>", "'; DROP TABLE x;--", "🙂", "=1+1", "\r\n"]

statuses = st.one_of(
    st.sampled_from(["uppfyllt", "delvis", "ej_uppfyllt", "ej_bedomt", "ej_tillampligt"]),
    st.sampled_from(NASTY),
    st.text(max_size=30),
)
texts = st.one_of(st.sampled_from(NASTY), st.text(max_size=200), st.just("å" * 4001))


@pytest.fixture
def setup(client, programme, version):
    user = county_user(county_code="AB", username="anna")
    login_with_second_factor(client, user)
    assessment = services.assessment_start(
        user=user, programme=programme, year=2026, version=version
    )
    return client, assessment


def saved():
    return {a.item_key: (a.status, a.comment, a.evidence) for a in Answer.objects.all()}


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    posted=st.fixed_dictionaries(
        {key: st.tuples(statuses, texts, texts) for key in KEYS},
    ),
    extra=st.dictionaries(st.text(max_size=20), st.text(max_size=20), max_size=3),
)
def test_posting_anything_saves_all_or_nothing(setup, posted, extra):
    client, assessment = setup
    before = saved()
    lock = Assessment.objects.get(pk=assessment.pk).lock_version
    data = {**extra, "lock_version": lock}
    for key, (status, comment, evidence) in posted.items():
        data |= {f"{key}-status": status, f"{key}-comment": comment, f"{key}-evidence": evidence}
    response = client.post(f"/tillsyn/bedomningar/{assessment.pk}/omraden/omr-1/", data)
    assert response.status_code in (302, 400)
    after = saved()
    if response.status_code == 400:
        assert after == before
        assert "Det gick inte att gå vidare" in response.content.decode()
    else:
        for key, (status, comment, evidence) in posted.items():
            assert after[key] == (status, comment.strip(), evidence.strip())
