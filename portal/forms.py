"""Form helpers shared by every form visitors and staff fill in."""

from django import forms


def form_error_summary(*forms_) -> list[dict]:
    """Every error of forms and formsets as {"field_id", "message"}, for a summary that links
    to the fields (components/error_summary.html)."""
    errors = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        if isinstance(form, forms.BaseFormSet):
            errors += [{"field_id": "", "message": message} for message in form.non_form_errors()]
            errors += form_error_summary(*form.forms)
            continue
        if not form.errors:
            continue
        fields = list(form)
        first_id = fields[0].id_for_label if fields else ""
        for message in form.non_field_errors():
            errors.append({"field_id": first_id, "message": message})
        for field in fields:
            for message in field.errors:
                # A hidden field's error (a tampered or stale form) has nowhere to link to.
                field_id = "" if field.is_hidden else field.id_for_label
                errors.append({"field_id": field_id, "message": message})
    return errors
