"""The plan record: one typed model, serialized in one place.

The shape is the contract of SCHEMA.md (output contract v1). Fields may be
added, never renamed or removed. `Record.to_json()` is the only serializer;
`record_json_schema()` is what `kehoach schema` prints.
"""

from __future__ import annotations

import json
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

Relation = Literal["basis", "implements", "cites"]
Level = Literal["central", "province", "district", "commune"]
TimeKind = Literal["ongoing", "recurring", "period", "deadline", "date", "conditional"]
Recurrence = Literal["yearly", "half-yearly", "quarterly", "monthly", "weekly", "daily"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Source(_Model):
    file: str  # readable form (extract/paths.py)
    file_bytes: Optional[str] = None  # the name's exact bytes in hex when it is not valid UTF-8
    sha256: str
    format: str
    pages: Optional[int] = None
    ocr: bool = False
    ocr_confidence: Optional[float] = None
    page_confidence: list[Optional[float]] = Field(default_factory=list)
    encoding: Optional[str] = None


class Signer(_Model):
    name: Optional[str] = None
    position: Optional[str] = None
    authority: Optional[str] = None
    on_behalf_of: Optional[str] = None


class DocumentInfo(_Model):
    doc_type: Optional[str] = None
    number: Optional[str] = None
    number_code: Optional[str] = None
    issue_date: Optional[str] = None
    place: Optional[str] = None
    title: Optional[str] = None
    issuing_body: Optional[str] = None
    issuer_level: Optional[Level] = None
    province: Optional[str] = None
    province_2025: Optional[str] = None  # added: the province after the July 2025 merger
    signer: Signer = Field(default_factory=Signer)
    recipients: list[str] = Field(default_factory=list)
    attached_to: Optional[dict] = None  # added: plan issued with a Quyết định/Nghị quyết


class LegalBasis(_Model):
    relation: Relation
    doc_type: Optional[str] = None
    number: Optional[str] = None
    date: Optional[str] = None
    issuer: Optional[str] = None
    title: Optional[str] = None
    text: str = ""
    span: Optional[tuple[int, int]] = None


class Agency(_Model):
    name: str
    jurisdiction: Optional[str] = None


class Timeline(_Model):
    raw: str
    kind: TimeKind
    start: Optional[str] = None
    end: Optional[str] = None
    due: Optional[str] = None
    recurrence: Optional[Recurrence] = None


class Task(_Model):
    id: str
    parent: Optional[str] = None
    section: Optional[str] = None
    title: str
    text: str = ""
    lead: list[Agency] = Field(default_factory=list)
    support: list[Agency] = Field(default_factory=list)
    requested: bool = False
    timeline: Optional[Timeline] = None
    span: Optional[tuple[int, int]] = None


class Deadline(_Model):
    raw: str
    kind: TimeKind
    due: Optional[str] = None
    recurrence: Optional[Recurrence] = None
    start: Optional[str] = None
    end: Optional[str] = None
    what: Optional[str] = None
    agency: Optional[str] = None
    task_id: Optional[str] = None  # added: the task the deadline belongs to
    span: Optional[tuple[int, int]] = None


class AgencyEntry(_Model):
    name: str
    jurisdiction: Optional[str] = None
    roles: list[Literal["lead", "support"]] = Field(default_factory=list)
    task_ids: list[str] = Field(default_factory=list)


class Record(_Model):
    schema_version: str = SCHEMA_VERSION
    pipeline_version: Optional[str] = None  # added
    source: Source
    document: DocumentInfo = Field(default_factory=DocumentInfo)
    legal_bases: list[LegalBasis] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    agencies: list[AgencyEntry] = Field(default_factory=list)
    funding: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def to_dict(self) -> dict:
        return self.model_dump(mode="json")

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_json(cls, text: str) -> "Record":
        return cls.model_validate_json(text)


def record_json_schema() -> dict:
    return Record.model_json_schema()
