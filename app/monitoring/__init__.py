"""Monitoring the agreement (issue 20): the indicators the technical table reads every four months.

A use-case part, like ``app/delivery.py``: it joins the statistics (protected counts) and the directory
(its freshness per signatory) and gives the PDF report, the workbook's "Monitoraggio" sheet and the
supervisor's screen the same numbers. ``indicators.py`` defines each indicator once.
"""
