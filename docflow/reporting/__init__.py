"""The academic-year reporting cycle and execution control (контроль исполнения).

- ``obligations``: each active site's yearly report obligation as a Deadline row;
- ``schedule``: the dates (call, reminders, deadline, overdue, summary) from the settings;
- ``control``: staff actions (close / extend) and the daily pass (auto-close, reminders,
  overdue notices, escalation, final-report notices);
- ``cycle``: one day of the reporting DAG and of the control DAG;
- ``monitoring``: the annual monitoring summary (XLSX + DOCX with a chart);
- ``letters``: the letters' Russian texts; ``replay``: a year at speed with a controlled clock.
"""
