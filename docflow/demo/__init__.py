"""``make demo``: the whole system on one machine with embedded defaults.

Starts the dev mail server, prepares Airflow's metadata DB and the business store (SQLite files
under one data folder), creates the Airflow connections that point at the dev mail server, loads
the demo settings and school registry, seeds demo letters, and runs ``airflow standalone``.
Ctrl-C stops every process it started; the data folder is kept until ``make demo-reset``.
"""
