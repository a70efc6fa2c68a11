from docflow.airflow.plugin import DocflowPlugin  # noqa: F401
