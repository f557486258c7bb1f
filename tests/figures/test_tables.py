"""The data table editors type: every problem refused with a Swedish message naming the line."""

from decimal import Decimal

import pytest

from figures.tables import DataTableError, format_number, parse_data_table, parse_number


def errors_of(text: str) -> list[str]:
    with pytest.raises(DataTableError) as caught:
        parse_data_table(text)
    return caught.value.messages


class TestRefused:
    def test_empty(self):
        message = "Datatabellen är tom. Skriv en rubrikrad och minst en rad med värden."
        assert errors_of("") == [message]
        assert errors_of(" \n\n  \n") == [message]

    def test_header_only(self):
        assert errors_of("Län;Ombud\n") == [
            "Datatabellen har bara en rubrikrad. Lägg till minst en rad med värden."
        ]

    def test_header_without_a_series(self):
        assert errors_of("Län\nStockholm") == [
            "Rad 1 (rubrikraden) ska ha minst två kolumner åtskilda med semikolon: en för "
            "etiketterna och en för varje serie av värden."
        ]

    def test_header_with_an_empty_series_name(self):
        assert errors_of("Län;;Ombud\nStockholm;1;2") == [
            "Rad 1 (rubrikraden): kolumn 2 saknar namn."
        ]

    def test_missing_value(self):
        assert errors_of("Län;Ombud\nStockholm;56\nJämtland;") == [
            "Rad 3 saknar värde i kolumnen ”Ombud”."
        ]

    def test_non_numeric_value(self):
        assert errors_of("Län;Ombud\nStockholm;femtiosex") == [
            "Rad 2: ”femtiosex” i kolumnen ”Ombud” är inget tal. Skriv bara siffror, t.ex. 12, "
            "12,5 eller 1 234."
        ]

    @pytest.mark.parametrize("value", ["12 34", "1.234,5", "12,", "ca 90", "56 %", "1e3", "0x10"])
    def test_other_things_that_are_not_numbers(self, value):
        (message,) = errors_of(f"Län;Ombud\nStockholm;{value}")
        assert message.startswith(f"Rad 2: ”{value}” i kolumnen ”Ombud” är inget tal.")

    def test_negative_value(self):
        assert errors_of("År;Förändring\n2011;-13") == [
            "Rad 2: värdet i kolumnen ”Förändring” är negativt. Diagrammen visar bara värden "
            "från 0 och uppåt."
        ]

    def test_wrong_number_of_columns_names_the_line(self):
        assert errors_of("Län;Verksamheter;Ombud\nStockholm;15;56\n\nJämtland;4") == [
            "Rad 4 har 2 kolumner, men rubrikraden har 3."
        ]

    def test_missing_label_and_duplicate_label(self):
        assert errors_of("Län;Ombud\n;4\nJämtland;4\njämtland;5") == [
            "Rad 2 saknar etikett i första kolumnen.",
            "Rad 4: etiketten ”jämtland” finns redan på rad 3.",
        ]

    def test_too_many_rows(self):
        text = "År;Klienter\n" + "\n".join(f"{1950 + i};{i}" for i in range(61))
        assert errors_of(text) == [
            "Datatabellen har 61 rader med värden. Ett diagram rymmer högst 60."
        ]

    def test_too_many_series(self):
        assert errors_of("Län;a;b;c;d;e\nX;1;2;3;4;5") == [
            "Datatabellen har 5 serier av värden. Ett diagram kan skilja åt högst 4."
        ]

    def test_huge_input_is_refused_before_it_is_read(self):
        assert errors_of("Län;Ombud\n" + "Stockholm;1\n" * 2000) == [
            "Datatabellen är för lång: högst 10\u00a0000 tecken."
        ]

    def test_huge_number(self):
        assert errors_of("Län;Ombud\nX;1234567890123") == [
            "Rad 2: talet i kolumnen ”Ombud” är för stort."
        ]

    def test_many_errors_are_capped_with_a_count(self):
        text = "År;Klienter\n" + "\n".join(f"{2000 + i};x" for i in range(14))
        messages = errors_of(text)
        assert len(messages) == 11
        assert messages[-1] == "… och 4 fel till."

    def test_long_values_are_shortened_in_the_message(self):
        (message,) = errors_of("Län;Ombud\nX;" + "y" * 500)
        assert "y" * 19 + "…" in message and "y" * 21 not in message


class TestAccepted:
    def test_swedish_numbers_keep_their_precision(self):
        table = parse_data_table("Län;Andel;Antal\nA;12,5;1 234\nB;7;2\u00a0968,50\nC;0.5;0")
        assert table.label_heading == "Län"
        assert table.series == ("Andel", "Antal")
        assert [row.values for row in table.rows] == [
            (Decimal("12.5"), Decimal("1234")),
            (Decimal("7"), Decimal("2968.50")),
            (Decimal("0.5"), Decimal("0")),
        ]
        assert table.maximum == Decimal("2968.50")

    def test_tabs_from_a_spreadsheet_and_surrounding_blanks(self):
        table = parse_data_table("\n  År\tKlienter  \n2009\t 150 \n\n2010\t130\n")
        assert [(row.label, row.values) for row in table.rows] == [
            ("2009", (Decimal(150),)),
            ("2010", (Decimal(130),)),
        ]

    def test_labels_are_kept_as_typed_markup_and_all(self):
        table = parse_data_table('Grupp;Antal\n<b>&"x"</b> =SUM(A1);3')
        assert table.rows[0].label == '<b>&"x"</b> =SUM(A1)'


@pytest.mark.parametrize(
    ("text", "value"),
    [("12", "12"), ("12,5", "12.5"), ("1 234", "1234"), ("1 234 567,25", "1234567.25")],
)
def test_parse_number(text, value):
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize(
    ("value", "sv", "en"),
    [("1234", "1\u00a0234", "1,234"), ("12.50", "12,50", "12.50"), ("7", "7", "7")],
)
def test_format_number_per_language(value, sv, en):
    assert format_number(Decimal(value), "sv") == sv
    assert format_number(Decimal(value), "en") == en
