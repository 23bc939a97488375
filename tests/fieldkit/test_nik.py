"""NIK and KK checks against the real region table.

Every number here is synthetic: the region, date and serial are chosen to
exercise a rule, not taken from anyone's card.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from fieldkit.nik import (
    KkCheck,
    NikCheck,
    Sex,
    build_nik,
    check_kk,
    check_nik,
    mask,
    synthetic_nik,
)

TODAY = dt.date(2025, 6, 1)
ACCEPTANCE = "3315014708950003"  # Grobogan/Kedungjati, woman born 7 Aug 1995


def codes(findings):
    return [f.code for f in findings]


def nik(nik_str, **kwargs):
    return check_nik(nik_str, today=TODAY, **kwargs)


# --- the happy path --------------------------------------------------------


def test_acceptance_nik():
    result = nik(ACCEPTANCE)
    assert result.valid
    assert result.errors == ()
    assert result.warnings == ()
    assert result.sex is Sex.FEMALE
    assert result.birth_date == dt.date(1995, 8, 7)
    assert result.province == "Jawa Tengah"
    assert result.regency == "Grobogan"
    assert result.district == "Kedungjati"


def test_acceptance_json_shape():
    data = nik(ACCEPTANCE).as_json()
    assert data == {
        "valid": True,
        "errors": [],
        "warnings": [],
        "province": "Jawa Tengah",
        "regency": "Grobogan",
        "district": "Kedungjati",
        "birth_date": "1995-08-07",
        "sex": "P",
    }
    json.dumps(data)  # serialisable as is


def test_male_variant():
    result = nik("3315010708950003")
    assert result.valid
    assert result.sex is Sex.MALE
    assert result.birth_date == dt.date(1995, 8, 7)


def test_city_keeps_kota():
    result = nik("3572010101800001")
    assert result.valid
    assert result.regency == "Kota Blitar"
    assert result.province == "Jawa Timur"


def test_default_today_is_used():
    assert check_nik(ACCEPTANCE).valid


@pytest.mark.parametrize("padded", [f"  {ACCEPTANCE}", f"{ACCEPTANCE}\n", f"\t{ACCEPTANCE} "])
def test_surrounding_whitespace_is_stripped(padded):
    assert nik(padded).valid


# --- shape -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "count"),
    [(ACCEPTANCE[:-1], 15), (ACCEPTANCE + "1", 17)],
)
def test_wrong_length(value, count):
    result = nik(value)
    assert not result.valid
    assert codes(result.errors) == ["nik.length"]
    finding = result.errors[0]
    assert finding.message == f"NIK has {count} digits, needs 16"
    assert finding.params["count"] == str(count)
    assert result.birth_date is None
    assert result.province is None


def test_letters():
    result = nik("33150147O8950003")  # letter O for zero
    assert not result.valid
    assert codes(result.errors) == ["nik.not_digits"]
    assert "position 9" in result.errors[0].message
    assert "letter" in result.errors[0].message
    assert result.errors[0].params["char"] == "letter"  # a code the catalogue words


def test_inner_space_is_not_stripped():
    result = nik("3315 0147 0895 0003")
    assert codes(result.errors) == ["nik.not_digits", "nik.length"]
    assert "space" in result.errors[0].message
    assert "19 characters" in result.errors[1].message


def test_non_ascii_digits_rejected():
    arabic_indic = "".join(chr(0x0660 + int(c)) for c in ACCEPTANCE)
    assert codes(nik(arabic_indic).errors) == ["nik.not_digits"]


@pytest.mark.parametrize("value", ["", "   "])
def test_empty(value):
    assert codes(nik(value).errors) == ["nik.empty"]


# --- serial and date ------------------------------------------------------


def test_serial_zero():
    result = nik("3315014708950000")
    assert not result.valid
    assert codes(result.errors) == ["nik.serial_zero"]
    # everything else still parsed
    assert result.birth_date == dt.date(1995, 8, 7)
    assert result.district == "Kedungjati"


def test_31_february():
    result = nik("3315013102950003")
    assert codes(result.errors) == ["nik.date_invalid"]
    assert result.birth_date is None
    assert result.sex is Sex.MALE


def test_31_february_female():
    assert codes(nik("3315017102950003").errors) == ["nik.date_invalid"]


@pytest.mark.parametrize("day", ["72", "00", "40", "32", "99"])
def test_bad_day_field(day):
    result = nik(f"331501{day}08950003")
    assert codes(result.errors) == ["nik.day_invalid"]
    assert result.sex is None
    assert result.birth_date is None


@pytest.mark.parametrize("month", ["00", "13"])
def test_bad_month(month):
    result = nik(f"33150107{month}950003")
    assert codes(result.errors) == ["nik.month_invalid"]
    assert result.sex is Sex.MALE


def test_leap_year_29_february():
    assert nik("3315016902960003").birth_date == dt.date(1996, 2, 29)
    assert codes(nik("3315016902950003").errors) == ["nik.date_invalid"]


def test_29_february_2000_is_leap():
    assert nik("3315012902000003").birth_date == dt.date(2000, 2, 29)


def test_all_errors_collected():
    result = nik("9915017202950000")
    assert codes(result.errors) == [
        "nik.province_unknown",
        "nik.day_invalid",
        "nik.serial_zero",
    ]
    result = nik("9915013113950000")
    assert codes(result.errors) == [
        "nik.province_unknown",
        "nik.month_invalid",
        "nik.serial_zero",
    ]


# --- century ---------------------------------------------------------------


def test_century_defaults_to_most_recent_past_year():
    assert nik("3315010101240003").birth_date == dt.date(2024, 1, 1)
    assert nik("3315010101300003").birth_date == dt.date(1930, 1, 1)
    # same two-digit year as today, but a later day this year: last century
    assert nik("3315010112250003").birth_date == dt.date(1925, 12, 1)
    assert nik("3315010106250003").birth_date == dt.date(2025, 6, 1)


def test_century_from_form_date():
    # a 104-year-old lansia: without the form this would read as 2021
    form = dt.date(1921, 3, 5)
    result = nik("3315010503210003", birth_date=form)
    assert result.birth_date == form
    assert result.warnings == ()
    assert nik("3315010503210003").birth_date == dt.date(2021, 3, 5)


def test_form_century_in_future_is_an_error():
    result = nik("3315010101300003", birth_date=dt.date(2030, 1, 1))
    assert codes(result.errors) == ["nik.birth_in_future"]
    assert not result.valid


# --- region ----------------------------------------------------------------


def test_unknown_province():
    result = nik("9915014708950003")
    assert codes(result.errors) == ["nik.province_unknown"]
    assert "99" in result.errors[0].message
    assert result.province is None
    assert result.birth_date == dt.date(1995, 8, 7)


def test_unknown_regency():
    result = nik("3399014708950003")
    assert codes(result.errors) == ["nik.regency_unknown"]
    assert "33.99" in result.errors[0].message
    assert "Jawa Tengah" in result.errors[0].message
    assert result.province == "Jawa Tengah"
    assert result.regency is None


def test_unknown_kecamatan_is_only_a_warning():
    result = nik("3315994708950003")
    assert result.valid
    assert codes(result.warnings) == ["nik.district_unknown"]
    assert "33.15.99" in result.warnings[0].message
    assert result.regency == "Grobogan"
    assert result.district is None


def test_former_papua_code_is_a_warning():
    result = nik("9101014708950003")  # Merauke before the 2022 split
    assert result.valid
    assert codes(result.warnings) == ["nik.former_code"]
    warning = result.warnings[0]
    assert "93.01" in warning.message
    assert "Merauke" in warning.message
    assert "Papua Selatan" in warning.message
    assert result.province == "Papua Selatan"
    assert result.regency == "Merauke"
    assert result.district is None


def test_former_papua_barat_code():
    result = nik("9205010101900003")  # Raja Ampat before Papua Barat Daya
    assert result.valid
    assert result.province == "Papua Barat Daya"
    assert result.regency == "Raja Ampat"


def test_current_papua_code_has_no_warning():
    result = nik("9301014708950003")
    assert result.valid
    assert result.warnings == ()
    assert result.province == "Papua Selatan"


# --- form cross-checks ------------------------------------------------------


def test_form_birth_date_mismatch_is_a_warning():
    result = nik(ACCEPTANCE, birth_date=dt.date(1995, 8, 9))
    assert result.valid
    assert codes(result.warnings) == ["nik.birth_date_mismatch"]
    assert result.birth_date == dt.date(1995, 8, 7)  # what the NIK says


def test_form_year_mismatch_is_a_warning():
    result = nik(ACCEPTANCE, birth_date=dt.date(1996, 8, 7))
    assert result.valid
    assert codes(result.warnings) == ["nik.birth_date_mismatch"]
    assert result.birth_date == dt.date(1995, 8, 7)


def test_form_sex_mismatch_is_a_warning():
    result = nik(ACCEPTANCE, sex=Sex.MALE)
    assert result.valid
    assert codes(result.warnings) == ["nik.sex_mismatch"]
    assert result.sex is Sex.FEMALE


def test_form_agrees():
    result = nik(ACCEPTANCE, birth_date=dt.date(1995, 8, 7), sex=Sex.FEMALE)
    assert result.valid
    assert result.warnings == ()


# --- privacy ---------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        ACCEPTANCE,
        "9915017202950000",
        "3315994708950003",
        "9101014708950003",
        ACCEPTANCE[:-1],
        "33150147O8950003",
    ],
)
def test_messages_never_contain_the_number(value):
    result = nik(value, birth_date=dt.date(1990, 1, 1), sex=Sex.MALE)
    for finding in result.errors + result.warnings:
        for text in (finding.message, *finding.params.values()):
            assert value not in text
            assert value[:12] not in text


def test_mask():
    assert mask(ACCEPTANCE) == "3315********0003"
    assert mask(f" {ACCEPTANCE}\n") == "3315********0003"
    assert mask("12345") == "*****"
    assert mask("") == ""


def test_result_types():
    assert isinstance(nik(ACCEPTANCE), NikCheck)
    assert isinstance(check_kk("3315011203150007", today=TODAY), KkCheck)


# --- KK --------------------------------------------------------------------


def kk(value):
    return check_kk(value, today=TODAY)


def test_kk_valid():
    result = kk("3315011203150007")
    assert result.valid
    assert result.errors == ()
    assert result.warnings == ()
    assert result.issue_date == dt.date(2015, 3, 12)
    assert (result.province, result.regency, result.district) == (
        "Jawa Tengah",
        "Grobogan",
        "Kedungjati",
    )
    assert result.as_json() == {
        "valid": True,
        "errors": [],
        "warnings": [],
        "province": "Jawa Tengah",
        "regency": "Grobogan",
        "district": "Kedungjati",
        "issue_date": "2015-03-12",
    }


def test_kk_length_and_letters():
    result = kk("331501120315007")
    assert codes(result.errors) == ["kk.length"]
    assert result.errors[0].message == "KK number has 15 digits, needs 16"
    assert codes(kk("33150112031500A7").errors) == ["kk.not_digits"]


def test_kk_serial_zero():
    assert codes(kk("3315011203150000").errors) == ["kk.serial_zero"]


def test_kk_region_errors():
    assert codes(kk("9915011203150007").errors) == ["kk.province_unknown"]
    assert codes(kk("3399011203150007").errors) == ["kk.regency_unknown"]
    result = kk("3315991203150007")
    assert result.valid
    assert codes(result.warnings) == ["kk.district_unknown"]
    result = kk("9101011203150007")
    assert result.valid
    assert codes(result.warnings) == ["kk.former_code"]


def test_kk_bad_date_is_only_a_warning():
    result = kk("3315013102150007")  # 31 Feb
    assert result.valid
    assert codes(result.warnings) == ["kk.issue_date_invalid"]
    assert result.issue_date is None


def test_kk_with_nik_style_day_hints_at_a_nik():
    result = kk(ACCEPTANCE)
    assert result.valid
    assert codes(result.warnings) == ["kk.issue_date_invalid"]
    assert "NIK" in result.warnings[0].message


# --- building a NIK (the demo, the tests and the benchmarks use one formula) ----


def test_built_nik_is_the_acceptance_example():
    assert build_nik("331501", dt.date(1995, 8, 7), Sex.FEMALE, 3) == ACCEPTANCE


@pytest.mark.parametrize("sex", list(Sex))
@pytest.mark.parametrize("born", [dt.date(1940, 1, 1), dt.date(1999, 12, 31), dt.date(2001, 2, 9)])
def test_a_built_nik_passes_its_own_check_against_the_form(sex, born):
    built = build_nik("331501", born, sex, 42)
    checked = nik(built, birth_date=born, sex=sex)
    assert checked.valid, codes(checked.errors)
    assert checked.warnings == ()
    assert (checked.birth_date, checked.sex) == (born, sex)


@pytest.mark.parametrize(("region", "serial"), [("33150", 1), ("33150x", 1), ("331501", 0)])
def test_build_nik_refuses_a_malformed_part(region, serial):
    with pytest.raises(ValueError, match=r"region|serial"):
        build_nik(region, dt.date(1950, 1, 1), Sex.MALE, serial)


def test_synthetic_serials_stay_in_9000_to_9999():
    serials = {synthetic_nik("331501", dt.date(1950, 1, 1), Sex.MALE, i)[12:] for i in range(2500)}
    assert serials == {f"{s:04d}" for s in range(9000, 10000)}
