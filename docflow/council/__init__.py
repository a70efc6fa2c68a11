"""The council (муниципальный методический совет): meetings, agenda, votes, decisions, protocol.

Pure logic and store operations; the DAG ``docflow_council`` and ``docflow.airflow.council``
wire them to Airflow. Modules: ``meetings`` (composition, dates, numbers), ``agenda``,
``forms`` (the secretary's forms), ``results`` (checks and storing), ``wording`` (Russian
texts), ``protocol`` (documents), ``letters`` (outbox), ``demo``.
"""
