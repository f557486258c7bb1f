"""The register behind the directory: loaded from the content pack, kept by staff and editors."""

import shutil
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from checklists.models import County, Municipality, Programme
from portal.content_pack.loader import load_pack
from portal.content_pack.yaml_lines import PackError
from tests.factories.accounts import county_user, login_with_second_factor
from tests.factories.checklists import ProgrammeFactory

pytestmark = pytest.mark.django_db

REGISTER_FILES = ["10_sources.yaml", "60_register.yaml", "60_register_programmes.yaml"]
COUNTY_NUMBERS = {
    "AB": "01", "C": "03", "D": "04", "E": "05", "F": "06", "G": "07", "H": "08", "I": "09",
    "K": "10", "M": "12", "N": "13", "O": "14", "S": "17", "T": "18", "U": "19", "W": "20",
    "X": "21", "Y": "22", "Z": "23", "AC": "24", "BD": "25",
}  # fmt: skip


@pytest.fixture
def register_pack(tmp_path):
    """The real sources and register files of the content pack, without the pages."""
    (tmp_path / "snippets").mkdir()
    (tmp_path / "pages").mkdir()
    for name in REGISTER_FILES:
        shutil.copy(settings.PORTAL_CONTENT_DIR / "snippets" / name, tmp_path / "snippets" / name)
    return tmp_path


def test_the_pack_loads_the_register_once_and_a_second_load_changes_nothing(register_pack):
    first = load_pack(register_pack)
    assert not first.conflicts
    assert Programme.objects.count() == 106
    assert Municipality.objects.count() == 290
    before = {
        p.pk: (p.updated_at, sorted(m.pk for m in p.municipalities.all()))
        for p in Programme.objects.all()
    }

    second = load_pack(register_pack)
    assert not second.changed and not second.conflicts
    assert any("checklists.Programme:jamtland" in label for label in second.unchanged)
    after = {
        p.pk: (p.updated_at, sorted(m.pk for m in p.municipalities.all()))
        for p in Programme.objects.all()
    }
    assert after == before


def test_every_loaded_programme_names_its_source_year_and_invents_no_contact(register_pack):
    load_pack(register_pack)
    jamtland = Programme.objects.get(name="Personligt ombud i Jämtlands län")
    assert jamtland.county.code == "Z"
    assert jamtland.operation_form == "samverkan"
    assert jamtland.employer == "Krokoms kommun"
    assert jamtland.source.key == "serus-2012-jamtland" and jamtland.source_year == 2012
    assert sorted(m.name for m in jamtland.municipalities.all()) == [
        "Berg", "Bräcke", "Härjedalen", "Krokom", "Ragunda", "Strömsund", "Åre", "Östersund",
    ]  # fmt: skip
    soderort = Programme.objects.get(name="Personligt ombud Söderort")
    assert soderort.source.key == "sthlm-2023-arsrapport" and soderort.source_year == 2023
    assert soderort.posts == Decimal("5")
    for programme in Programme.objects.exclude(name="Personligt ombud i Piteå"):
        assert programme.source_id and programme.source_year in (2012, 2023), programme
        assert programme.municipalities.exists(), programme
        assert not (programme.phone or programme.email or programme.website), programme
        assert {m.county_id for m in programme.municipalities.all()} == {programme.county_id}
    # The one contact detail seed 004 prints (Bilaga 1), with a warning that it may be old.
    pitea = Programme.objects.get(name="Personligt ombud i Piteå")
    assert pitea.website == "http://personligtombudpitea.wordpress.com/"
    assert "kan ha ändrats" in pitea.public_note
    for municipality in Municipality.objects.exclude(listing="okand"):
        assert municipality.source_id and municipality.source_year in (2012, 2023), municipality
    for municipality in Municipality.objects.filter(listing="okand"):
        assert not municipality.source_id and not municipality.programmes.exists(), municipality


def test_all_290_municipalities_are_loaded_with_their_county_and_what_the_sources_say(
    register_pack,
):
    load_pack(register_pack)
    counts = {
        county.code: county.municipalities.count() for county in County.objects.all()
    }  # SCB's list: 290 municipalities in 21 counties
    assert counts == {
        "AB": 26, "C": 8, "D": 9, "E": 13, "F": 13, "G": 8, "H": 12, "I": 1, "K": 5, "M": 33,
        "N": 6, "O": 49, "S": 16, "T": 12, "U": 10, "W": 15, "X": 10, "Y": 7, "Z": 8, "AC": 15,
        "BD": 14,
    }  # fmt: skip
    assert Municipality.objects.exclude(code=None).count() == 290
    for municipality in Municipality.objects.select_related("county"):
        assert municipality.code[:2] in COUNTY_NUMBERS[municipality.county.code], municipality
    listing = dict(Municipality.objects.values_list("name", "listing"))
    # Seed 004, Bilaga 1: 40 of the 41 different names without PO (Alingsås is also listed with
    # PO: "Lerum & Allingsås"), the three uncertain, and the rest of the appendix with PO.
    assert sum(value == "utan_po" for value in listing.values()) == 40
    assert [n for n, v in listing.items() if v == "osaker"] == ["Värnamo", "Öckerö", "Örkelljunga"]
    assert listing["Lidingö"] == "utan_po" and listing["Alingsås"] == "med_po"
    lidingo = Municipality.objects.get(name="Lidingö")
    assert lidingo.county.code == "AB" and not lidingo.programmes.exists()
    # Names as the municipalities spell them, not as the source did.
    for name in ["Hällefors", "Malung-Sälen", "Hallstahammar", "Surahammar", "Upplands-Bro"]:
        assert Municipality.objects.get(name=name).listing != "okand", name
    assert not Municipality.objects.filter(name__in=["Hällerfors", "Allingsås", "GOTLAND"])


def test_the_appendix_programmes_carry_the_number_of_ombud_and_the_sources_doubts(register_pack):
    load_pack(register_pack)
    norrkoping = Programme.objects.get(name="Personligt ombud i Norrköping")
    assert norrkoping.posts == Decimal("3") and norrkoping.source_year == 2012
    assert "troligen antalet ombud" in norrkoping.public_note
    assert [m.name for m in norrkoping.municipalities.all()] == ["Norrköping"]
    for name in ["Borås", "Eskilstuna", "Örebro", "Gotland"]:
        assert Programme.objects.filter(municipalities__name=name).exists(), name
    lerum = Programme.objects.get(municipalities__name="Alingsås")
    assert lerum.operation_form == "samverkan"
    assert "utan personligt ombud" in lerum.public_note  # the contradiction is told
    falkoping = Programme.objects.filter(municipalities__name="Falköping")
    assert falkoping.count() == 2
    assert all("två gånger" in p.public_note for p in falkoping)
    served = Municipality.objects.filter(programmes__isnull=False).distinct()
    assert served.count() == Municipality.objects.filter(listing="med_po").count() == 205


def test_an_editors_change_to_the_served_municipalities_is_kept(register_pack):
    load_pack(register_pack)
    jamtland = Programme.objects.get(name="Personligt ombud i Jämtlands län")
    # Only the relation changes (not `updated_at`): the fingerprint must still notice.
    Programme.municipalities.through.objects.filter(
        programme=jamtland, municipality__name="Berg"
    ).delete()
    report = load_pack(register_pack)
    assert any("jamtland" in conflict for conflict in report.conflicts)
    assert not jamtland.municipalities.filter(name="Berg").exists()


def write_pack(tmp_path, programme_fields: str):
    (tmp_path / "snippets").mkdir(exist_ok=True)
    (tmp_path / "pages").mkdir(exist_ok=True)
    (tmp_path / "snippets" / "60_kommuner.yaml").write_text(
        "model: checklists.Municipality\n"
        "items:\n"
        "  - key: krokom\n"
        "    fields: {name: Krokom, county: {$county: Z}}\n"
    )
    (tmp_path / "snippets" / "61_verksamheter.yaml").write_text(
        "model: checklists.Programme\n"
        "items:\n"
        "  - key: po\n"
        f"    fields: {{name: PO, operation_form: kommunal, {programme_fields}}}\n"
    )
    return tmp_path


@pytest.mark.parametrize(
    "fields, message",
    [
        ("county: {$county: QQ}, municipalities: [{$municipality: krokom}]", "county: QQ"),
        ("county: {$county: Z}, municipalities: [{$municipality: atlantis}]", "atlantis"),
        ("county: {$county: Z}, municipalities: {$municipality: krokom}", "ska vara en lista"),
        ("county: {$county: Z}, municipalities: [Krokom]", "ska vara en lista"),
    ],
)
def test_bad_register_references_are_refused_with_file_and_reason(tmp_path, fields, message):
    with pytest.raises(PackError) as error:
        load_pack(write_pack(tmp_path, fields))
    assert message in str(error.value)
    assert "61_verksamheter.yaml" in str(error.value)
    assert not Municipality.objects.exists()  # one transaction: nothing was saved


# --- the register's forms still save the served municipalities ---------------------------------


def test_county_staff_save_the_municipalities_a_programme_serves(client):
    county = County.objects.get(code="Z")
    krokom = Municipality.objects.create(name="Krokom", county=county)
    ostersund = Municipality.objects.create(name="Östersund", county=county)
    login_with_second_factor(client, county_user(county_code="Z", username="zara"))
    data = {
        "name": "PO Jämtland",
        "operation_form": "samverkan",
        "employer": "Krokoms kommun",
        "municipalities": [krokom.pk, ostersund.pk],
        "is_active": "on",
        "ledning-TOTAL_FORMS": "0",
        "ledning-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("tillsyn:programme_create", kwargs={"code": "Z"}), data)
    programme = Programme.objects.get(name="PO Jämtland")
    assert response.status_code == 302
    assert list(programme.municipalities.all()) == [krokom, ostersund]

    data |= {"municipalities": [ostersund.pk]}
    client.post(reverse("tillsyn:programme_edit", kwargs={"pk": programme.pk}), data)
    assert list(programme.municipalities.all()) == [ostersund]

    response = client.post(
        reverse("tillsyn:programme_edit", kwargs={"pk": programme.pk}), data | {"employer": ""}
    )
    assert response.status_code == 400  # staff must name the employer even if documents do not
    assert list(programme.municipalities.all()) == [ostersund]


def test_editors_set_the_served_municipalities_in_the_admin(client):
    county = County.objects.get(code="Z")
    krokom = Municipality.objects.create(name="Krokom", county=county)
    editor = get_user_model().objects.create_user("red", "red@example.invalid", "x")
    editor.groups.add(Group.objects.get(name="Redaktör"))
    client.force_login(editor)
    programme = ProgrammeFactory(county=county, name="PO Jämtland")
    response = client.post(
        f"/admin/snippets/checklists/programme/edit/{programme.pk}/",
        {
            "name": "PO Jämtland",
            "county": county.pk,
            "municipalities": [krokom.pk],
            "operation_form": "samverkan",
            "employer": "",
            "steering_members-TOTAL_FORMS": "0",
            "steering_members-INITIAL_FORMS": "0",
            "steering_members-MIN_NUM_FORMS": "0",
            "steering_members-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    assert list(programme.municipalities.all()) == [krokom]


# --- contact details changed through the register are dated ------------------------------------


def programme_data(programme, **changes):
    return {
        "name": programme.name,
        "operation_form": programme.operation_form,
        "employer": programme.employer or "Kommunen",
        "municipalities": [m.pk for m in programme.municipalities.all()],
        "phone": programme.phone,
        "email": programme.email,
        "address": programme.address,
        "website": programme.website,
        "public_note": programme.public_note,
        "is_active": "on",
        "ledning-TOTAL_FORMS": "0",
        "ledning-INITIAL_FORMS": "0",
    } | changes


def test_county_staff_changing_contact_details_dates_them_and_others_cannot(client):
    county = County.objects.get(code="Z")
    krokom = Municipality.objects.create(name="Krokom", county=county)
    programme = ProgrammeFactory(county=county, name="PO Jämtland", phone="")
    programme.municipalities.set([krokom])
    programme.save()
    login_with_second_factor(client, county_user(county_code="Z", username="zara"))
    url = reverse("tillsyn:programme_edit", kwargs={"pk": programme.pk})

    client.post(url, programme_data(programme, employer="Krokoms kommun"))
    programme.refresh_from_db()
    assert programme.contact_updated_on is None  # no contact detail changed

    response = client.post(url, programme_data(programme, phone="0640-161 00"))
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.phone == "0640-161 00"
    assert programme.contact_updated_on == timezone.localdate()

    response = client.post(url, programme_data(programme, email="inte en adress", phone="1"))
    assert response.status_code == 400
    assert "Ange en giltig mejladress" in response.content.decode()
    programme.refresh_from_db()
    assert programme.phone == "0640-161 00"  # nothing saved

    other = ProgrammeFactory(county=County.objects.get(code="AB"), name="PO Stockholm")
    response = client.post(
        reverse("tillsyn:programme_edit", kwargs={"pk": other.pk}),
        programme_data(other, phone="0"),
    )
    assert response.status_code in (403, 404)
    other.refresh_from_db()
    assert other.phone == "08-123 456" and other.contact_updated_on is None


def editor_client(client):
    editor = get_user_model().objects.create_user("red", "red@example.invalid", "x")
    editor.groups.add(Group.objects.get(name="Redaktör"))
    client.force_login(editor)
    return client


def municipality_data(municipality, **changes):
    return {
        "name": municipality.name,
        "code": municipality.code or "",
        "county": municipality.county_id,
        "listing": municipality.listing,
        "source": municipality.source_id or "",
        "source_year": municipality.source_year or "",
        "phone": municipality.phone,
        "website": municipality.website,
    } | changes


def test_editors_update_a_municipalitys_contact_way_and_the_date_is_shown(client):
    ydre = Municipality.objects.create(
        name="Ydre", code="0512", county=County.objects.get(code="E")
    )
    editor_client(client)
    url = f"/admin/snippets/checklists/municipality/edit/{ydre.pk}/"
    response = client.post(url, municipality_data(ydre, listing="utan_po"))
    assert response.status_code == 302
    ydre.refresh_from_db()
    assert ydre.listing == "utan_po" and ydre.contact_updated_on is None

    response = client.post(
        url, municipality_data(ydre, phone="0381-661 00", website="https://www.ydre.se/")
    )
    assert response.status_code == 302
    ydre.refresh_from_db()
    assert ydre.phone == "0381-661 00" and ydre.contact_updated_on == timezone.localdate()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"code": "58"}, "Kommunkoden är fyra siffror"),
        ({"code": "0581'; --"}, "som mest 4 tecken"),
        ({"website": "javascript:alert(1)"}, "Ange en giltig URL"),
        ({"phone": "0" * 41}, "som mest 40 tecken"),
        ({"name": ""}, "Det här fältet är obligatoriskt"),
        ({"listing": "<script>"}, "Välj ett giltigt alternativ"),
    ],
)
def test_bad_municipality_input_in_the_admin_is_refused_in_swedish(client, changes, message):
    ydre = Municipality.objects.create(
        name="Ydre", code="0512", county=County.objects.get(code="E")
    )
    editor_client(client)
    response = client.post(
        f"/admin/snippets/checklists/municipality/edit/{ydre.pk}/",
        municipality_data(ydre, **changes),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    ydre.refresh_from_db()
    assert ydre.code == "0512" and not ydre.phone and ydre.contact_updated_on is None


def test_editors_changing_a_programmes_phone_in_the_admin_dates_it(client):
    county = County.objects.get(code="Z")
    programme = ProgrammeFactory(county=county, name="PO Jämtland", phone="")
    editor_client(client)
    data = {
        "name": "PO Jämtland",
        "county": county.pk,
        "operation_form": "samverkan",
        "employer": "",
        "phone": "063-14 30 00",
        "steering_members-TOTAL_FORMS": "0",
        "steering_members-INITIAL_FORMS": "0",
        "steering_members-MIN_NUM_FORMS": "0",
        "steering_members-MAX_NUM_FORMS": "1000",
    }
    response = client.post(f"/admin/snippets/checklists/programme/edit/{programme.pk}/", data)
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.contact_updated_on == timezone.localdate()
