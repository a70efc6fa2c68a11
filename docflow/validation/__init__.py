"""The completeness check of registered submissions: read the form, validate, tell the school.

Called by the ``docflow_validation`` DAG whenever intake announces new documents. All pending
submissions are read first, then validated as one batch (one Great Expectations context per
academic year present in the batch — normally one), then each gets its outcome and letter.
"""
