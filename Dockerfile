# docflow on the official Airflow image: the pinned requirements and the package.
FROM apache/airflow:3.3.2-python3.11

USER root
# LibreOffice for PDF copies of orders; fonts metric-compatible with Times New Roman and Calibri.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libreoffice-writer-nogui fonts-liberation fonts-crosextra-carlito \
 && apt-get clean && rm -rf /var/lib/apt/lists/*
USER airflow

COPY --chown=airflow:root requirements.txt constraints.txt pyproject.toml README.md /opt/docflow/
COPY --chown=airflow:root docflow /opt/docflow/docflow
RUN pip install --no-cache-dir -r /opt/docflow/requirements.txt -c /opt/docflow/constraints.txt \
 && pip install --no-cache-dir --no-deps -e /opt/docflow

COPY --chown=airflow:root dags /opt/airflow/dags
COPY --chown=airflow:root plugins /opt/airflow/plugins
COPY --chown=airflow:root include /opt/docflow/include
ENV DOCFLOW_SETTINGS=/opt/docflow/config/committee.yaml \
    DOCFLOW_DATA_DIR=/opt/docflow/data \
    GX_ANALYTICS_ENABLED=False
