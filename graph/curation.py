"""A document's own curation: names the genre rules cannot know, and facts to override.

Consumes: a TOML file beside the document (`plan.txt` -> `plan.curation.toml`) or given
with `--curation`. Produces: a `Curation` record the extraction reads.

The format (every part optional):

    drop = ["新发展理念"]            # found by the rules, but not names here

    [document]                       # what the text says, overridden
    jurisdiction = "郑州市"
    level = "city"                   # national | province | city | county
    plan_year = 2023
    kind = "summary"                 # report | summary | review

    [names]                          # label|alias|alias …, by type
    place = ["航空港区|郑州航空港经济综合实验区|航空港"]
    project = ["中原科技城"]
    organization = ["龙芯中科"]
    programme = ["十大战略"]

    [within]                         # a place's parent, when the rules cannot tell
    "航空港区" = "郑州市"

Curated names take precedence over the genre gazetteer and the rules; a curated
name may repeat a genre name to change its type or aliases.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from graph.records import ENTITY_TYPES

DOCUMENT_KINDS = ("report", "summary", "review")
PLAN_LEVELS = ("national", "province", "city", "county")
_TYPE_NAMES = {"place": "place", "project": "project", "organization": "organization",
               "organisation": "organization", "programme": "program", "program": "program"}


class CurationError(ValueError):
    """A curation file that cannot be used; the message names the file and the fault."""


@dataclass(frozen=True)
class CuratedName:
    label: str
    type: str  # one of ENTITY_TYPES
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Curation:
    names: tuple[CuratedName, ...] = ()
    drop: frozenset[str] = frozenset()
    within: tuple[tuple[str, str], ...] = ()  # (place label, parent label)
    jurisdiction: str | None = None
    level: str | None = None
    plan_year: int | None = None
    kind: str | None = None
    source: str = ""  # the file's name, for provenance

    @property
    def empty(self) -> bool:
        return not (self.names or self.drop or self.within or self.jurisdiction or self.level
                    or self.plan_year or self.kind)


NO_CURATION = Curation()


def curation_path(document: Path) -> Path:
    """Where a document's curation file lives: beside it, `<stem>.curation.toml`."""
    return document.with_name(document.stem + ".curation.toml")


def parse_curation(text: str, name: str = "<curation>") -> Curation:
    """A Curation from TOML text. Raises CurationError on anything unexpected."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CurationError(f"{name}: not valid TOML: {exc}") from None
    unknown = set(data) - {"drop", "document", "names", "within"}
    if unknown:
        raise CurationError(f"{name}: unknown key(s) {', '.join(sorted(unknown))}"
                            " (expected drop, [document], [names], [within])")
    names: list[CuratedName] = []
    for typ, entries in sorted(data.get("names", {}).items()):
        if typ not in _TYPE_NAMES or _TYPE_NAMES[typ] not in ENTITY_TYPES:
            raise CurationError(f"{name}: [names] {typ!r} is not a type "
                                "(place, project, organization, programme)")
        if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
            raise CurationError(f"{name}: [names] {typ} must be a list of strings")
        for entry in entries:
            label, *aliases = [p.strip() for p in entry.split("|")]
            if not label:
                raise CurationError(f"{name}: [names] {typ}: an empty label in {entry!r}")
            names.append(CuratedName(label, _TYPE_NAMES[typ], tuple(a for a in aliases if a)))
    drop = data.get("drop", [])
    if not isinstance(drop, list) or not all(isinstance(d, str) for d in drop):
        raise CurationError(f"{name}: drop must be a list of strings")
    within = data.get("within", {})
    if not all(isinstance(v, str) for v in within.values()):
        raise CurationError(f"{name}: [within] values must be place names")
    doc = data.get("document", {})
    unknown = set(doc) - {"jurisdiction", "level", "plan_year", "kind"}
    if unknown:
        raise CurationError(f"{name}: [document] unknown key(s) {', '.join(sorted(unknown))}")
    level, kind, year = doc.get("level"), doc.get("kind"), doc.get("plan_year")
    if level is not None and level not in PLAN_LEVELS:
        raise CurationError(f"{name}: [document] level must be one of {', '.join(PLAN_LEVELS)}")
    if kind is not None and kind not in DOCUMENT_KINDS:
        raise CurationError(f"{name}: [document] kind must be one of {', '.join(DOCUMENT_KINDS)}")
    if year is not None and not (isinstance(year, int) and 1949 <= year <= 2100):
        raise CurationError(f"{name}: [document] plan_year must be a year such as 2023")
    return Curation(
        names=tuple(names),
        drop=frozenset(drop),
        within=tuple(sorted(within.items())),
        jurisdiction=doc.get("jurisdiction"),
        level=level,
        plan_year=year,
        kind=kind,
        source=name,
    )


def read_curation(path: Path) -> Curation:
    """Read a curation file. Raises CurationError (with the path) when it is unusable."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CurationError(f"{path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise CurationError(f"{path}: not UTF-8 text") from None
    return parse_curation(text, path.name)


def curation_for(document: Path, explicit: Path | None = None) -> Curation:
    """The curation of a document: the explicit file, else the one beside it, else none."""
    if explicit is not None:
        return read_curation(explicit)
    path = curation_path(document)
    return read_curation(path) if path.is_file() else NO_CURATION

