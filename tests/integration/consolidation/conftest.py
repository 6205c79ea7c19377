"""Three unit databases from the demo generator (different offices and seeds), their packages, and a city."""

from __future__ import annotations

import pytest
from consolidation_helpers import PERIOD, UNITS, UnitExport, export_unit, services_for

from app.bootstrap import Services
from app.services.consolidation.consolidated import ConsolidationOptions
from app.services.consolidation.consolidation_service import Consolidation


@pytest.fixture(scope="session")
def units(tmp_path_factory: pytest.TempPathFactory) -> list[UnitExport]:
    base = tmp_path_factory.mktemp("units")
    return [
        export_unit(base / f"u{seed}", name, seed, PERIOD, number=number, fmt=fmt)
        for name, seed, number, fmt in UNITS
    ]


@pytest.fixture(scope="session")
def city(tmp_path_factory: pytest.TempPathFactory) -> Services:
    return services_for(tmp_path_factory.mktemp("city"), "Văn phòng Ủy ban nhân dân thành phố Hải Phòng")


@pytest.fixture(scope="session")
def result(units: list[UnitExport], city: Services) -> Consolidation:
    return city.consolidation.consolidate(
        [u.package for u in units], ConsolidationOptions(PERIOD, "12/BC-VP")
    )
