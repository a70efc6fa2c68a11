-- docflow's business store lives next to Airflow's metadata DB, in its own database.
CREATE DATABASE docflow;
