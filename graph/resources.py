"""Where the files PlanGraph ships with live: the ontology, the query library, the example.

Consumes: nothing but the installed package (or the source checkout).
Produces: paths to `ontology/`, `queries/` and `examples/`.

In git these folders stay at the top of the repository, their single source.
A wheel (pyproject.toml maps them as package data) carries them inside the
package as `graph/_share/<name>/`, found here through importlib.resources; a
checkout that is run without installing (pytest, `python build.py`) has no
`_share` and uses the top-level folders. A wheel is a plain folder once
installed, so the Traversable is a real path.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

SHARED = ("ontology", "queries", "examples")


class MissingResource(FileNotFoundError):
    """A shipped folder is in neither the installed package nor the checkout."""


def shared_dir(name: str) -> Path:
    """The folder `name` (one of SHARED): the package's copy, else the checkout's.

    >>> (shared_dir("ontology") / "shapes.ttl").is_file()
    True

    Raises MissingResource when neither exists (a broken install).
    """
    if name not in SHARED:
        raise ValueError(f"unknown shared folder {name!r}; one of {', '.join(SHARED)}")
    packaged = importlib.resources.files("graph") / "_share" / name
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parent.parent / name
    if checkout.is_dir():
        return checkout
    raise MissingResource(f"PlanGraph's {name}/ folder is missing from {Path(str(packaged)).parent} "
                          "(a broken install: reinstall the package)")


def ontology_dir() -> Path:
    return shared_dir("ontology")


def queries_dir() -> Path:
    return shared_dir("queries")


def example_source() -> Path:
    """The bundled example plan, Zhengzhou's 2023 work plan."""
    return shared_dir("examples") / "zhengzhou-2023.txt"
