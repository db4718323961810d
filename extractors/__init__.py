"""Source adapters: one package per site, each behind the :class:`extractors.base.Source` protocol."""
