"""Failed sign-ins are counted per client address, also behind reverse proxies."""

import pytest
from django.test import RequestFactory

from accounts.client_ip import client_ip


def request_with(remote="10.0.0.1", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/konto/logga-in/", **meta)


def test_without_proxies_the_socket_address_counts_and_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_with(forwarded="203.0.113.9")) == "10.0.0.1"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "198.51.100.7", "198.51.100.7"),
        # A client-supplied entry on the left is not trusted.
        (1, "203.0.113.66, 198.51.100.7", "198.51.100.7"),
        (2, "203.0.113.66, 198.51.100.7, 10.1.1.1", "198.51.100.7"),
        (1, "2001:db8::5", "2001:db8::5"),
    ],
)
def test_behind_proxies_the_address_the_first_trusted_proxy_saw_counts(
    settings, count, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(request_with(forwarded=forwarded)) == expected


@pytest.mark.parametrize("forwarded", ["", "not-an-address", " , ", "1.2.3.4; DROP TABLE"])
def test_a_missing_or_malformed_header_falls_back_to_the_socket_address(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_with(forwarded=forwarded)) == "10.0.0.1"


def test_fewer_entries_than_proxies_falls_back_to_the_socket_address(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_with(forwarded="198.51.100.7")) == "10.0.0.1"
