"""The address a request came from, for throttling failed sign-ins (django-axes).

Behind reverse proxies every request seems to come from the proxy, so one reader's mistakes
would lock everyone out. With TRUSTED_PROXY_COUNT = n, each of the n proxies appends the address
it saw to X-Forwarded-For, so the client is the n-th entry from the right; entries further left
are whatever the client itself sent and are never trusted.
"""

from ipaddress import ip_address

from django.conf import settings


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [part for part in chain if part]
    if len(chain) < count:
        return remote  # not through all the proxies: use what the socket saw
    candidate = chain[-count]
    try:
        return str(ip_address(candidate))
    except ValueError:
        return remote
