"""Checks OParl output against the OParl 1.1 JSON schemas, embedded objects included."""

import datetime as dt
import json
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema

SCHEMA = "https://schema.oparl.org/1.1/"
HERE = Path(__file__).resolve().parent

formats = jsonschema.FormatChecker()


@formats.checks("url")
def _is_url(value):
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


@formats.checks("date-time", raises=ValueError)
def _is_date_time(value):
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError(f"{value} has no UTC offset")
    return True


@formats.checks("date", raises=ValueError)
def _is_date(value):
    return bool(dt.date.fromisoformat(value))


def _validator(type_name):
    schema = json.loads((HERE / f"{type_name}.json").read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema, format_checker=formats)


VALIDATORS = {path.stem: _validator(path.stem) for path in HERE.glob("*.json")}


def validate(obj, where="$"):
    """Validates one OParl object and every object embedded in it; returns the number of objects checked."""
    assert isinstance(obj, dict), f"{where}: not an object"
    type_url = obj.get("type", "")
    assert type_url.startswith(SCHEMA), f"{where}: type {type_url!r} is not an OParl 1.1 type"
    type_name = type_url.removeprefix(SCHEMA)
    if obj.get("deleted"):
        # A deleted stub keeps only id, type, created and modified (specification 2.8).
        assert set(obj) <= {"id", "type", "created", "modified", "deleted"}, f"{where}: stub has {sorted(obj)}"
        assert obj["deleted"] is True and "id" in obj, where
        schema = dict(_validator_for(type_name, where).schema, required=["id", "type"])
        jsonschema.Draft7Validator(schema, format_checker=formats).validate(obj)
    else:
        errors = sorted(VALIDATORS[type_name].iter_errors(obj), key=lambda e: list(e.path))
        assert not errors, f"{where} ({type_name}): " + "; ".join(
            f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors
        )
    # OParl 1.1: created and modified are required on every object, embedded ones too.
    for name in ("created", "modified"):
        assert name in obj, f"{where} ({type_name}) has no {name}"
        assert formats.conforms(obj[name], "date-time"), f"{where}: {name} {obj[name]!r}"
    checked = 1
    for key, value in obj.items():
        values = value if isinstance(value, list) else [value]
        for index, item in enumerate(values):
            if isinstance(item, dict):
                checked += validate(item, f"{where}.{key}[{index}]")
    return checked


def _validator_for(type_name, where):
    assert type_name in VALIDATORS, f"{where}: unknown type {type_name}"
    return VALIDATORS[type_name]


def validate_list(page):
    """Validates one OParl list page: data, pagination and links, and every object in it."""
    assert set(page) >= {"data", "pagination", "links"}, sorted(page)
    for name in page["links"].values():
        assert _is_url(name), name
    return sum(validate(obj, f"data[{i}]") for i, obj in enumerate(page["data"]))
