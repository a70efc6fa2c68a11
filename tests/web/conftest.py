import pytest

from tests.web.seed import Seeded, seed


@pytest.fixture
def seeded(demo_schools) -> Seeded:
    return seed()
