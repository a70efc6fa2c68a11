import pytest

from tests.intake.conftest import Official, make_official


@pytest.fixture
def official(devmail, demo_schools, tmp_path, monkeypatch) -> Official:
    """Validation does not depend on the IMAP server: the dev server is enough."""
    return make_official(devmail, tmp_path, monkeypatch)
