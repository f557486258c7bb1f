"""Work that can wait until a batch of saves is done: one pass at the end instead of one per save.

The content-pack loader saves hundreds of objects, many of them several times (a draft, its
revision, its publication, its translation source). Keeping the search index in step at every
save indexed the same page up to five times. Inside `batch()`, code that would do such work at
once hands it to `later(key, item, run)` instead: the items given under one key are gathered (in
order, without repeats) and `run(items)` is called once when the batch ends. Work that the
deferred work itself defers (search documents saved while they are rebuilt, which the index then
takes in) is gathered again and run after it, until nothing is left.

Nothing runs when the batch ends with an exception: the transaction around it is rolled back.
Batches do not nest: an inner `batch()` leaves its work to the outer one.

Wagtail's reference index (what links to what, for the admin's usage counts) is batched here
too: its own receiver is switched off in a batch, and each saved object's references are
recorded once when the batch ends. Deletions are handled at once, as Wagtail does.
"""

from collections.abc import Callable, Hashable
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

# key -> (run, the items gathered for it, as dict keys to keep their order without repeats)
_Pending = dict[Hashable, tuple[Callable[[list], None], dict]]
_pending: ContextVar[_Pending | None] = ContextVar("portal_deferred_work", default=None)

MAX_ROUNDS = 10  # deferred work that keeps deferring more is a bug, not a workload


def active() -> bool:
    """Whether a batch is open: callers then hand their work to `later`."""
    return _pending.get() is not None


def later(key: Hashable, item: Hashable, run: Callable[[list], None]) -> None:
    """Run `run(items)` once when the batch ends, with every item given under this key; with
    this item alone and at once when no batch is open."""
    pending = _pending.get()
    if pending is None:
        run([item])
        return
    _run, items = pending.setdefault(key, (run, {}))
    items[item] = None


@contextmanager
def batch():
    """Gather deferred work while the block runs; do it once when the block ends normally."""
    if active():
        yield
        return
    pending: _Pending = {}
    token = _pending.set(pending)
    try:
        with disable_reference_index_auto_update():
            yield
            _run_all(pending)
    finally:
        _pending.reset(token)


def _run_all(pending: _Pending) -> None:
    for _round in range(MAX_ROUNDS):
        if not pending:
            return
        work = list(pending.values())
        pending.clear()
        for run, items in work:
            run(list(items))
    raise RuntimeError(f"Deferred work was still deferring more after {MAX_ROUNDS} rounds")


# Wagtail's reference index ------------------------------------------------------------------


def _references_saved(sender, instance, raw=False, **kwargs):
    if raw or not active() or sender not in ReferenceIndex.tracked_models:
        return
    meta = instance._meta
    later("reference index", (meta.app_label, meta.model_name, str(instance.pk)), _record)


def _record(objects: list[tuple[str, str, str]]) -> None:
    for app_label, model_name, pk in objects:
        try:
            # Wagtail's own task: a child object (an inline) records its parent's references.
            update_reference_index_task.call(app_label, model_name, pk)
        except ObjectDoesNotExist:
            continue  # deleted later in the batch; its rows went then


def _references_deleted(sender, instance, **kwargs):
    if not active() or sender not in ReferenceIndex.tracked_models:
        return
    with transaction.atomic():
        ReferenceIndex.remove_for_object(instance)
        ReferenceIndex.remove_references_to(instance)


def connect() -> None:
    """Called once, by portal's AppConfig.ready."""
    post_save.connect(_references_saved, dispatch_uid="portal.deferred.references_saved")
    post_delete.connect(_references_deleted, dispatch_uid="portal.deferred.references_deleted")
