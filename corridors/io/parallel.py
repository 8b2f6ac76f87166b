"""Work spread over this machine's cores: a list cut into chunks, each chunk handed to one of
``jobs`` processes, the results joined in the list's order.

Example::

    readings = run(functools.partial(read_chunk, routes), chunks(sources, 2), jobs=2)
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor

from corridors import settings


def chunks(items: Sequence, jobs: int) -> list[list]:
    """Enough chunks to keep every worker busy to the end, few enough to keep the overhead low."""
    size = max(1, min(settings.EXTRACT_CHUNK_MAX, len(items) // (jobs * 4) or 1))
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def run(
    work: Callable[[list], list], parts: list[list], jobs: int, advance: Callable[[int], object] | None = None
) -> list:
    """``work(part)`` for every part in ``jobs`` processes, results joined in order; ``advance(n)``
    (when given) after each part of ``n`` items. Processes are forked where the platform allows, so they inherit
    what the caller built before (an extractor, a gazetteer); ``work`` must pickle."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    results: list = []
    with ProcessPoolExecutor(jobs, mp_context=context) as pool:
        for part, future in [(p, pool.submit(work, p)) for p in parts]:
            results.extend(future.result())
            if advance:
                advance(len(part))
    return results
