"""The council (муниципальный методический совет): meetings, agenda, votes, decisions, protocol.

Pure logic and store operations; the DAG ``docflow_council`` and ``docflow.airflow.council``
wire them to Airflow. Modules: ``meetings`` (composition from settings, which meeting a run
prepares, protocol numbers), ``agenda`` (drawing up, the secretary's edits), ``forms`` (the
secretary's two forms and reading the answers), ``results`` (the rules, refusals, storing),
``wording`` (Russian texts), ``protocol`` (agenda, protocol and extracts as documents),
``letters`` (outbox), ``steps`` (one transaction per workflow step), ``demo``.
"""
