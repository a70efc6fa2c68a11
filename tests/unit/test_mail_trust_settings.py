"""Settings of mail trust on intake: defaults that keep the demo registering, Russian errors."""

from __future__ import annotations

import pytest

from docflow.config import EXAMPLE_SETTINGS, SettingsError, load_settings, parse_settings


def test_defaults_register_unverified_letters_and_name_no_server():
    s = load_settings(EXAMPLE_SETTINGS)
    t = s.intake.trust
    assert (t.authserv_ids, t.policy, t.unauthenticated) == ([], "dmarc", "register")
    assert s.intake.max_attempts == 3
    assert s.intake.ack_rate_limit.max_per_address == 10


def _with(old: str, new: str) -> str:
    text = EXAMPLE_SETTINGS.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new)


def test_server_names_are_normalised():
    s = parse_settings(_with("authserv_ids: []", "authserv_ids: [MX.Komitet.Example.RU, mx2.komitet.example.ru]"))
    assert s.intake.trust.authserv_ids == ["mx.komitet.example.ru", "mx2.komitet.example.ru"]


@pytest.mark.parametrize(("old", "new", "message"), [
    ("authserv_ids: []", 'authserv_ids: ["mx komitet; dkim=pass"]', "не является именем почтового сервера"),
    ("policy: dmarc", "policy: spf", "поле «intake.trust.policy» — недопустимое значение"),
    ("unauthenticated: register", "unauthenticated: reply", "поле «intake.trust.unauthenticated»"),
    ("max_attempts: 3", "max_attempts: 0", "поле «intake.max_attempts» — значение меньше допустимого"),
    ("max_per_address: 10", "max_per_address: many", "поле «intake.ack_rate_limit.max_per_address» — ожидается целое"),
])
def test_wrong_values_are_named_in_russian_with_their_line(old, new, message):
    with pytest.raises(SettingsError, match=message) as err:
        parse_settings(_with(old, new), "committee.yaml")
    assert "committee.yaml, строка " in str(err.value)
