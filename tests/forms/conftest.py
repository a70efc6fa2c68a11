import pytest

from docflow.config import EXAMPLE_SETTINGS, load_settings
from docflow.forms.spec import Forms, load_forms

FORMS_DIR = EXAMPLE_SETTINGS.parent.parent / "forms"


@pytest.fixture(scope="session")
def settings():
    return load_settings(EXAMPLE_SETTINGS)


@pytest.fixture(scope="session")
def municipal() -> Forms:
    """The typical municipal procedure's forms, the ones the school corpus was written for."""
    return load_forms(FORMS_DIR / "municipal.yaml")


@pytest.fixture(scope="session")
def directions(settings) -> list[str]:
    return list(settings.site.directions)
