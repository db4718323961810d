"""Pure text transforms: cleaning, segmentation, entity tagging, event extraction, dedup.

The public entry point for the pipeline is :class:`transforms.engine.TransformEngine`; the
``cgtwatch extract`` command uses :func:`transforms.extract_cli.run_extract`.
"""
