"""For the docstring examples in ``bimmaturity/`` (``tests/conftest.py`` uses it too)."""

from collections.abc import Iterator

import pytest

from bimmaturity.organisations import activate


@pytest.fixture(autouse=True)
def _provinces_again() -> Iterator[None]:
    """Every test and docstring example starts and ends with the provinces as the registry in
    use: loading processed data makes its registry the active one, for the rest of a process."""
    activate(None)
    yield
    activate(None)
