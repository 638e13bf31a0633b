"""Pydantic's errors about an instrument file as Dutch lines naming the field.

:func:`bimmaturity.instrument.load_instrument` uses them: each problem as ``field: what is
wrong``, the field written as ``elements[2] (ORG).questions[1].id`` (counted from 1, with the
id of the element or question where the file gives one).
"""

from __future__ import annotations

from pydantic import ValidationError

__all__ = ["ELEMENT_ID", "field_problems"]

ELEMENT_ID = r"^[A-Za-z][A-Za-z0-9]*$"
"""What an element id may be: a letter, then letters and digits."""


def field_problems(error: ValidationError, data: object) -> list[str]:
    """Every problem in ``error`` as one Dutch line naming the field.

    Parameters
    ----------
    error : pydantic.ValidationError
        From validating ``data``.
    data : object
        What was validated (the YAML as read): gives the ids shown beside the positions.

    Returns
    -------
    list of str

    Examples
    --------
    >>> from pydantic import BaseModel, Field
    >>> class Q(BaseModel):
    ...     id: str
    ...     weight: float = Field(gt=0)
    >>> class E(BaseModel):
    ...     questions: list[Q]
    >>> data = {"questions": [{"id": "A-1", "weight": 1}, {"id": "A-2", "weight": 0}, {}]}
    >>> try:
    ...     E.model_validate(data)
    ... except ValidationError as error:
    ...     print("\\n".join(field_problems(error, data)))
    questions[2] (A-2).weight: moet groter zijn dan 0
    questions[3].id: ontbreekt
    questions[3].weight: ontbreekt
    """
    return [_problem(item, data) for item in error.errors()]


_MESSAGES = {
    "missing": "ontbreekt",
    "string_type": "moet tekst zijn",
    "int_type": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "float_type": "moet een getal zijn",
    "float_parsing": "moet een getal zijn",
    "finite_number": "moet een eindig getal zijn",
    "list_type": "moet een lijst zijn",
    "dict_type": "moet een groep velden zijn",
    "model_type": "moet een groep velden zijn",
    "model_attributes_type": "moet een groep velden zijn",
    "extra_forbidden": "onbekend veld (een tikfout?)",
}


def _problem(item: dict, data: object) -> str:
    """One pydantic error as ``field: what is wrong``, in Dutch."""
    kind, context = item["type"], item.get("ctx") or {}
    if kind == "value_error":  # our own validators: the message names the field
        return str(context.get("error", item["msg"]))
    if kind == "greater_than":
        message = f"moet groter zijn dan {context.get('gt'):g}"
    elif kind == "too_short":
        least = context.get("min_length")
        message = f"moet minstens {least} {'onderdeel' if least == 1 else 'onderdelen'} hebben"
    elif kind == "string_pattern_mismatch":
        message = (
            "moet met een letter beginnen en alleen letters en cijfers bevatten"
            if context.get("pattern") == ELEMENT_ID
            else "mag niet leeg zijn"
        )
    else:
        message = _MESSAGES.get(kind, item["msg"])
    return f"{_field(item['loc'], data)}: {message}"


def _field(loc: tuple, data: object) -> str:
    """``('elements', 1, 'questions', 0, 'id')`` as ``elements[2] (ORG).questions[1].id``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
            data = data[part] if isinstance(data, list) and part < len(data) else None
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                text += f" ({data['id']})"
        else:
            text += f".{part}" if text else str(part)
            data = data.get(part) if isinstance(data, dict) else None
    return text or "instrument"
