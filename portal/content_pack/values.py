"""Assigning pack values to model instances, shared by pages, snippets and their children."""

import hashlib
import json

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import get_all_child_relations
from wagtail.fields import StreamField

from portal.content_pack.yaml_lines import PackError

RESERVED_FIELDS = {"title", "slug", "locale", "translation_key", "live", "path", "depth", "id"}


def checksum(data) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def child_relations(model) -> dict[str, type[models.Model]]:
    """Inline children (modelcluster ParentalKey) by accessor name."""
    try:
        relations = get_all_child_relations(model)
    except AttributeError:
        return {}
    return {relation.get_accessor_name(): relation.related_model for relation in relations}


def check_field_names(model, fields, path, line, *, reserved=RESERVED_FIELDS) -> dict:
    """Every name must be an editable field or an inline child relation of the model."""
    if fields is None:
        return {}
    if not isinstance(fields, dict):
        raise PackError(path, line, "'fields' ska vara en mappning av fältnamn till värden")
    children = child_relations(model)
    for name in fields:
        where = getattr(fields, "line", None) or line
        if name in reserved:
            raise PackError(path, where, f"fältet '{name}' anges inte under fields")
        if name in children:
            continue
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            raise PackError(path, where, f"{model.__name__} har inget fält '{name}'") from None
        if not model_field.editable or model_field.auto_created:
            raise PackError(path, where, f"fältet '{name}' kan inte laddas")
    return fields


def assign(instance, fields: dict, path, line, *, validate_blocks: bool = True) -> None:
    """Set already-resolved values: StreamFields validated, foreign keys by id, children built.

    `validate_blocks=False` is for a first pass whose forward references are still empty; the
    second pass validates.
    """
    children = child_relations(type(instance))
    for name, value in fields.items():
        if name in children:
            setattr(instance, name, build_children(children[name], value, name, path, line))
            continue
        model_field = instance._meta.get_field(name)
        if isinstance(model_field, StreamField):
            block = model_field.stream_block
            try:
                stream = block.to_python(value or [])
                if validate_blocks:
                    block.clean(stream)
            except ValidationError as error:
                raise PackError(path, line, f"fältet '{name}': {_block_errors(error)}") from None
            except Exception as error:
                raise PackError(path, line, f"fältet '{name}' har fel form: {error}") from None
            setattr(instance, name, stream)
        elif isinstance(model_field, models.ForeignKey):
            setattr(instance, model_field.attname, value)
        elif isinstance(model_field, models.ManyToManyField):
            setattr(instance, name, related_objects(model_field, value, name, path, line))
        else:
            setattr(instance, name, value)


def related_objects(model_field, ids, name, path, line) -> list:
    """A list of ids as objects, which a parental many-to-many relation takes before saving."""
    if not isinstance(model_field, ParentalManyToManyField):
        raise PackError(path, line, f"fältet '{name}' kan inte laddas (många-till-många)")
    if not isinstance(ids, list) or not all(isinstance(pk, int) for pk in ids):
        raise PackError(
            path, line, f"'{name}' ska vara en lista av hänvisningar, t.ex. {{$…: nyckel}}"
        )
    found = model_field.related_model._default_manager.in_bulk(ids)
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise PackError(path, line, f"'{name}' pekar på poster som saknas: {missing}")
    return [found[pk] for pk in ids]


def build_children(child_model, items, name, path, line) -> list:
    if not isinstance(items, list):
        raise PackError(path, line, f"'{name}' ska vara en lista")
    built = []
    for item in items:
        if not isinstance(item, dict):
            raise PackError(path, line, f"varje post i '{name}' ska vara en mappning")
        check_field_names(child_model, item, path, getattr(item, "line", line))
        child = child_model()
        assign(child, item, path, getattr(item, "line", line))
        built.append(child)
    return built


def validate(instance, path, line, *, what: str, exclude=()) -> None:
    """Model validation, with every message in one located sentence."""
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as error:
        raise PackError(path, line, f"{what} är ogiltig: {_flatten(error)}") from None


def validate_children(instance, path, line, *, what: str) -> None:
    for name, child_model in child_relations(type(instance)).items():
        parental = [
            f.name
            for f in child_model._meta.get_fields()
            if getattr(f, "remote_field", None)
            and getattr(f.remote_field, "model", None) is type(instance)
        ]
        for child in getattr(instance, name).all():
            validate(child, path, line, what=f"{what}, '{name}'", exclude=[*parental, "sort_order"])
    errors = instance.child_errors() if hasattr(instance, "child_errors") else []
    if errors:
        raise PackError(path, line, f"{what} är ogiltig: {' '.join(str(e) for e in errors)}")


def state(instance) -> str:
    """A fingerprint of the instance's own values and its inline children."""
    skip = {"id", "translation_key"}
    values = {}
    for f in instance._meta.concrete_fields:
        if f.primary_key or f.attname in skip or f.name.endswith("_ptr"):
            continue
        value = getattr(instance, f.attname)
        values[f.attname] = f.get_prep_value(value) if isinstance(f, StreamField) else value
    for name in child_relations(type(instance)):
        values[name] = [state(child) for child in getattr(instance, name).all()]
    for f in instance._meta.many_to_many:
        if isinstance(f, ParentalManyToManyField):
            values[f.name] = sorted(obj.pk for obj in getattr(instance, f.name).all())
    return checksum(values)


def _block_errors(error: ValidationError) -> str:
    """Wagtail's nested block errors as 'body[2].citations[0].source: message' lines."""
    if not hasattr(error, "as_json_data"):
        return _flatten(error)
    found: list[str] = []

    def walk(data, where: str) -> None:
        if isinstance(data, dict):
            for message in data.get("messages", []):
                found.append(f"{where or 'blocket'}: {message}")
            for key, child in (data.get("blockErrors") or {}).items():
                step = f"[{key}]" if str(key).isdigit() else f".{key}"
                walk(child, f"{where}{step}")
        elif isinstance(data, list):
            for message in data:
                found.append(f"{where}: {message}")

    walk(error.as_json_data(), "")
    return "; ".join(found) or _flatten(error)


def _flatten(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(str(m) for m in messages)}"
            for name, messages in error.message_dict.items()
        )
    return " ".join(str(message) for message in error.messages)
