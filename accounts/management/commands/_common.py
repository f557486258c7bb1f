"""Shared by the account commands: finding a user, turning service errors into CommandError."""

from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError


def user_by_username(username: str):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"Det finns ingen användare med användarnamnet '{username}'.")
    return user


@contextmanager
def swedish_errors():
    """Service validation errors end the command with their Swedish messages and exit code 1."""
    try:
        yield
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from None
