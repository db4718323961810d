# The cgtwatch image for the distributed deployment: Airflow 3 plus the locked dependency set and
# the cgtwatch packages installed like any library (DAGs import them; nothing lives in dags/ but wiring).
FROM apache/airflow:3.3.2-python3.11

USER root
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-wqy-microhei chromium \
    && rm -rf /var/lib/apt/lists/*
USER airflow

COPY --chown=airflow:root requirements.lock pyproject.toml README.md /opt/cgtwatch/
RUN pip install --no-cache-dir -r /opt/cgtwatch/requirements.lock
COPY --chown=airflow:root cgtwatch /opt/cgtwatch/cgtwatch
COPY --chown=airflow:root extractors /opt/cgtwatch/extractors
COPY --chown=airflow:root transforms /opt/cgtwatch/transforms
COPY --chown=airflow:root warehouse /opt/cgtwatch/warehouse
COPY --chown=airflow:root expectations /opt/cgtwatch/expectations
COPY --chown=airflow:root dags /opt/airflow/dags
RUN pip install --no-cache-dir --no-deps /opt/cgtwatch
