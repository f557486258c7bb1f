"""gunicorn settings for `make serve-prod` and production.

Started as `gunicorn -c portal/gunicorn_conf.py portal.wsgi`.

Workers: by default two per core plus one (5 on this 2-core machine), each with two threads, so
that a request waiting on the database does not hold up the core. WEB_CONCURRENCY and WEB_THREADS
override that. The access log leaves out query strings, referrers and user agents: the
eligibility guide keeps a reader's answers in its query string, and searches can be personal.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", 2))
# Load Django once and fork: less memory and faster restarts of workers.
preload_app = True
timeout = 30
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak can never grow without bound.
max_requests = 5000
max_requests_jitter = 500
# Only the proxies named here may set X-Forwarded-Proto/For (comma-separated addresses).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Before the first workers are forked, load what every worker would otherwise load on its first
# requests (portal.warmup), and before each fork (a recycled worker's replacement too) rebuild
# what changed since: no worker starts cold (bench/search_tail.py measures it).
# PORTAL_WARM_UP=false leaves it out (to measure the difference, or should it ever misbehave).
if os.environ.get("PORTAL_WARM_UP", "true").strip().lower() not in {"0", "false", "no", "off"}:

    def when_ready(server):
        # Imported here: gunicorn reads this file before Django is set up.
        from portal.warmup import warm_up

        server.log.info("Warmed up in %.2f s", warm_up(requests=True))

    def pre_fork(server, worker):
        import gc

        # Imported here: gunicorn reads this file before Django is set up.
        from portal.warmup import warm_up

        warm_up(requests=False)
        # What the master holds is never collected in the workers: no collection there walks
        # (and so copies) the inherited objects.
        gc.freeze()


def post_worker_init(worker):
    """Scheduled publishing runs by itself: each worker starts a thread that publishes what is
    due every PORTAL_PUBLISH_SCHEDULED_SECONDS; a lock lets one of them work at a time, on
    one machine or several (portal.scheduling)."""
    # Imported here: gunicorn reads this file before Django is set up.
    from portal.scheduling import start_in_background

    start_in_background()


accesslog = "-"
errorlog = "-"
# Address, method, path without query string, status, bytes, milliseconds.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
