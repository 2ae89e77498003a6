"""Extraction on more cores or more machines: a Dask client for ``pipeline.ingest(executor=...)``.

Extraction (the spaCy parse and the extractors) is nearly all of the cost of adding an article
and needs nothing but the article, so it is what goes out to workers. Reading, deduplication,
story linking and the store stay in the one process that owns the store, in input order, so the
result does not depend on how many workers there were.

- ``workers=N``: a local cluster of N worker processes (one thread each: spaCy holds the GIL).
- ``scheduler="tcp://host:8786"``: an existing cluster (``dask scheduler`` on one machine,
  ``dask worker tcp://host:8786`` on each of the others, every worker with storyline installed
  at the same version).
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from storyline.errors import ConfigError


@contextmanager
def dask_executor(workers: int | None = None, scheduler: str | None = None,
                  *, processes: bool = True) -> Iterator[Any]:
    """A ``distributed.Client`` for ``workers`` local processes or the cluster at ``scheduler``.

    ``processes=False`` runs the local workers as threads of this process (tests).
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ConfigError("parallel extraction needs Dask: pip install 'storyline[cluster]'") from None
    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
        try:
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(n_workers=workers or 1, threads_per_worker=1, processes=processes,
                           dashboard_address=None, silence_logs=40)
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()
