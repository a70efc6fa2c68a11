from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from docflow.config import Settings, load_settings
from docflow.mail.imap import ImapReader
from tests.conftest import EXAMPLE_SETTINGS


@dataclass
class Official:
    """The committee's official mailbox on a real server, with settings pointing at it."""
    server: object
    address: str
    settings: Settings

    def reader(self, **kw) -> ImapReader:
        return ImapReader(self.server.imap_params(self.address), batch_size=kw.pop("batch_size", 50), **kw)

    def deliver(self, raw: bytes) -> int:
        return self.server.deliver(self.address, raw)

    def folder_uids(self, folder: str) -> list[int]:
        with self.reader() as r:
            r.ensure_folder(folder)
            r.select(folder, readonly=True)
            return r.uids()


def settings_for(address: str, tmp: Path, **replace: str) -> Path:
    text = EXAMPLE_SETTINGS.read_text(encoding="utf-8").replace("address: mip@komitet.example.ru",
                                                                 f"address: {address}")
    for old, new in replace.items():
        text = text.replace(old, new)
    if "forms" in Settings.model_fields and not any(line.startswith("forms:") for line in text.splitlines()):
        # the committee's forms file is named relative to the settings file: keep naming the real one
        forms = (EXAMPLE_SETTINGS.parent / Settings.model_fields["forms"].default).resolve()
        text += f"\nforms: {forms}\n"
    path = tmp / "committee.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def make_official(server, tmp_path: Path, monkeypatch) -> Official:
    address = server.new_address("mip")
    path = settings_for(address, tmp_path)
    monkeypatch.setenv("DOCFLOW_SETTINGS", str(path))
    return Official(server, address, load_settings(path))


@pytest.fixture
def official(imap_server, demo_schools, tmp_path, monkeypatch) -> Official:
    """On every IMAP server under test (the dev server; Dovecot too when enabled)."""
    return make_official(imap_server, tmp_path, monkeypatch)
