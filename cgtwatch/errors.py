"""Error taxonomy: each class tells the orchestrator what to do with the failure."""

from __future__ import annotations


class EtlError(Exception):
    """Base of every error cgtwatch raises on purpose."""


class ConfigError(EtlError):
    """The configuration is invalid or unsafe; fix it before running again."""


class SourceError(EtlError):
    """A source could not be fetched; the run records it per source and goes on with the others."""

    status = "failed"


class TransientSourceError(SourceError):
    """A 429, 5xx or timeout that outlived the HTTP layer's retries; a later run may succeed."""


class PermanentSourceError(SourceError):
    """A 4xx other than 429, or a layout that no longer matches: retrying will not help."""


class BlockedByChallengeError(SourceError):
    """The site answered with an anti-bot challenge instead of data; never reported as 'no new data'."""

    status = "blocked"


class ResponseTooLargeError(PermanentSourceError):
    """A response exceeded the configured size limit."""


class ParseError(EtlError):
    """One raw document could not be parsed; it is quarantined with this reason and the run goes on."""


class IncompleteDocumentError(ParseError):
    """Part of a document (an attachment) could not be fetched; the next run fetches it again.

    The document is quarantined rather than loaded truncated, and its source's covered window does
    not advance.
    """


class WarehouseError(EtlError):
    """The warehouse cannot be opened or written (locked by another writer, bad migration state)."""


class WarehouseMissingError(WarehouseError):
    """No warehouse file exists yet: nothing has been loaded, so there is nothing to read."""


class WarehouseBusyError(WarehouseError):
    """Another process holds the warehouse file past the wait limit; trying again later will work."""


class WarehouseCorruptedError(WarehouseError):
    """The warehouse file is not a readable DuckDB database; retrying cannot help, restoring it can."""


class RunFailedError(EtlError):
    """A run finished but at least one source failed; the summary says which and why."""
