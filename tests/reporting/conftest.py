import pytest

from checklists.models import County
from tests.factories.accounts import county_user, login_with_second_factor, reviewer_user
from tests.factories.checklists import ProgrammeFactory
from tests.factories.reporting import ombud_user, steering_user


@pytest.fixture
def stockholm(db):
    return County.objects.get(code="AB")


@pytest.fixture
def jamtland(db):
    return County.objects.get(code="Z")


@pytest.fixture
def programme(stockholm):
    return ProgrammeFactory(county=stockholm, name="PO Skärholmen", posts="2.5")


@pytest.fixture
def neighbour(stockholm):
    """Another programme in the same county."""
    return ProgrammeFactory(county=stockholm, name="PO Farsta")


@pytest.fixture
def foreign(jamtland):
    return ProgrammeFactory(county=jamtland, name="PO Östersund")


@pytest.fixture
def ombud(programme):
    return ombud_user(programme, username="olle", first_name="Olle", last_name="Ombud")


@pytest.fixture
def steering(programme):
    return steering_user(programme, username="lisa", first_name="Lisa", last_name="Ledning")


@pytest.fixture
def county_staff(stockholm):
    return county_user(county_code="AB", username="anna", first_name="Anna", last_name="Berg")


@pytest.fixture
def reviewer(db):
    return reviewer_user(username="granskare")


@pytest.fixture
def signed_in(client):
    """Sign the test client in as a user with a verified second factor."""

    def sign_in(user):
        client.logout()
        login_with_second_factor(client, user)
        return client

    return sign_in
