"""cgtwatch: China cell and gene therapy news and filings, as an evidence-linked DuckDB warehouse."""

__version__ = "0.1.0"
